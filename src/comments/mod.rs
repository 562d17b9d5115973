//! Comments and their moderation: the states a comment moves through, who sees it,
//! who may change it, and the teacher's rules that decide where a new one goes.
//! Everything here is pure, so the rules are tested without a database.
//!
//! The parts: [`state`] (the words of moderation), [`input`] (what people type),
//! [`rules`] (the teacher's settings and where a comment goes), [`access`] (who may act
//! on a comment in a request), [`sending`] (the batched writer of new comments). This
//! file holds the comment itself and who may see, edit or delete it.

use time::Duration;

pub mod access;
pub mod input;
pub mod rules;
pub mod sending;
pub mod state;

pub use input::{BODY_MAX, CommentBody, GUEST_NAME_MAX, GuestName, NOTE_MAX, parse_note};
pub use rules::{
    ApprovalPolicy, Commenter, DiscussionSettings, Verdict, comments_close_at, comments_closed,
    link_count, parse_word_list, verdict,
};
pub use state::{CommentState, Flag, LogAction, ModerationAction};

use crate::accounts::User;
use crate::db::Timestamp;
use crate::posts::markdown::SafeHtml;

/// How long a commenter may edit or delete their own comment.
pub const EDIT_WINDOW: Duration = Duration::minutes(15);
/// Replies nest this deep; a reply to a third-level comment joins the third level.
pub const MAX_DEPTH: i32 = 3;
/// Comments a student's account, or the guests at one address, may post in a minute
/// (`sending::pace_for`: teachers are not limited).
pub const RATE_LIMIT_PER_MINUTE: i64 = 5;
/// A guest who sends the form sooner than this after opening the page is a robot.
pub const GUEST_MIN_FILL: Duration = Duration::seconds(3);
/// A guest's comment form older than this is stale.
pub const FORM_MAX_AGE: Duration = Duration::days(1);

/// Who wrote a comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommentAuthor {
    /// A class member.
    Member {
        /// Account id.
        id: i64,
        /// For the author link.
        username: String,
        /// Shown beside the comment.
        display_name: String,
        /// A teacher: the comment carries a "Teacher" badge.
        is_teacher: bool,
    },
    /// A guest who gave a name.
    Guest {
        /// As typed.
        name: String,
    },
}

/// A comment as stored.
#[derive(Clone, Debug)]
pub struct Comment {
    /// Database id; the permalink is `#comment-{id}`.
    pub id: i64,
    /// The post it is on.
    pub post_id: i64,
    /// The comment it answers.
    pub parent_id: Option<i64>,
    /// 1 for a comment on the post, up to 3 for replies.
    pub depth: i32,
    /// Who wrote it.
    pub author: CommentAuthor,
    /// The Markdown as typed, shown again in the edit form.
    pub body: String,
    /// The Markdown rendered and sanitized, as readers see it.
    pub body_html: SafeHtml,
    /// Where it is in moderation.
    pub state: CommentState,
    /// Why it is back in the queue, if it is.
    pub flag: Option<Flag>,
    /// The reader's or author's reason for the flag.
    pub flag_reason: Option<String>,
    /// A teacher's note to the commenter.
    pub rejection_note: Option<String>,
    /// A teacher changed its text at some point (the page says so).
    pub edited_by_teacher: bool,
    /// When it was sent; the 15-minute edit window counts from here.
    pub created_at: Timestamp,
    /// The last change of text or state.
    pub updated_at: Timestamp,
}

impl Comment {
    /// The name shown beside it.
    pub fn author_name(&self) -> &str {
        match &self.author {
            CommentAuthor::Member { display_name, .. } => display_name,
            CommentAuthor::Guest { name } => name,
        }
    }

    /// Why it waits, when the personal-data guard holds it: shown to its author beside
    /// it and to the teacher in the queue.
    pub fn held_for(&self, settings: &DiscussionSettings) -> Option<&'static str> {
        (self.state == CommentState::Pending
            && settings.hold_personal_data
            && crate::privacy::looks_personal(&self.body))
        .then_some(crate::privacy::REASON)
    }

    /// Whether a teacher wrote it.
    pub fn by_teacher(&self) -> bool {
        matches!(
            self.author,
            CommentAuthor::Member {
                is_teacher: true,
                ..
            }
        )
    }

    /// The account that wrote it, if a class member did.
    pub fn author_id(&self) -> Option<i64> {
        match self.author {
            CommentAuthor::Member { id, .. } => Some(id),
            CommentAuthor::Guest { .. } => None,
        }
    }

    /// Whether `user` wrote it.
    pub fn is_by(&self, user: &User) -> bool {
        self.author_id() == Some(user.id)
    }
}

/// Whether `viewer` may see `comment` on its post's page: approved comments for
/// everyone; a waiting or rejected comment for its author; a waiting one for teachers.
pub fn may_see(comment: &Comment, viewer: Option<&User>) -> bool {
    match comment.state {
        CommentState::Approved => true,
        CommentState::Pending => viewer.is_some_and(|u| u.is_teacher() || comment.is_by(u)),
        CommentState::Rejected => viewer.is_some_and(|u| comment.is_by(u)),
        CommentState::Spam | CommentState::Deleted => false,
    }
}

/// Whether `user` may edit `comment` now: teachers always; its author for 15
/// minutes, or any time after a rejection (to revise and resubmit).
pub fn may_edit(comment: &Comment, user: &User, now: Timestamp) -> bool {
    if matches!(comment.state, CommentState::Spam | CommentState::Deleted) {
        return false;
    }
    user.is_teacher()
        || (comment.is_by(user)
            && (comment.state == CommentState::Rejected || now - comment.created_at <= EDIT_WINDOW))
}

/// Whether `user` may delete their own `comment` now (within 15 minutes).
pub fn may_delete_own(comment: &Comment, user: &User, now: Timestamp) -> bool {
    comment.is_by(user)
        && comment.state != CommentState::Deleted
        && now - comment.created_at <= EDIT_WINDOW
}

/// Where a reply to `parent` goes: under it, or beside it at the deepest level.
pub fn reply_position(parent: &Comment) -> (i64, i32) {
    if parent.depth >= MAX_DEPTH {
        (parent.parent_id.unwrap_or(parent.id), MAX_DEPTH)
    } else {
        (parent.id, parent.depth + 1)
    }
}

#[cfg(test)]
mod tests;
