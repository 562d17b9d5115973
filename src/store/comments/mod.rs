//! Comments and the moderation log. Every change of state is written to the log in
//! the same transaction, and the post's count of approved comments with it.
//! A state change is a compare-and-set on the state just read, so two teachers
//! pressing buttons at once never log a transition that did not happen.
//!
//! - `writer`: the task that writes new comments in batches, and the writes every
//!   change shares (the log line, the post's count).
//! - `sending`: the checks before a comment is taken, and taking it.
//! - `moderation`: decisions, flags, edits and a commenter's own deletion.
//! - `queue` and `log`: what teachers read to judge and to look back.
//! - `thread`: what readers see of a post's comments.
//! - `rows`: the row a comment is read as.

pub(super) mod log;
pub(super) mod moderation;
pub(super) mod queue;
pub(super) mod rows;
pub(super) mod sending;
pub(super) mod thread;
pub(super) mod writer;

pub use log::{LogEntry, LogFilter};
pub use moderation::{Chosen, CommentEdit};
pub use queue::{QueueFilter, QueueItem, QueueView};
pub use sending::{CommentSent, SendingChecks};
pub use writer::NewComment;
