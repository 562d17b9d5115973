//! Accounts: who may use quire and as what. The input types here validate on
//! construction, so a handler that holds a `Username` knows it is well formed.

use std::fmt;

use rand::Rng;
use rand::seq::IndexedRandom;

use crate::db::Timestamp;
use crate::text;

/// Someone with an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// Database id.
    pub id: i64,
    /// Sign-in name, lower case.
    pub username: String,
    /// Name shown to the class.
    pub display_name: String,
    /// What they may do.
    pub role: Role,
    /// False once a teacher has deactivated the account.
    pub active: bool,
    /// A few lines about them, for their author page.
    pub bio: String,
    /// False once a teacher has stopped them from commenting.
    pub can_comment: bool,
    /// When the account was made.
    pub created_at: Timestamp,
}

impl User {
    /// Teachers (and co-teachers) run the class.
    pub fn is_teacher(&self) -> bool {
        self.role == Role::Teacher
    }
}

/// What an account may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Runs the class: manages accounts, moderates, changes settings.
    Teacher,
    /// Writes posts and comments.
    Student,
}

impl Role {
    /// The value stored in `users.role`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Teacher => "teacher",
            Role::Student => "student",
        }
    }

    /// Reads a stored role; anything unknown is treated as the least powerful.
    pub fn from_stored(value: &str) -> Role {
        if value == "teacher" {
            Role::Teacher
        } else {
            Role::Student
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Teacher => "Teacher",
            Role::Student => "Student",
        })
    }
}

const USERNAME_MAX: usize = 32;
/// Words that belong to the surname after them: "Van der Berg" is one name, `vanderberg`.
const SURNAME_PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "das", "dos", "du", "la", "le",
    "ten", "ter", "zu",
];
const DISPLAY_NAME_MAX: usize = 80;
const BIO_MAX: usize = 1_000;
/// Long enough to resist guessing behind throttling; short enough for a child to type.
pub const PASSWORD_MIN: usize = 8;
/// Argon2 accepts more, but nobody types more; this bounds the hashing work.
pub const PASSWORD_MAX: usize = 200;

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

/// The name shown beside a person's posts and comments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    /// Trims and checks a name: 1–80 characters, no control characters, no marks that
    /// turn text backwards.
    pub fn parse(input: &str) -> Result<DisplayName, &'static str> {
        text::name(input)?;
        let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err("Enter a name.");
        }
        if name.chars().count() > DISPLAY_NAME_MAX {
            return Err("A name can be at most 80 characters long.");
        }
        Ok(DisplayName(name))
    }

    /// The name as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A short text about the author, shown on their page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bio(String);

impl Bio {
    /// Trims and checks a bio: at most 1,000 characters.
    pub fn parse(input: &str) -> Result<Bio, &'static str> {
        text::plain(input)?;
        let bio = input.trim().replace("\r\n", "\n");
        if bio.chars().count() > BIO_MAX {
            return Err("A bio can be at most 1,000 characters long.");
        }
        Ok(Bio(bio))
    }

    /// The bio as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password someone chose; never logged, never shown.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    /// Checks a chosen password against its confirmation and the length rules.
    pub fn parse(password: &str, confirmation: &str) -> Result<NewPassword, &'static str> {
        let length = password.chars().count();
        if length < PASSWORD_MIN {
            return Err("Choose a password of at least 8 characters.");
        }
        if length > PASSWORD_MAX {
            return Err("A password can be at most 200 characters long.");
        }
        if password != confirmation {
            return Err("The two passwords are not the same.");
        }
        Ok(NewPassword(password.to_owned()))
    }

    /// Makes a password that a child can read off a sheet and type: `maple-otter-42`.
    pub fn generate() -> NewPassword {
        let mut rng = rand::rng();
        let first = WORDS.choose(&mut rng).unwrap_or(&"maple");
        let second = WORDS.choose(&mut rng).unwrap_or(&"otter");
        let third = WORDS.choose(&mut rng).unwrap_or(&"cloud");
        let number: u16 = rng.random_range(10..100);
        NewPassword(format!("{first}-{second}-{third}-{number}"))
    }

    /// The password itself, for hashing or for showing once on a credentials sheet.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(<redacted>)")
    }
}

/// Easy words for generated passwords: 128 words, three of them and a number make
/// about 28 bits, far beyond what sign-in throttling lets anyone guess.
const WORDS: &[&str] = &[
    "acorn", "amber", "anchor", "apple", "arrow", "aspen", "badger", "bamboo", "basil", "beach",
    "beacon", "berry", "birch", "bison", "blossom", "breeze", "brook", "bubble", "butter", "cabin",
    "cactus", "canoe", "canyon", "carrot", "castle", "cedar", "cherry", "cliff", "clover", "cloud",
    "cobalt", "comet", "coral", "cotton", "cricket", "daisy", "delta", "desert", "dolphin",
    "dragon", "eagle", "ember", "falcon", "fern", "fiddle", "finch", "forest", "fossil", "fox",
    "galaxy", "garden", "ginger", "glacier", "granite", "grape", "harbor", "hazel", "heron",
    "honey", "island", "ivy", "jasmine", "jelly", "jungle", "kettle", "kiwi", "koala", "lagoon",
    "lantern", "lemon", "lilac", "lizard", "lotus", "magnet", "mango", "maple", "marble", "meadow",
    "melon", "meteor", "mint", "moss", "nectar", "nest", "noodle", "oak", "ocean", "olive",
    "orbit", "otter", "owl", "panda", "pebble", "pepper", "pickle", "pine", "planet", "plum",
    "pond", "puffin", "quartz", "rabbit", "rain", "raven", "reef", "river", "robin", "rocket",
    "saddle", "salmon", "sequoia", "shell", "sparrow", "spruce", "star", "summit", "sunset",
    "thistle", "tiger", "tulip", "turtle", "valley", "walnut", "willow", "wombat", "yarrow",
    "zebra", "zinnia",
];

/// An account for unit tests of the rules that depend on who is asking.
#[cfg(test)]
pub(crate) fn test_user(id: i64, role: Role) -> User {
    User {
        id,
        username: format!("user{id}"),
        display_name: format!("User {id}"),
        role,
        active: true,
        bio: String::new(),
        can_comment: true,
        created_at: Timestamp::now(),
    }
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

    #[test]
    fn display_names_fold_white_space_and_refuse_empty_ones() {
        assert_eq!(
            DisplayName::parse("  Ana \n López ").map(|n| n.0),
            Ok("Ana López".into())
        );
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"a".repeat(81)).is_err());
    }

    #[test]
    fn new_passwords_need_length_and_a_matching_confirmation() {
        assert!(NewPassword::parse("short", "short").is_err());
        assert!(NewPassword::parse("long enough", "long enougH").is_err());
        assert!(NewPassword::parse("long enough", "long enough").is_ok());
        assert!(NewPassword::parse(&"p".repeat(201), &"p".repeat(201)).is_err());
    }

    #[test]
    fn generated_passwords_are_valid_and_differ() {
        let a = NewPassword::generate();
        let b = NewPassword::generate();
        assert!(NewPassword::parse(a.expose(), a.expose()).is_ok());
        assert_ne!(a.expose(), b.expose());
    }

    #[test]
    fn passwords_are_redacted_in_debug_output() {
        let p = NewPassword::generate();
        assert!(!format!("{p:?}").contains(p.expose()));
    }
}
