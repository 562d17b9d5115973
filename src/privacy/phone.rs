//! Phone numbers: a run of digits and the separators people type in them (spaces,
//! hyphens, dots, brackets, a leading +) holding 10 to 13 digits, in groups of at most
//! eight, or a local "555-1234". Not an ISBN, not a number grouped in thousands.

use std::sync::LazyLock;

use regex::Regex;

static RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\+?\(?\d[\d \-.()]*\d").expect("a rule's pattern is valid"));
static LOCAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d\-])\d{3}-\d{4}(?:$|[^\d\-])").expect("a rule's pattern is valid")
});
static THOUSANDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,3}(?:[ .]\d{3})+$").expect("a rule's pattern is valid"));

pub(super) fn found(text: &str) -> bool {
    LOCAL.is_match(text)
        || RUN
            .find_iter(text)
            .any(|run| is_phone(text, run.start(), run.as_str()))
}

fn is_phone(text: &str, start: usize, run: &str) -> bool {
    let digits = run.chars().filter(char::is_ascii_digit).count();
    let longest_group = run
        .split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0);
    let isbn = text[..start]
        .to_lowercase()
        .trim_end()
        .trim_end_matches(':')
        .ends_with("isbn");
    (10..=13).contains(&digits)
        && (longest_group <= 8 || digits == longest_group)
        && !THOUSANDS.is_match(run.trim())
        && !isbn
}

#[cfg(test)]
mod tests {
    use super::found;

    #[test]
    fn phone_numbers_in_several_formats_are_found() {
        for text in [
            "call 07700 900123",          // United Kingdom, mobile
            "ring 020 7946 0018 tonight", // United Kingdom, London
            "+44 7700 900123",
            "(555) 123-4567", // United States
            "555-123-4567",
            "555.123.4567",
            "my number is 555-1234", // United States, local
            "06 12 34 56 78",        // France
            "+33 6 12 34 56 78",
            "030 12345678", // Germany
            "0412 345 678", // Australia
            "07700900123",
        ] {
            assert!(found(text), "{text}");
        }
    }

    #[test]
    fn dates_years_prices_sums_and_book_numbers_are_not_phones() {
        for text in [
            "On 12/03/2024 we went to the museum",
            "2024-03-12",
            "from 1914 to 1918, and 1939-1945",
            "It cost $1,299.99 or £12.50",
            "a 3-4-5 triangle, and 6-8-10",
            "ISBN 978-0-306-40615-7",
            "ISBN: 0-306-40615-2",
            "about 1 000 000 000 stars",
            "7.5 billion people, 8,100,000,000 soon",
            "Page 12, lines 3-14",
            "The score was 21-17",
        ] {
            assert!(!found(text), "{text}");
        }
    }
}
