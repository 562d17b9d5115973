//! Comments and their moderation: the states a comment moves through, who sees it,
//! who may change it, and the teacher's rules that decide where a new one goes.
//! Everything here is pure, so the rules are tested without a database.

use time::Duration;

pub mod access;
pub mod sending;

use crate::accounts::User;
use crate::cpu::{self, Busy};
use crate::db::Timestamp;
use crate::posts::Post;
use crate::posts::markdown::{SafeHtml, render_comment};

/// Longest comment accepted, in characters.
pub const BODY_MAX: usize = 5_000;
/// Longest guest name.
pub const GUEST_NAME_MAX: usize = 60;
/// Longest report, hide reason or rejection note.
pub const NOTE_MAX: usize = 500;
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

/// Where a comment is in moderation. Only approved comments are public.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentState {
    /// Waiting in the queue (new, reported, or hidden by the post's author).
    Pending,
    /// On the page.
    Approved,
    /// Refused, perhaps with a note the commenter can act on.
    Rejected,
    /// Marked as spam.
    Spam,
    /// Removed by a teacher or by its author.
    Deleted,
}

impl CommentState {
    /// The word stored in `comments.state`, which statements also name literally.
    pub fn as_str(self) -> &'static str {
        match self {
            CommentState::Pending => "pending",
            CommentState::Approved => "approved",
            CommentState::Rejected => "rejected",
            CommentState::Spam => "spam",
            CommentState::Deleted => "deleted",
        }
    }

    /// Reads a stored value; anything unknown stays out of sight.
    pub fn from_stored(value: &str) -> CommentState {
        match value {
            "approved" => CommentState::Approved,
            "pending" => CommentState::Pending,
            "rejected" => CommentState::Rejected,
            "spam" => CommentState::Spam,
            _ => CommentState::Deleted,
        }
    }

    /// "Awaiting approval", for people.
    pub fn label(self) -> &'static str {
        match self {
            CommentState::Pending => "Awaiting approval",
            CommentState::Approved => "Approved",
            CommentState::Rejected => "Rejected",
            CommentState::Spam => "Spam",
            CommentState::Deleted => "Deleted",
        }
    }
}

/// Why a comment went back to the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    /// A reader reported it.
    Reported,
    /// The post's author hid it from their post.
    Hidden,
}

impl Flag {
    /// The word stored in `comments.flag`.
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Reported => "reported",
            Flag::Hidden => "hidden",
        }
    }

    /// Reads `comments.flag`; `None` for no flag (or a word this version does not know).
    pub fn from_stored(value: &str) -> Option<Flag> {
        match value {
            "reported" => Some(Flag::Reported),
            "hidden" => Some(Flag::Hidden),
            _ => None,
        }
    }
}

/// What a teacher can do to a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModerationAction {
    /// Show it.
    Approve,
    /// Refuse it, with an optional note.
    Reject,
    /// Mark it as spam.
    Spam,
    /// Remove it.
    Delete,
}

impl ModerationAction {
    /// Reads the value of a Moderation page button; `None` for anything else.
    pub fn parse(value: &str) -> Option<ModerationAction> {
        match value {
            "approve" => Some(ModerationAction::Approve),
            "reject" => Some(ModerationAction::Reject),
            "spam" => Some(ModerationAction::Spam),
            "delete" => Some(ModerationAction::Delete),
            _ => None,
        }
    }

    /// The state the comment ends in.
    pub fn target(self) -> CommentState {
        match self {
            ModerationAction::Approve => CommentState::Approved,
            ModerationAction::Reject => CommentState::Rejected,
            ModerationAction::Spam => CommentState::Spam,
            ModerationAction::Delete => CommentState::Deleted,
        }
    }

    /// The button's value, [`ModerationAction::parse`] read backwards.
    pub fn as_str(self) -> &'static str {
        self.logged().as_str()
    }

    /// How the moderation log records it.
    pub fn logged(self) -> LogAction {
        match self {
            ModerationAction::Approve => LogAction::Approve,
            ModerationAction::Reject => LogAction::Reject,
            ModerationAction::Spam => LogAction::Spam,
            ModerationAction::Delete => LogAction::Delete,
        }
    }

    /// The note this action keeps: only a rejection tells the commenter why, so a
    /// note typed beside any other button is dropped rather than stored.
    pub fn kept_note(self, note: Option<&str>) -> Option<&str> {
        note.filter(|_| self == ModerationAction::Reject)
    }
}

