//! Street addresses: a house number, one to three capitalised words and a street word
//! ("12 Oak Street", "Flat 3, 5 Mill Rd", "221b Baker St."). The name must be
//! capitalised, so "3 pies on the way" and "Page 12 Street Art" pass. A postcode alone
//! counts too (see `postcode`).

use std::sync::LazyLock;

use regex::Regex;

static STREET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b\d{1,5}[A-Za-z]?,?\s+((?:[A-Z][a-z']+\s+){1,3})(?i:street|st|road|rd|avenue|ave|lane|ln|drive|dr|close|way|court|crescent|boulevard|blvd|terrace|grove|place|gardens)\b",
    )
    .expect("a rule's pattern is valid")
});

pub(super) fn found(text: &str) -> bool {
    super::postcode::found(text) || street_found(text)
}

fn street_found(text: &str) -> bool {
    STREET.captures_iter(text).any(|found| {
        found
            .get(1)
            .is_some_and(|name| !name.as_str().starts_with("The "))
    })
}

#[cfg(test)]
mod tests {
    use super::found;

    #[test]
    fn street_addresses_are_found() {
        for text in [
            "I live at 12 Oak Street",
            "Flat 3, 5 Mill Rd",
            "come to 221b Baker St.",
            "4 Church Lane, Leeds",
            "1600 Pennsylvania Avenue",
            "17 Sunny Hill Close",
        ] {
            assert!(found(text), "{text}");
        }
    }

    #[test]
    fn numbers_before_ordinary_words_are_not_addresses() {
        for text in [
            "Page 12 Street Art",
            "I ate 3 pies on the way home",
            "Chapter 3 The Long Way",
            "We scored 5 goals in the Road Race",
            "In 1666 London burned",
            "on 12 March we read Street Child",
        ] {
            assert!(!found(text), "{text}");
        }
    }
}
