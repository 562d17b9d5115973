//! The store: every query quire runs, each written once for both backends.
//!
//! Methods are named for what they return (`user_by_username`) or do
//! (`create_session`). Errors are plain `sqlx::Error`; the web layer decides
//! what a user sees.
//!
//! [`Store`] is one handle (`handle.rs`); each file below adds the methods of one
//! subject in its own `impl Store`, with its SQL as `const` statements beside them.
//! The column lists statements share are in `columns.rs`, the rule that every write to
//! what pages show moves the content generation in `changes.rs`, the events a member is
//! told of (written by the comments' and posts' own transactions) in `events.rs`, and the list of every
//! statement (for the prepare test and `quire dev explain`) in `catalog.rs`.

// The macros first: a `macro_rules!` is seen only by the modules declared after it.
#[macro_use]
mod columns;
#[macro_use]
mod changes;
#[macro_use]
mod events;

mod answers;
mod assignments;
mod catalog;
mod comments;
mod content_version;
mod family;
mod feedback;
mod groups;
mod handle;
mod hot;
mod images;
mod imports;
mod kept_groups;
mod kept_posts;
mod kept_sessions;
mod kept_texts;
mod name_skeletons;
mod posts;
mod reading;
mod roster;
mod search;
mod sessions;
mod settings;
mod setup;
mod sheets;
mod throttle;
mod users;

pub use answers::{ANSWER_TABLE, AnswerRow, PublishedAnswer};
pub use assignments::NewAssignment;
pub use catalog::hot_statements;
pub use comments::{
    Chosen, CommentEdit, CommentSent, LogEntry, LogFilter, NewComment, QueueFilter, QueueItem,
    QueueView, SendingChecks,
};
pub use content_version::ContentVersion;
pub use events::Event;
pub use feedback::{Feedback, FeedbackVersion};
pub use handle::Store;
pub use hot::{HotStatement, Sample};
pub use images::{ImageData, NewImage, OwnImage};
pub use imports::{BlogImport, STALE_AFTER};
pub use imports::{
    ImportAuthor, ImportBatch, ImportComment, ImportOutcome, ImportPicture, ImportPost,
    NewImportAccount, OldAddress,
};
pub use kept_groups::ClassGroup;
pub use kept_sessions::{NavigationCounts, SessionUser};
pub use kept_texts::KeptText;
pub use posts::{NewPost, Publication, Revision};
pub use reading::{
    Cursor, Direction, LabelCount, MonthCount, PostLink, PostPage, PostSummary, Scope, SitemapEntry,
};
pub use roster::ClassMember;
pub use search::SearchHit;
pub use sessions::SESSION_LIFETIME;
pub use settings::SiteSettings;
pub use sheets::{NewSheet, SHEET_LIFETIME, SheetRow};
pub use throttle::{Lockout, ThrottleCount, ThrottleKey, ThrottleScope};
pub use users::{NewUser, UserCredentials};