/// What a line of the moderation log records. Stored as its [`LogAction::as_str`]
/// word, which older lines already use, so the words must never change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogAction {
    /// A new comment, put where the teacher's rules say.
    Submit,
    /// A changed text, by its author or a teacher.
    Edit,
    /// A teacher's [`ModerationAction::Approve`].
    Approve,
    /// A teacher's [`ModerationAction::Reject`].
    Reject,
    /// A teacher's [`ModerationAction::Spam`].
    Spam,
    /// A teacher's [`ModerationAction::Delete`].
    Delete,
    /// The commenter took back their own comment.
    DeleteOwn,
    /// A reader sent it back to the queue ([`Flag::Reported`]).
    Report,
    /// The post's author sent it back to the queue ([`Flag::Hidden`]).
    Hide,
}

impl LogAction {
    /// Every action, for [`LogAction::parse`] and its tests.
    pub const ALL: [LogAction; 9] = [
        LogAction::Submit,
        LogAction::Edit,
        LogAction::Approve,
        LogAction::Reject,
        LogAction::Spam,
        LogAction::Delete,
        LogAction::DeleteOwn,
        LogAction::Report,
        LogAction::Hide,
    ];

    /// The stored word, also shown as is in the log's table.
    pub fn as_str(self) -> &'static str {
        match self {
            LogAction::Submit => "submit",
            LogAction::Edit => "edit",
            LogAction::Approve => "approve",
            LogAction::Reject => "reject",
            LogAction::Spam => "spam",
            LogAction::Delete => "delete",
            LogAction::DeleteOwn => "delete own",
            LogAction::Report => "report",
            LogAction::Hide => "hide",
        }
    }

    /// Reads a stored word; `None` for one this version does not know.
    pub fn parse(value: &str) -> Option<LogAction> {
        LogAction::ALL
            .into_iter()
            .find(|action| action.as_str() == value)
    }
}

impl From<Flag> for LogAction {
    fn from(flag: Flag) -> LogAction {
        match flag {
            Flag::Reported => LogAction::Report,
            Flag::Hidden => LogAction::Hide,
        }
    }
}

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

/// A comment's text: 1 to 5,000 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommentBody(String);

impl CommentBody {
    /// Checks typed text: trimmed, line ends made `\n`, not empty, not too long.
    pub fn parse(input: &str) -> Result<CommentBody, &'static str> {
        let body = input.replace("\r\n", "\n").trim().to_owned();
        if body.is_empty() {
            return Err("Write a comment first.");
        }
        if body.chars().count() > BODY_MAX {
            return Err("A comment can be at most 5,000 characters long. Your text is still here.");
        }
        Ok(CommentBody(body))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text as HTML (paragraphs, line breaks, links), rendered on the CPU pool.
    /// Comments are plain text, so rendering is linear in their length; the pool keeps
    /// a flood of them from taking the async workers.
    pub async fn render(&self) -> Result<SafeHtml, Busy> {
        let text = self.0.clone();
        cpu::run(move || render_comment(&text)).await
    }

    /// A fingerprint for spotting the same comment twice: case and spacing ignored.
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let normalized = self
            .0
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        hex::encode(Sha256::digest(normalized.as_bytes()))
    }
}

/// A guest's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuestName(String);

impl GuestName {
    /// Checks a typed name: inner spacing collapsed, 1 to 60 characters.
    pub fn parse(input: &str) -> Result<GuestName, &'static str> {
        let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err("Enter your name.");
        }
        if name.chars().count() > GUEST_NAME_MAX {
            return Err("A name can be at most 60 characters long.");
        }
        Ok(GuestName(name))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A short reason or note: 1 to 500 characters (or empty, where allowed).
pub fn parse_note(input: &str, required: bool) -> Result<Option<String>, &'static str> {
    let note = input.trim();
    if note.is_empty() {
        return if required {
            Err("Say why in a few words.")
        } else {
            Ok(None)
        };
    }
    if note.chars().count() > NOTE_MAX {
        return Err("Keep it under 500 characters.");
    }
    Ok(Some(note.to_owned()))
}

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

#[cfg(test)]
mod tests;
