//! What a teacher does to ticked students, and the names of groups.

use crate::text;

/// Longest group name: "Period 5 (2026–27)" fits many times over.
const GROUP_NAME_MAX: usize = 60;

/// An action on the students ticked on Class (or one student's own button).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BulkAction {
    /// New generated passwords, on a sheet; old ones stop working.
    NewPasswords,
    /// Switch accounts off: they cannot sign in, their work stays.
    Deactivate,
    /// Let switched-off accounts sign in again.
    Reactivate,
    /// Stop them commenting; they still read and write.
    PauseCommenting,
    /// Let them comment again.
    AllowCommenting,
    /// Put them in one group (or none).
    MoveToGroup,
    /// Remove the accounts for good.
    Remove,
}

/// Every action, with its name in forms.
const ACTIONS: [(BulkAction, &str); 7] = [
    (BulkAction::NewPasswords, "passwords"),
    (BulkAction::Deactivate, "deactivate"),
    (BulkAction::Reactivate, "reactivate"),
    (BulkAction::PauseCommenting, "pause"),
    (BulkAction::AllowCommenting, "allow"),
    (BulkAction::MoveToGroup, "move"),
    (BulkAction::Remove, "remove"),
];

impl BulkAction {
    /// Reads an action's name from a form.
    pub fn parse(value: &str) -> Option<BulkAction> {
        ACTIONS
            .iter()
            .find(|(_, name)| *name == value)
            .map(|(action, _)| *action)
    }

    /// Its name in forms, read back by [`BulkAction::parse`].
    pub fn as_str(self) -> &'static str {
        ACTIONS
            .iter()
            .find(|(action, _)| *action == self)
            .map_or("", |(_, name)| name)
    }

    /// Whether the teacher confirms it on a page of its own first: anything that takes
    /// something away (a password, sign-in, commenting, the account).
    pub fn needs_confirmation(self) -> bool {
        matches!(
            self,
            BulkAction::NewPasswords
                | BulkAction::Deactivate
                | BulkAction::PauseCommenting
                | BulkAction::Remove
        )
    }

    /// Whether it may touch a teacher's account (only passwords and sign-in do).
    pub fn applies_to_teachers(self) -> bool {
        matches!(
            self,
            BulkAction::NewPasswords | BulkAction::Deactivate | BulkAction::Reactivate
        )
    }

    /// The confirmation page's heading and button.
    pub fn label(self) -> &'static str {
        match self {
            BulkAction::NewPasswords => "Make new passwords",
            BulkAction::Deactivate => "Deactivate",
            BulkAction::Reactivate => "Reactivate",
            BulkAction::PauseCommenting => "Pause commenting",
            BulkAction::AllowCommenting => "Allow commenting",
            BulkAction::MoveToGroup => "Move to group",
            BulkAction::Remove => "Remove",
        }
    }

    /// What the confirmation page says will happen.
    pub fn consequence(self) -> &'static str {
        match self {
            BulkAction::NewPasswords => {
                "Their old passwords stop working and they are signed out. You get a sheet to print with the new ones."
            }
            BulkAction::Deactivate => {
                "They cannot sign in until you reactivate them. Their posts and comments stay."
            }
            BulkAction::Reactivate => "They can sign in again.",
            BulkAction::PauseCommenting => {
                "They cannot comment until you allow it again. They can still read and write posts."
            }
            BulkAction::AllowCommenting => "They can comment again.",
            BulkAction::MoveToGroup => "They move to the group you chose.",
            BulkAction::Remove => {
                "Their accounts are removed for good: they can never sign in again. Choose what happens to their work."
            }
        }
    }
}

/// What happens to a removed student's work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Removal {
    /// Their posts, comments and pictures are deleted.
    DeleteWork,
    /// Their posts and comments stay, shown as by "Former student".
    KeepAsFormerStudent,
}

impl Removal {
    /// Reads the teacher's choice (`delete` or `keep`).
    pub fn parse(value: &str) -> Option<Removal> {
        match value {
            "delete" => Some(Removal::DeleteWork),
            "keep" => Some(Removal::KeepAsFormerStudent),
            _ => None,
        }
    }
}

/// A group's name: 1–60 characters, the rules of a person's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupName(String);

impl GroupName {
    /// Trims and checks a group's name.
    pub fn parse(input: &str) -> Result<GroupName, &'static str> {
        text::name(input)?;
        let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err("Enter a name for the group.");
        }
        if name.chars().count() > GROUP_NAME_MAX {
            return Err("A group's name can be at most 60 characters long.");
        }
        Ok(GroupName(name))
    }

    /// The name as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_reads_back_its_own_name() {
        for (action, name) in ACTIONS {
            assert_eq!(BulkAction::parse(name), Some(action));
            assert_eq!(action.as_str(), name);
        }
        assert_eq!(BulkAction::parse("delete-everything"), None);
    }

    #[test]
    fn only_what_takes_something_away_is_confirmed() {
        assert!(BulkAction::Remove.needs_confirmation());
        assert!(BulkAction::NewPasswords.needs_confirmation());
        assert!(!BulkAction::Reactivate.needs_confirmation());
        assert!(!BulkAction::MoveToGroup.needs_confirmation());
    }

    #[test]
    fn group_names_are_trimmed_and_bounded() {
        assert_eq!(
            GroupName::parse("  Period   5 ").map(|g| g.0),
            Ok("Period 5".into())
        );
        assert!(GroupName::parse(" ").is_err());
        assert!(GroupName::parse(&"g".repeat(61)).is_err());
    }
}
