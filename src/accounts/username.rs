//! Sign-in names: the rules a username meets, and the one quire proposes for a name.

use std::fmt;

use crate::text;

const USERNAME_MAX: usize = 32;
/// Words that belong to the surname after them: "Van der Berg" is one name, `vanderberg`.
const SURNAME_PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "das", "dos", "du", "la", "le",
    "ten", "ter", "zu",
];

/// A sign-in name: 2–32 lower-case letters, digits, dots, hyphens or underscores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    /// Checks a typed username, folding it to lower case.
    pub fn parse(input: &str) -> Result<Username, &'static str> {
        let name = input.trim().to_lowercase();
        if name.chars().count() < 2 {
            return Err("Choose a username of at least 2 characters.");
        }
        if name.chars().count() > USERNAME_MAX {
            return Err("A username can be at most 32 characters long.");
        }
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
        if !name.chars().all(allowed) {
            return Err("Use only letters a–z, digits, dots, hyphens and underscores.");
        }
        if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return Err("A username starts with a letter or a digit.");
        }
        Ok(Username(name))
    }

    /// Proposes a username that keeps every part of a person's name, in ASCII:
    /// "Ana María López" becomes `ana.maria.lopez`, "Liam O'Brien" `liam.obrien`,
    /// "Mary-Kate Van der Berg" `marykate.vanderberg` (a surname's particles join it).
    ///
    /// The caller makes it unique by trying [`Username::numbered`] variants.
    pub fn suggest_for(display_name: &str) -> Username {
        let ascii = deunicode::deunicode(display_name).to_lowercase();
        let words: Vec<String> = ascii
            .split_whitespace()
            .map(|word| word.chars().filter(char::is_ascii_alphanumeric).collect())
            .filter(|word: &String| !word.is_empty())
            .collect();
        let mut parts: Vec<String> = Vec::new();
        let mut particles = String::new();
        for (index, word) in words.iter().enumerate() {
            let last = index + 1 == words.len();
            if index > 0 && !last && SURNAME_PARTICLES.contains(&word.as_str()) {
                particles.push_str(word);
            } else {
                parts.push(format!("{particles}{word}"));
                particles.clear();
            }
        }
        let joined = parts.join(".");
        let base = if joined.is_empty() {
            "student".to_owned()
        } else {
            joined
        };
        let trimmed: String = base.chars().take(USERNAME_MAX - 3).collect();
        let trimmed = trimmed.trim_end_matches('.').to_owned();
        let padded = if trimmed.len() < 2 {
            format!("{trimmed}{trimmed}x")
        } else {
            trimmed
        };
        Username(padded)
    }

    /// The same name with a number after it, for the second "ana.lopez" in a class.
    pub fn numbered(&self, n: u32) -> Username {
        Username(format!("{}{n}", self.0))
    }

    /// The username as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A username as typed on the sign-in page, folded to lower case. It is not held to
/// [`Username`]'s rules (a wrong name is just a wrong name), only to the one every
/// typed name meets: no control characters, no marks that turn text backwards.
pub fn sign_in_name(input: &str) -> Result<String, &'static str> {
    text::name(input)?;
    Ok(input.trim().to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_folded_to_lower_case() {
        assert_eq!(
            Username::parse("  Ana.Lopez ").map(|u| u.0),
            Ok("ana.lopez".into())
        );
    }

    #[test]
    fn malformed_usernames_are_refused() {
        for bad in [
            "",
            "a",
            "ana lopez",
            "<script>",
            ".ana",
            "ana'--",
            &"x".repeat(33),
        ] {
            assert!(Username::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn suggested_usernames_keep_every_part_of_the_name_in_ascii() {
        for (name, expected) in [
            ("Ana María López", "ana.maria.lopez"),
            ("Liam O'Brien", "liam.obrien"),
            ("Mary-Kate Van der Berg", "marykate.vanderberg"),
            ("Zoë", "zoe"),
            ("Jean-Luc Picard", "jeanluc.picard"),
            ("Ludwig van Beethoven", "ludwig.vanbeethoven"),
            ("李", "li"),
            ("!!!", "student"),
        ] {
            assert_eq!(Username::suggest_for(name).as_str(), expected, "{name}");
        }
    }

    #[test]
    fn suggested_usernames_always_parse() {
        for name in ["A", "Ω", "Ana María López", "x y", "🦀", "Łukasz Żółw"] {
            let suggested = Username::suggest_for(name);
            assert!(
                Username::parse(suggested.as_str()).is_ok(),
                "{name:?} -> {suggested}"
            );
            assert!(Username::parse(suggested.numbered(12).as_str()).is_ok());
        }
    }
}
