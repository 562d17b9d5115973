//! Postcodes, the part of an address that pins a home to a few dozen doors: British
//! ("SW1A 1AA"), American ZIP+4 ("12345-6789", or a ZIP after a state, "Austin, TX
//! 78701"), Dutch ("1234 AB", but not "1066 AD" or "1024 MB") and German or French five
//! digits before a town ("10115 Berlin"). British codes must be written in capitals, so
//! "y6 2nd" passes.

use std::sync::LazyLock;

use regex::Regex;

static BRITISH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}\b")
        .expect("a rule's pattern is valid")
});
static ZIP_PLUS_FOUR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d\-])\d{5}-\d{4}(?:$|[^\d\-])").expect("a rule's pattern is valid")
});
static STATE_AND_ZIP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r",\s*(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY])\s+\d{5}\b",
    )
    .expect("a rule's pattern is valid")
});
static DUTCH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d.,])[1-9]\d{3} ?([A-Z]{2})\b").expect("a rule's pattern is valid")
});
/// Capital pairs that follow a four-digit number in ordinary writing: eras, times,
/// sizes; SA, SD and SS are never used in Dutch postcodes.
const NOT_DUTCH: &[&str] = &[
    "AD", "BC", "CE", "AM", "PM", "KB", "MB", "GB", "TB", "OK", "TV", "PC", "UK", "US", "SA", "SD",
    "SS",
];
static FIVE_DIGITS_AND_TOWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d.,\-])(?:D-)?\d{5} [A-ZÄÖÜÉ][a-zäöüßéèêàç]+")
        .expect("a rule's pattern is valid")
});

pub(super) fn found(text: &str) -> bool {
    BRITISH.is_match(text)
        || ZIP_PLUS_FOUR.is_match(text)
        || STATE_AND_ZIP.is_match(text)
        || FIVE_DIGITS_AND_TOWN.is_match(text)
        || DUTCH
            .captures_iter(text)
            .any(|found| !NOT_DUTCH.contains(&&found[1]))
}

#[cfg(test)]
mod tests {
    use super::found;

    #[test]
    fn postcodes_are_found() {
        for text in [
            "we live near SW1A 1AA",
            "post it to M1 1AE please",
            "my postcode is EC1A1BB",
            "Oak Street, Leeds LS6 2QB",
            "apt 4, 500 Elm Way, 12345-6789",
            "Austin, TX 78701",
            "Springfield, IL 62704-1234",
            "mijn postcode is 1234 AB",
            "Kerkstraat 1, 1017 GC Amsterdam",
            "1234AB",
            "wir wohnen in 10115 Berlin",
            "Hauptstraße 5, 80331 München",
            "D-01067 Dresden",
            "75001 Paris",
        ] {
            assert!(found(text), "{text}");
        }
    }

    #[test]
    fn years_pages_and_scores_are_not_postcodes() {
        for text in [
            "In 1066 AD the Normans came",
            "Rome was founded in 753 BC and fell in 1453 CE",
            "the film starts at 1930 PM",
            "my tablet has 1024 MB free",
            "In 2019 we went to Spain",
            "read page 12345 of the big book",
            "we won 12-3 and scored 10000 points",
            "Year 6 came 2nd in the Y6 2nd round",
            "there were 12,000 People at the match",
            "the score was 21-14, 21-18",
            "I got 95% on my test, TX was hard",
            "Chapter 12 Part 3",
            "my phone number is secret",
        ] {
            assert!(!found(text), "{text}");
        }
    }
}
