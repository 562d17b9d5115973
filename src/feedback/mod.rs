//! Private feedback: a teacher's words on a student's post, seen only by the post's
//! author and the teachers. Who may write and read it, what may be written, and the
//! state an assignment's table shows (none, given, seen by the author).

use crate::accounts::User;
use crate::cpu::{self, Busy};
use crate::db::Timestamp;
use crate::posts::markdown::{self, SafeHtml};
use crate::posts::{Post, PostStatus, budget};
use crate::text;

/// Longest feedback accepted, in characters: a page of comments on an essay.
pub const FEEDBACK_MAX: usize = 10_000;

/// Whether `user` may write feedback on `post`: a teacher, on a student's post that the
/// class can see or that waits for review (an answer to an assignment is such a post).
pub fn may_give_feedback(post: &Post, user: &User) -> bool {
    user.is_teacher()
        && !post.author.is_teacher
        && post.trashed_at.is_none()
        && matches!(post.status, PostStatus::Published | PostStatus::Review)
}

/// Whether `viewer` may read the feedback on `post`: its author and the teachers, and
/// nobody else (not classmates, not family readers, not anyone signed out).
pub fn may_read_feedback(post: &Post, viewer: Option<&User>) -> bool {
    viewer.is_some_and(|user| user.is_teacher() || user.id == post.author.id)
}

/// Feedback as typed: Markdown, 1 to 10,000 characters, within the rendering budget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedbackText(String);

impl FeedbackText {
    /// Checks typed feedback.
    pub fn parse(input: &str) -> Result<FeedbackText, &'static str> {
        text::plain(input)?;
        let body = input.replace("\r\n", "\n").trim().to_owned();
        if body.is_empty() {
            return Err("Write your feedback before saving it.");
        }
        if body.chars().count() > FEEDBACK_MAX {
            return Err("Feedback can be at most 10,000 characters long. Your text is still here.");
        }
        budget::check(&body).map_err(budget::TooComplex::message)?;
        Ok(FeedbackText(body))
    }

    /// `parse` on the CPU pool: what async code calls (measuring against the budget
    /// is Markdown work).
    pub async fn parse_in_pool(input: String) -> Result<Result<FeedbackText, &'static str>, Busy> {
        cpu::run(move || FeedbackText::parse(&input)).await
    }

    /// The Markdown.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Renders stored feedback (each a Markdown text) on the CPU pool, with the posts'
/// renderer, in order.
pub async fn render_in_pool(bodies: Vec<String>) -> Result<Vec<SafeHtml>, Busy> {
    cpu::run(move || {
        bodies
            .iter()
            .map(|body| markdown::render(body).html)
            .collect()
    })
    .await
}

/// Where a post's feedback stands, for an assignment's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedbackState {
    /// No feedback yet.
    None,
    /// Written (last saved `at`), not yet seen by the author in this version.
    Given {
        /// When the current version was saved.
        at: Timestamp,
    },
    /// The author has seen the current version.
    Seen {
        /// When the current version was saved.
        at: Timestamp,
        /// When the author saw it.
        seen_at: Timestamp,
    },
}

impl FeedbackState {
    /// The state of feedback saved `at` and seen by the author at `seen_at`, if ever.
    pub fn of(at: Timestamp, seen_at: Option<Timestamp>) -> FeedbackState {
        match seen_at {
            Some(seen_at) => FeedbackState::Seen { at, seen_at },
            None => FeedbackState::Given { at },
        }
    }

    /// `none`, `given` or `seen`: for a CSV column or a class name.
    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackState::None => "none",
            FeedbackState::Given { .. } => "given",
            FeedbackState::Seen { .. } => "seen",
        }
    }
}

#[cfg(test)]
mod tests;
