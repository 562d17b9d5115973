//! Where someone lives or goes to school, in their own words: "I live in Leeds",
//! "my school is Oakfield", "I go to Hillside Primary School", "my address is".
//! The place must be a name (capitalised) or a number, so "I live in a flat" passes.

use std::sync::LazyLock;

use regex::Regex;

static PHRASES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i:\bi\s+live\s+(?:in|on|at|near)|\bmy\s+school\s+is(?:\s+called)?|\bmy\s+town\s+is)\s+(?:[A-Z][a-z]|\d)",
        r"|(?i:\bi\s+(?:go\s+to|attend|am\s+at|'m\s+at))\s+(?:[A-Z][\w'\-]*\s+){1,4}(?i:school|academy|primary|college|high)\b",
        r"|(?i:\bmy\s+(?:home\s+)?address\s+is|\bmy\s+(?:surname|last\s+name)\s+is)\b",
    ))
    .expect("a rule's pattern is valid")
});

pub(super) fn found(text: &str) -> bool {
    PHRASES.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::found;

    #[test]
    fn where_someone_lives_or_studies_is_found() {
        for text in [
            "I live in Leeds",
            "i live in Springfield with my mum",
            "I live on Baker Street",
            "I live at 4 the lane",
            "My school is Oakfield",
            "my school is called St Mary's",
            "I go to Hillside Primary School",
            "I attend Lincoln High",
            "My address is secret",
            "my last name is López",
        ] {
            assert!(found(text), "{text}");
        }
    }

    #[test]
    fn ordinary_sentences_about_living_and_school_pass() {
        for text in [
            "I live in a flat with two cats",
            "Volcanoes live in my dreams",
            "I go to school by bus",
            "I go to the park after school",
            "my school is great",
            "Animals that live in Africa",
            "I like my school",
        ] {
            assert!(!found(text), "{text}");
        }
    }
}
