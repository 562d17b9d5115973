//! Search words: read from what a reader typed, in a form each backend's full-text
//! search takes without any of the reader's text being query syntax.

/// Words searched for at most; more would only slow the query.
const MAX_WORDS: usize = 8;
/// Longest word kept.
const MAX_WORD: usize = 40;

/// The words of a search, lower-cased, letters and digits only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchTerms(Vec<String>);

impl SearchTerms {
    /// The words of `query`; `None` when it has none.
    pub fn parse(query: &str) -> Option<SearchTerms> {
        let mut words: Vec<String> = Vec::new();
        for word in query.split(|c: char| !c.is_alphanumeric()) {
            let word: String = word.to_lowercase().chars().take(MAX_WORD).collect();
            if !word.is_empty() && !words.contains(&word) && words.len() < MAX_WORDS {
                words.push(word);
            }
        }
        (!words.is_empty()).then_some(SearchTerms(words))
    }

    /// For FTS5: each word quoted, so none is an operator (`"lava" "flow"` means both).
    pub fn fts5_query(&self) -> String {
        self.0
            .iter()
            .map(|w| format!("\"{w}\""))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// For Postgres's plainto_tsquery, which ANDs plain words.
    pub fn words_query(&self) -> String {
        self.0.join(" ")
    }

    /// The words.
    pub fn words(&self) -> &[String] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_and_quotes_become_plain_words() {
        let terms =
            SearchTerms::parse("Lava OR \"flow\" NEAR(x) -- ; drop").unwrap_or(SearchTerms(vec![]));
        assert_eq!(
            terms.fts5_query(),
            "\"lava\" \"or\" \"flow\" \"near\" \"x\" \"drop\""
        );
        assert_eq!(terms.words_query(), "lava or flow near x drop");
    }

    #[test]
    fn an_empty_or_symbol_only_query_has_no_terms() {
        assert_eq!(SearchTerms::parse("  *** \"\" "), None);
    }

    #[test]
    fn accented_words_are_kept() {
        let terms = SearchTerms::parse("Volcán Ätna").unwrap_or(SearchTerms(vec![]));
        assert_eq!(terms.words(), ["volcán", "ätna"]);
    }
}
