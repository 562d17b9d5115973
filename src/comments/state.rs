//! The words of moderation: where a comment is ([`CommentState`]), why it went back to
//! the queue ([`Flag`]), what a teacher can do to it ([`ModerationAction`]) and what the
//! moderation log records ([`LogAction`]). Each is stored as a word that must not change.

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
