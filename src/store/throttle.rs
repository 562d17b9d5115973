//! Sign-in throttling counts: one row per subject (a username from one address, an
//! address, a device cookie), read, judged and written back in ONE write transaction
//! so that concurrent attempts cannot all pass the same check.
//!
//! The rules live in `auth::throttle`; the store only keeps and locks the counts.

use sqlx::FromRow;

use super::handle::Store;
use crate::db::{BeginWrite, Timestamp, on_db};

/// What a count is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ThrottleScope {
    /// One device cookie (a browser that signed in before). Locked first.
    Device,
    /// One username tried from one address.
    Pair,
    /// Every username tried from one address.
    Address,
}

impl ThrottleScope {
    fn as_str(self) -> &'static str {
        match self {
            ThrottleScope::Device => "device",
            ThrottleScope::Pair => "pair",
            ThrottleScope::Address => "address",
        }
    }

    fn parse(text: &str) -> Option<ThrottleScope> {
        match text {
            "device" => Some(ThrottleScope::Device),
            "pair" => Some(ThrottleScope::Pair),
            "address" => Some(ThrottleScope::Address),
            _ => None,
        }
    }
}

/// Names one count, and who and where it is about (for the teacher's list).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThrottleKey {
    /// What kind of count.
    pub scope: ThrottleScope,
    /// Which one within the scope (unique with the scope).
    pub subject: String,
    /// The username tried, or '' for an address.
    pub username: String,
    /// The address tried from.
    pub address: String,
}

/// One subject's count as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, FromRow)]
pub struct ThrottleCount {
    /// Failures still counted as of `last_failed_at`.
    pub failures: i64,
    /// When the count last changed (when the row was made, for a fresh one).
    pub last_failed_at: Timestamp,
    /// No attempt is checked before then.
    pub blocked_until: Option<Timestamp>,
}

impl ThrottleCount {
    /// A subject with nothing against it.
    pub fn fresh(now: Timestamp) -> ThrottleCount {
        ThrottleCount {
            failures: 0,
            last_failed_at: now,
            blocked_until: None,
        }
    }

    /// Nothing worth keeping: the row can go.
    fn is_clear(&self) -> bool {
        self.failures <= 0 && self.blocked_until.is_none()
    }
}

/// A delay in force or recently ended, for the teacher.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lockout {
    /// What was delayed.
    pub scope: ThrottleScope,
    /// The username tried ('' for a whole address).
    pub username: String,
    /// Where from.
    pub address: String,
    /// Failures counted.
    pub failures: i64,
    /// When the delay ends (or ended).
    pub blocked_until: Timestamp,
}

#[derive(FromRow)]
struct LockoutRow {
    scope: String,
    username: String,
    address: String,
    failures: i64,
    blocked_until: Timestamp,
}

/// Makes the row if it is missing and, either way, returns it. The `do update` that
/// changes nothing is there to lock the row on Postgres (as `select … for update`
/// would, in a form SQLite also accepts); SQLite's `BEGIN IMMEDIATE` locks it already.
const LOCK_COUNT: &str = "insert into sign_in_throttles \
     (scope, subject, username, address, failures, last_failed_at) \
     values ($1, $2, $3, $4, 0, $5) \
     on conflict (scope, subject) do update set failures = sign_in_throttles.failures \
     returning failures, last_failed_at, blocked_until";
const UPDATE_COUNT: &str = "update sign_in_throttles \
     set failures = $3, last_failed_at = $4, blocked_until = $5, address = $6 \
     where scope = $1 and subject = $2";
const DELETE_COUNT: &str = "delete from sign_in_throttles where scope = $1 and subject = $2";
const CLEAR_USERNAME: &str = "delete from sign_in_throttles where scope = 'pair' and username = $1";
const PURGE_QUIET: &str = "delete from sign_in_throttles \
     where last_failed_at <= $1 and (blocked_until is null or blocked_until <= $1)";
const RECENT_LOCKOUTS: &str = "select scope, username, address, failures, blocked_until \
     from sign_in_throttles where blocked_until > $1 \
     order by blocked_until desc, username, address limit 50";

/// Every statement above, for the test that prepares them all on both backends.
pub(super) const STATEMENTS: &[&str] = &[
    LOCK_COUNT,
    UPDATE_COUNT,
    DELETE_COUNT,
    CLEAR_USERNAME,
    PURGE_QUIET,
    RECENT_LOCKOUTS,
];

impl Store {
    /// The check-and-count as one step: locks the counts for `keys` (made fresh if
    /// missing), hands them (in the order of `keys`) to `decide`, and writes back what
    /// it returns; `None` writes nothing. Concurrent callers for the same subject wait
    /// for each other, so each sees the count the one before it left.
    ///
    /// `keys` must be in scope order (device, pair, address) so that two attempts
    /// never lock the same rows in opposite orders.
    pub async fn update_sign_in_counts<T>(
        &self,
        keys: &[ThrottleKey],
        now: Timestamp,
        decide: impl FnOnce(&[ThrottleCount]) -> (T, Option<Vec<ThrottleCount>>),
    ) -> Result<T, sqlx::Error> {
        debug_assert!(keys.is_sorted_by_key(|key| key.scope));
        on_db!(&self.db, pool => {
            let mut tx = pool.begin_write().await?;
            let mut counts = Vec::with_capacity(keys.len());
            for key in keys {
                let count: ThrottleCount = sqlx::query_as(LOCK_COUNT)
                    .bind(key.scope.as_str())
                    .bind(&key.subject)
                    .bind(&key.username)
                    .bind(&key.address)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
                counts.push(count);
            }
            let (answer, changed) = decide(&counts);
            // Without changes the transaction is dropped, which rolls back the fresh rows.
            let Some(changed) = changed else {
                return Ok(answer);
            };
            for (key, count) in keys.iter().zip(changed) {
                if count.is_clear() {
                    sqlx::query(DELETE_COUNT)
                        .bind(key.scope.as_str())
                        .bind(&key.subject)
                        .execute(&mut *tx)
                        .await?;
                } else {
                    sqlx::query(UPDATE_COUNT)
                        .bind(key.scope.as_str())
                        .bind(&key.subject)
                        .bind(count.failures)
                        .bind(count.last_failed_at)
                        .bind(count.blocked_until)
                        .bind(&key.address)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            tx.commit().await?;
            Ok(answer)
        })
    }

    /// Forgets a username's failures from every address (after a password reset).
    pub async fn clear_sign_in_failures(&self, username: &str) -> Result<(), sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query(CLEAR_USERNAME).bind(username).execute(pool).await?;
        });
        Ok(())
    }

    /// Deletes counts untouched since `before` whose delay (if any) ended by then.
    pub async fn purge_sign_in_failures(&self, before: Timestamp) -> Result<u64, sqlx::Error> {
        on_db!(&self.db, pool => {
            Ok(sqlx::query(PURGE_QUIET).bind(before).execute(pool).await?.rows_affected())
        })
    }

    /// Delays in force, or ended after `since`, latest first (at most 50).
    pub async fn recent_lockouts(&self, since: Timestamp) -> Result<Vec<Lockout>, sqlx::Error> {
        let rows: Vec<LockoutRow> = on_db!(&self.db, pool => {
            sqlx::query_as(RECENT_LOCKOUTS).bind(since).fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                Some(Lockout {
                    scope: ThrottleScope::parse(&row.scope)?,
                    username: row.username,
                    address: row.address,
                    failures: row.failures,
                    blocked_until: row.blocked_until,
                })
            })
            .collect())
    }
}
