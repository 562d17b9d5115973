//! Passwords people choose, and the ones quire makes for a class sheet.

use std::fmt;

use rand::Rng;
use rand::seq::IndexedRandom;

/// Long enough to resist guessing behind throttling; short enough for a child to type.
pub const PASSWORD_MIN: usize = 8;
/// Argon2 accepts more, but nobody types more; this bounds the hashing work.
pub const PASSWORD_MAX: usize = 200;

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

#[cfg(test)]
mod tests {
    use super::*;

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
