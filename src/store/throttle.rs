//! Failed sign-ins, counted over a sliding window to slow down guessing.

use sqlx::FromRow;

use super::Store;
use crate::db::{Timestamp, on_db};

/// Recent failures for one username and one client address.
#[derive(Debug, Default, FromRow)]
pub struct FailureCounts {
    /// Failures for this username (from anywhere) since the window began.
    pub for_username: i64,
    /// The oldest of those, which is the first to leave the window.
    pub oldest_for_username: Option<Timestamp>,
    /// Failures from this address (for any username) since the window began.
    pub for_address: i64,
    /// The oldest of those.
    pub oldest_for_address: Option<Timestamp>,
}

const INSERT_FAILURE: &str =
    "insert into sign_in_failures (username, address, failed_at) values ($1, $2, $3)";
const COUNT_FAILURES: &str = "select \
     (select count(*) from sign_in_failures where username = $1 and failed_at > $3) \
        as for_username, \
     (select min(failed_at) from sign_in_failures where username = $1 and failed_at > $3) \
        as oldest_for_username, \
     (select count(*) from sign_in_failures where address = $2 and failed_at > $3) \
        as for_address, \
     (select min(failed_at) from sign_in_failures where address = $2 and failed_at > $3) \
        as oldest_for_address";
const CLEAR_FAILURES: &str = "delete from sign_in_failures where username = $1";
const PURGE_FAILURES: &str = "delete from sign_in_failures where failed_at <= $1";

/// Every statement above, for the test that prepares them all on both backends.
pub(super) const STATEMENTS: &[&str] = &[
    INSERT_FAILURE,
    COUNT_FAILURES,
    CLEAR_FAILURES,
    PURGE_FAILURES,
];

impl Store {
    /// Notes one failed sign-in.
    pub async fn record_sign_in_failure(
        &self,
        username: &str,
        address: &str,
        at: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query(INSERT_FAILURE).bind(username).bind(address).bind(at).execute(pool).await?;
        });
        Ok(())
    }

    /// Failures since `since` for this username and for this address.
    pub async fn sign_in_failures_since(
        &self,
        username: &str,
        address: &str,
        since: Timestamp,
    ) -> Result<FailureCounts, sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query_as(COUNT_FAILURES)
                .bind(username)
                .bind(address)
                .bind(since)
                .fetch_one(pool)
                .await
        })
    }

    /// Forgets a username's failures once its owner has signed in.
    pub async fn clear_sign_in_failures(&self, username: &str) -> Result<(), sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query(CLEAR_FAILURES).bind(username).execute(pool).await?;
        });
        Ok(())
    }

    /// Deletes failures older than the window.
    pub async fn purge_sign_in_failures(&self, before: Timestamp) -> Result<u64, sqlx::Error> {
        on_db!(&self.db, pool => {
            Ok(sqlx::query(PURGE_FAILURES).bind(before).execute(pool).await?.rows_affected())
        })
    }
}
