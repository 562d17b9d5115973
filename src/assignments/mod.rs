//! Assignments: the work a teacher sets ("write a post on De-Stalinization by Friday,
//! then comment on two classmates' posts") and the rules of answering it: when an
//! answer is late (`deadline`), how due dates read, what counts as a comment on a
//! classmate's answer, when classmates' answers may be read and the one answer each
//! student gives (`progress`). Answers are ordinary posts linked to the assignment.

mod deadline;
mod gradebook;
mod progress;

pub use deadline::{Lateness, due_wording, effective_due, lateness};
pub use gradebook::{csv_field, csv_line};
pub use progress::{
    AnswerState, CommentProgress, LinkRefusal, answers_visible, check_link, counts_toward,
};

use crate::db::Timestamp;
use crate::text;

/// Longest title accepted.
pub const TITLE_MAX: usize = 150;
/// The most comments on classmates' answers an assignment may ask for.
pub const COMMENTS_REQUIRED_MAX: i64 = 20;

/// An assignment as stored.
#[derive(Clone, Debug)]
pub struct Assignment {
    /// Database id, used in addresses.
    pub id: i64,
    /// As the teacher named it.
    pub title: String,
    /// The Markdown as written.
    pub instructions: String,
    /// Rendered and sanitized when saved, like a post's body.
    pub instructions_html: crate::posts::markdown::SafeHtml,
    /// When answers are due (each student's extension aside).
    pub due_at: Timestamp,
    /// The group it is set for; `None` for every student.
    pub group_id: Option<i64>,
    /// Comments each student should leave on classmates' answers (0 = none).
    pub comments_required: i64,
    /// Whether classmates may read each other's answers before the due date.
    pub answers_visible_before_due: bool,
    /// Closed by the teacher: listed after the open ones, no longer offered on Write.
    pub closed: bool,
}

impl Assignment {
    /// The assignment's page.
    pub fn path(&self) -> String {
        format!("/assignments/{}", self.id)
    }

    /// "one classmate's answer", "2 classmates' answers": what each student should
    /// comment on.
    pub fn comments_asked(&self) -> String {
        match self.comments_required {
            1 => "one classmate's answer".to_owned(),
            n => format!("{n} classmates' answers"),
        }
    }

    /// Whether a student of `group` is asked to answer it.
    pub fn is_set_for(&self, group: Option<i64>) -> bool {
        self.group_id.is_none() || self.group_id == group
    }
}

/// An assignment's title: trimmed, 1–150 characters of plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssignmentTitle(String);

impl AssignmentTitle {
    /// Checks a typed title.
    pub fn parse(input: &str) -> Result<AssignmentTitle, &'static str> {
        text::plain(input)?;
        let title = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            return Err("Give the assignment a title.");
        }
        if title.chars().count() > TITLE_MAX {
            return Err("A title can be at most 150 characters long.");
        }
        Ok(AssignmentTitle(title))
    }

    /// The title as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Reads "how many comments on classmates' answers": a whole number from 0 to 20.
pub fn parse_comments_required(input: &str) -> Result<i64, &'static str> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Ok(0);
    }
    match trimmed.parse::<i64>() {
        Ok(n) if (0..=COMMENTS_REQUIRED_MAX).contains(&n) => Ok(n),
        _ => Err("Enter a whole number from 0 to 20."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_trimmed_and_bounded() {
        assert_eq!(
            AssignmentTitle::parse("  De-Stalinization   essay ").map(|t| t.0),
            Ok("De-Stalinization essay".to_owned())
        );
        assert!(AssignmentTitle::parse("   ").is_err());
        assert!(AssignmentTitle::parse(&"a".repeat(151)).is_err());
        assert!(AssignmentTitle::parse("bad\u{0}title").is_err());
    }

    #[test]
    fn comments_required_is_a_small_whole_number() {
        assert_eq!(parse_comments_required(""), Ok(0));
        assert_eq!(parse_comments_required(" 2 "), Ok(2));
        for bad in ["-1", "21", "two", "1.5"] {
            assert!(parse_comments_required(bad).is_err(), "{bad}");
        }
    }
}
