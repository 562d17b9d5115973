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

    /// Every SQL statement the store runs, so a test can prepare each on both backends.
    pub fn all_statements() -> Vec<&'static str> {
        [
            sessions::STATEMENTS,
            settings::STATEMENTS,
            setup::STATEMENTS,
            throttle::STATEMENTS,
            users::STATEMENTS,
        ]
        .concat()
    }

    /// The database underneath, for health checks and shutdown.
    pub fn db(&self) -> &Db {
        &self.db
    }
}

#[cfg(test)]
mod tests {
    use super::Store;

    #[test]
    fn every_statement_is_listed_for_the_prepare_test() {
        let sources = [
            include_str!("sessions.rs"),
            include_str!("settings.rs"),
            include_str!("setup.rs"),
            include_str!("throttle.rs"),
            include_str!("users.rs"),
        ];
        let declared: usize = sources
            .iter()
            .flat_map(|source| source.lines())
            .filter(|line| line.contains("const ") && line.contains(": &str ="))
            .count();
        assert_eq!(declared, Store::all_statements().len());
    }
}
