//! The store: every query quire runs, each written once for both backends.
//!
//! Methods are named for what they return (`user_by_username`) or do
//! (`create_session`). Errors are plain `sqlx::Error`; the web layer decides
//! what a user sees.

/// Columns of a whole post, joined with its author. Macros, not consts, so that
/// `concat!` can build each statement as one `&'static str`.
macro_rules! post_select {
    () => {
        "select p.id, p.author_id, u.username as author_username, \
         u.display_name as author_name, p.title, p.slug, p.body, p.body_html, p.excerpt, \
         p.labels, p.status, p.review_note, p.published_at, p.created_at, p.updated_at, \
         p.edited_at, p.trashed_at, p.comments_open from posts p join users u on u.id = p.author_id"
    };
}

/// The columns of a post in a list (`SummaryRow`), for lists and search results alike;
/// `summary_select!` reads them from the usual join.
macro_rules! summary_columns {
    () => {
        "p.id, u.username as author_username, u.display_name as author_name, p.title, \
         p.slug, p.excerpt, p.labels, p.published_at, p.edited_at, p.comment_count"
    };
}

/// Posts as lists show them, joined with their authors.
macro_rules! summary_select {
    () => {
        concat!(
            "select ",
            summary_columns!(),
            " from posts p join users u on u.id = p.author_id"
        )
    };
}

/// Only what readers may see: published and not in the trash.
macro_rules! live {
    () => {
        " p.status = 'published' and p.trashed_at is null "
    };
}

#[macro_use]
mod changes;
mod comments;
mod hot;
mod images;
mod kept_texts;
mod posts;
mod reading;
mod search;
mod sessions;
mod settings;
mod setup;
mod throttle;
mod users;

pub use changes::ContentVersion;
pub use comments::{
    Chosen, CommentEdit, CommentOnPost, CommentSent, LogEntry, LogFilter, NewComment, QueueFilter,
    QueueItem, QueueView, SendingChecks,
};
pub use hot::{HotStatement, Sample, hot_statements};
pub use images::{ImageData, NewImage};
pub use kept_texts::{KeptText, OwnImage};
pub use posts::{NewPost, Publication, Revision};
pub use reading::{
    Cursor, Direction, LabelCount, MonthCount, PostLink, PostPage, PostSummary, Scope, SitemapEntry,
};
pub use search::SearchHit;
pub use sessions::{SESSION_LIFETIME, SessionUser};
pub use settings::SiteSettings;
pub use throttle::{Lockout, ThrottleCount, ThrottleKey, ThrottleScope};
pub use users::{NewUser, UserCredentials};

use crate::db::{Backend, Db};

/// Every query quire runs, over one pool.
#[derive(Clone, Debug)]
pub struct Store {
    db: Db,
    content: std::sync::Arc<ContentVersion>,
    /// Where new comments wait for the writer task (started with the first comment).
    comment_queue: std::sync::Arc<std::sync::OnceLock<tokio::sync::mpsc::Sender<comments::Queued>>>,
}

impl Store {
    /// Wraps a connected (and migrated) database.
    pub fn new(db: Db) -> Store {
        Store {
            db,
            content: Default::default(),
            comment_queue: Default::default(),
        }
    }

    /// Every SQL statement the store runs on `backend`, so a test can prepare each.
    pub fn statements_for(backend: Backend) -> Vec<&'static str> {
        let only_here = match backend {
            Backend::Sqlite => search::SQLITE_STATEMENTS,
            Backend::Postgres => search::POSTGRES_STATEMENTS,
        };
        [
            changes::STATEMENTS,
            comments::STATEMENTS,
            images::STATEMENTS,
            posts::STATEMENTS,
            reading::STATEMENTS,
            sessions::STATEMENTS,
            settings::STATEMENTS,
            setup::STATEMENTS,
            throttle::STATEMENTS,
            users::STATEMENTS,
            kept_texts::STATEMENTS,
            only_here,
        ]
        .concat()
    }

    /// The database underneath, for health checks and shutdown.
    pub fn db(&self) -> &Db {
        &self.db
    }
}

/// The store's sources that run in the server, for tests that read them.
#[cfg(test)]
const SOURCES: [&str; 13] = [
    include_str!("changes.rs"),
    include_str!("comments.rs"),
    include_str!("images.rs"),
    include_str!("mod.rs"),
    include_str!("posts.rs"),
    include_str!("reading.rs"),
    include_str!("search.rs"),
    include_str!("sessions.rs"),
    include_str!("settings.rs"),
    include_str!("setup.rs"),
    include_str!("throttle.rs"),
    include_str!("users.rs"),
    include_str!("kept_texts.rs"),
];

#[cfg(test)]
mod tests {
    use super::{Backend, SOURCES, Store, search};

    #[test]
    fn every_statement_is_listed_for_the_prepare_test() {
        let declared: usize = SOURCES
            .iter()
            .flat_map(|source| source.lines())
            .filter_map(|line| line.split_once(": &str ="))
            .filter(|(head, _)| head.split_whitespace().rev().nth(1) == Some("const"))
            .count();
        let shared = Store::statements_for(Backend::Sqlite).len() - search::SQLITE_STATEMENTS.len();
        let listed = shared + search::SQLITE_STATEMENTS.len() + search::POSTGRES_STATEMENTS.len();
        assert_eq!(declared, listed);
    }
}
