//! Word count and reading time, shown under the Body while writing.

/// Words a reader of the class's age reads in a minute, about.
pub const WORDS_PER_MINUTE: usize = 200;

/// The words of a Markdown body: what is left once the markup is taken away, counted by
/// whitespace. Cheap enough to run on every page: no rendering, a pass over the text.
pub fn words(markdown: &str) -> usize {
    markdown
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .filter(|word| !word.starts_with("](") && !word.starts_with("http"))
        .count()
}

/// "Less than a minute to read", "About 3 minutes to read".
pub fn reading_time(words: usize) -> String {
    match words.div_ceil(WORDS_PER_MINUTE) {
        0 | 1 => "less than a minute to read".to_owned(),
        minutes => format!("about {minutes} minutes to read"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_addresses_are_not_words() {
        assert_eq!(
            words("# Volcanoes\n\nLava is **hot** - see https://example.org"),
            5
        );
        assert_eq!(words(""), 0);
    }

    #[test]
    fn reading_time_rounds_up_to_minutes() {
        assert_eq!(reading_time(0), "less than a minute to read");
        assert_eq!(reading_time(200), "less than a minute to read");
        assert_eq!(reading_time(201), "about 2 minutes to read");
    }
}
