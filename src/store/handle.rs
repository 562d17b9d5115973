//! The store handle: one clonable value over the pool, which every other file of the
//! store extends with an `impl Store` of its own.

use std::sync::{Arc, OnceLock};

use tokio::sync::mpsc;

use super::comments::writer::Queued;
use super::content_version::ContentVersion;
use super::kept_groups::KeptGroups;
use super::kept_posts::KeptPosts;
use super::kept_sessions::KeptSessions;
use crate::db::Db;

/// Every query quire runs, over one pool.
#[derive(Clone, Debug)]
pub struct Store {
    pub(super) db: Db,
    pub(super) content: Arc<ContentVersion>,
    /// Where new comments wait for the writer task (started with the first comment).
    pub(super) comment_queue: Arc<OnceLock<mpsc::Sender<Queued>>>,
    /// Sessions as read lately (see `sessions.rs`).
    pub(super) kept_sessions: Arc<KeptSessions>,
    /// Posts as read lately by id (see `posts/lookup.rs`).
    pub(super) kept_posts: Arc<KeptPosts>,
    /// The class's groups as read lately (see `groups.rs`).
    pub(super) kept_groups: Arc<KeptGroups>,
}

impl Store {
    /// Wraps a connected (and migrated) database.
    pub fn new(db: Db) -> Store {
        Store {
            db,
            content: Default::default(),
            comment_queue: Default::default(),
            kept_sessions: Arc::new(KeptSessions::new()),
            kept_posts: Arc::new(KeptPosts::new()),
            kept_groups: Default::default(),
        }
    }

    /// The database underneath, for health checks and shutdown.
    pub fn db(&self) -> &Db {
        &self.db
    }
}
