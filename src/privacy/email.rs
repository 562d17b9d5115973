//! Email addresses, typed (`ana@example.org`) or spelled out to slip past a filter
//! ("ana at school dot org", "ana [at] gmail [dot] com", "ana at gmail.com").

use std::sync::LazyLock;

use regex::Regex;

static TYPED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\w.+\-]+\s*@\s*[\w\-]+(?:\.[\w\-]+)+").expect("a rule's pattern is valid")
});
static SPELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b[\w.+\-]+\s*[(\[{]?\s*at\s*[)\]}]?\s*[\w\-]+\s*(?:[(\[{]?\s*dot\s*[)\]}]?\s*|\.)(?:com|org|net|edu|gov|co|uk|io|me|us|ca|au|nz|ie|de|fr|es|info)\b",
    )
    .expect("a rule's pattern is valid")
});

pub(super) fn found(text: &str) -> bool {
    TYPED.is_match(text) || SPELLED.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::found;

    #[test]
    fn typed_and_spelled_addresses_are_found() {
        for text in [
            "write to ana.lopez@example.org",
            "ana @ gmail.com",
            "ana at school dot org",
            "ana AT school DOT org",
            "ana [at] gmail [dot] com",
            "ana(at)gmail(dot)com",
            "ana at gmail.com",
            "ben_99 at hotmail dot co dot uk",
        ] {
            assert!(found(text), "{text}");
        }
    }

    #[test]
    fn ordinary_sentences_with_at_and_dot_are_not_addresses() {
        for text in [
            "Look at the dot on the map",
            "We met at school and ate a dot of jam",
            "at 3pm we had lunch",
            "the cat sat at home. com-pletely tired",
            "Twitter handles like @volcano_fan",
        ] {
            assert!(!found(text), "{text}");
        }
    }
}
