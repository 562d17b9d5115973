//! The store: every query quire runs, each written once for both backends.
//!
//! Methods are named for what they return (`user_by_username`) or do
//! (`create_session`). Errors are plain `sqlx::Error`; the web layer decides
//! what a user sees.

mod sessions;
mod settings;
mod setup;
mod throttle;
mod users;

pub use sessions::SessionUser;
pub use settings::SiteSettings;
pub use throttle::FailureCounts;
pub use users::{NewUser, UserCredentials};

use crate::db::Db;

/// Every query quire runs, over one pool.
#[derive(Clone, Debug)]
pub struct Store {
    db: Db,
}

impl Store {
    /// Wraps a connected (and migrated) database.
    pub fn new(db: Db) -> Store {
        Store { db }
    }

    /// The database underneath, for health checks and shutdown.
    pub fn db(&self) -> &Db {
        &self.db
    }
}
