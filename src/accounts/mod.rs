//! Accounts: who may use quire and as what. The input types here validate on
//! construction, so a handler that holds a `Username` knows it is well formed.

use std::fmt;

use crate::db::Timestamp;
use crate::text;

mod password;
mod username;

pub use password::{NewPassword, PASSWORD_MAX, PASSWORD_MIN};
pub use username::{Username, sign_in_name};

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

const DISPLAY_NAME_MAX: usize = 80;
const BIO_MAX: usize = 1_000;

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
    fn display_names_fold_white_space_and_refuse_empty_ones() {
        assert_eq!(
            DisplayName::parse("  Ana \n López ").map(|n| n.0),
            Ok("Ana López".into())
        );
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"a".repeat(81)).is_err());
    }
}
