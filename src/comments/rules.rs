//! The teacher's discussion rules: the settings, where a new or edited comment goes
//! ([`verdict`]), and when a post's comments close.

use time::Duration;

use super::input::CommentBody;
use super::state::CommentState;
use crate::db::Timestamp;
use crate::posts::Post;
use crate::privacy;

/// When class members' comments appear without waiting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApprovalPolicy {
    /// Every comment waits for a teacher (the default).
    HoldAll,
    /// A member with an approved comment already is trusted.
    ApproveKnown,
    /// Every class member is trusted.
    ApproveMembers,
}

impl ApprovalPolicy {
    /// The value kept under `comments.approval` in the settings table.
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalPolicy::HoldAll => "hold_all",
            ApprovalPolicy::ApproveKnown => "approve_known",
            ApprovalPolicy::ApproveMembers => "approve_members",
        }
    }

    /// Reads a stored value; anything unknown holds everything.
    pub fn from_stored(value: &str) -> ApprovalPolicy {
        match value {
            "approve_known" => ApprovalPolicy::ApproveKnown,
            "approve_members" => ApprovalPolicy::ApproveMembers,
            _ => ApprovalPolicy::HoldAll,
        }
    }
}

/// The teacher's discussion settings, like WordPress's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiscussionSettings {
    /// Guests may comment (always held); otherwise class members only.
    pub anyone_may_comment: bool,
    /// When members' comments appear without waiting.
    pub approval: ApprovalPolicy,
    /// A comment with more links than this waits.
    pub hold_links_over: u32,
    /// Words or phrases that make a comment wait.
    pub hold_words: Vec<String>,
    /// Words or phrases that reject a comment.
    pub reject_words: Vec<String>,
    /// Comments close this many days after publication (0: never).
    pub close_after_days: u32,
    /// Comments, and students' posts, that look like they hold personal information
    /// (a phone number, an address) wait for a teacher.
    pub hold_personal_data: bool,
}

impl Default for DiscussionSettings {
    fn default() -> Self {
        DiscussionSettings {
            anyone_may_comment: false,
            approval: ApprovalPolicy::HoldAll,
            hold_links_over: 2,
            hold_words: Vec::new(),
            reject_words: Vec::new(),
            close_after_days: 0,
            hold_personal_data: true,
        }
    }
}

/// Reads a word list typed one per line or comma separated.
pub fn parse_word_list(input: &str) -> Vec<String> {
    input
        .split(['\n', ','])
        .map(|w| {
            w.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Who is commenting, as the rules see them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Commenter {
    /// A guest.
    Guest,
    /// A student; `known` when they already have an approved comment.
    Student {
        /// Has an approved comment.
        known: bool,
    },
    /// A teacher.
    Teacher,
}

/// Where a new or edited comment goes, and why (for the log).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Straight onto the page.
    Approve,
    /// Into the queue.
    Hold(&'static str),
    /// Refused by a word on the reject list.
    Reject,
}

impl Verdict {
    /// The state the comment gets.
    pub fn state(self) -> CommentState {
        match self {
            Verdict::Approve => CommentState::Approved,
            Verdict::Hold(_) => CommentState::Pending,
            Verdict::Reject => CommentState::Rejected,
        }
    }

    /// Why, in the words the moderation log keeps.
    pub fn reason(self) -> &'static str {
        match self {
            Verdict::Approve => "approved by the class's settings",
            Verdict::Hold(reason) => reason,
            Verdict::Reject => "a word on the reject list",
        }
    }
}

/// The teacher's rules applied to a comment, strictest first.
pub fn verdict(settings: &DiscussionSettings, commenter: Commenter, body: &CommentBody) -> Verdict {
    let text = format!(" {} ", words_of(body.as_str()));
    let listed = |list: &[String]| {
        list.iter()
            .any(|w| text.contains(&format!(" {} ", words_of(w))))
    };
    if listed(&settings.reject_words) {
        return Verdict::Reject;
    }
    // Before the other holds, so the author and the teacher see the reason that matters.
    if commenter != Commenter::Teacher
        && settings.hold_personal_data
        && privacy::looks_personal(body.as_str())
    {
        return Verdict::Hold(privacy::REASON);
    }
    if commenter == Commenter::Guest {
        return Verdict::Hold("guests' comments always wait");
    }
    if link_count(body.as_str()) > settings.hold_links_over as usize {
        return Verdict::Hold("too many links");
    }
    if listed(&settings.hold_words) {
        return Verdict::Hold("a word on the hold list");
    }
    match (commenter, settings.approval) {
        (Commenter::Teacher, _) | (_, ApprovalPolicy::ApproveMembers) => Verdict::Approve,
        (Commenter::Student { known: true }, ApprovalPolicy::ApproveKnown) => Verdict::Approve,
        _ => Verdict::Hold("comments wait for a teacher"),
    }
}

/// Lower-case words joined by single spaces, so lists match whole words only
/// ("ass" does not catch "class").
fn words_of(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Web addresses in a text.
pub fn link_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| {
            let w = w.to_lowercase();
            w.contains("http://") || w.contains("https://") || w.starts_with("www.")
        })
        .count()
}

/// Whether new comments on `post` are refused: closed on the post, or older than
/// the teacher's limit.
pub fn comments_closed(post: &Post, settings: &DiscussionSettings, now: Timestamp) -> bool {
    if !post.comments_open || !post.is_live() {
        return true;
    }
    comments_close_at(post, settings).is_some_and(|at| now > at)
}

/// When the site's "close comments after so many days" closes this post's comments.
pub fn comments_close_at(post: &Post, settings: &DiscussionSettings) -> Option<Timestamp> {
    match (settings.close_after_days, post.published_at) {
        (0, _) | (_, None) => None,
        (days, Some(at)) => Some(at + Duration::days(i64::from(days))),
    }
}
