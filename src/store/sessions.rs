//! Server-side sessions, keyed by the SHA-256 of the cookie's token.
//!
//! A session's statement (who is signed in, and the numbers their navigation shows) is
//! read for every signed-in request, so each instance keeps what it read, by the
//! generations (see `changes.rs` and `kept_sessions.rs`): this instance's own writes
//! move them at once, another's as soon as the database tells (on Postgres, a
//! notification within about a millisecond). Anything the statement reads moves one
//! that the kept session is checked against: a session started, extended or ended, an
//! account renamed, deactivated or paused, an event told or read, and for a teacher a
//! comment or post waiting.

use sqlx::FromRow;
use time::Duration;

use super::handle::Store;
use super::hot::{HotStatement, Sample};
use super::kept_sessions::{NavigationCounts, SessionUser};
use super::users::UserRow;
use crate::db::{Timestamp, on_db};

/// How long an unused session lasts; each use moves the end out again.
pub const SESSION_LIFETIME: Duration = Duration::days(30);

#[derive(FromRow)]
struct SessionUserRow {
    #[sqlx(flatten)]
    user: UserRow,
    expires_at: Timestamp,
    #[sqlx(flatten)]
    counts: NavigationCounts,
}

const INSERT_SESSION: &str =
    "insert into sessions (token_hash, user_id, created_at, expires_at) values ($1, $2, $3, $4)";
// A deactivated account's sessions are deleted, but checking `active` here too means
// no window in which a stale session row could still be honoured. The navigation's
// numbers come in the same statement: every signed-in page needs both, and on Postgres
// each statement is a round trip. Kept by the generations (this module's notes).
pub(super) const SESSION_USER: &str = "select u.id, u.username, u.display_name, u.role, u.active, u.bio, \
     u.can_comment, u.created_at, s.expires_at, \
     (select count(*) from events e where e.user_id = u.id and e.read_at is null) as unread, \
     case when u.role = 'teacher' then (select count(*) from comments where state = 'pending') \
         + (select count(*) from posts where status = 'review' and trashed_at is null) \
     else 0 end as waiting \
     from sessions s join users u on u.id = s.user_id \
     where s.token_hash = $1 and s.expires_at > $2 and u.active = true";
pub(super) const SESSION_USER_HOT: HotStatement = HotStatement {
    purpose: "session of a signed-in reader, with their navigation's numbers (every request with a cookie)",
    sql: SESSION_USER,
    sample: &[Sample::Digest, Sample::Now],
};
const EXTEND_SESSION: &str = "update sessions set expires_at = $2 where token_hash = $1";
const DELETE_SESSION: &str = "delete from sessions where token_hash = $1";
const DELETE_OTHER_SESSIONS: &str = "delete from sessions where user_id = $1 and token_hash <> $2";
const PURGE_SESSIONS: &str = "delete from sessions where expires_at <= $1";

/// Every statement above, for the test that prepares them all on both backends.
pub(super) const STATEMENTS: &[&str] = &[
    INSERT_SESSION,
    SESSION_USER,
    EXTEND_SESSION,
    DELETE_SESSION,
    DELETE_OTHER_SESSIONS,
    PURGE_SESSIONS,
];

impl Store {
    /// Records a new session.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        expires_at: Timestamp,
    ) -> Result<(), sqlx::Error> {
        writing_sessions!(self, pool => {
            sqlx::query(INSERT_SESSION)
                .bind(token_hash)
                .bind(user_id)
                .bind(Timestamp::now())
                .bind(expires_at)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// The active user of an unexpired session, with their navigation's numbers: from
    /// memory while nothing it was read from has changed.
    pub async fn session_user(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<SessionUser>, sqlx::Error> {
        // Read before the statement: a session is at worst read again, never kept long.
        let generations = self.generations();
        let kept = generations.and_then(|read| self.kept_sessions.get(token_hash, read, now));
        if kept.is_some() {
            return Ok(kept);
        }
        let row: Option<SessionUserRow> = on_db!(&self.db, pool => {
            sqlx::query_as(SESSION_USER).bind(token_hash).bind(now).fetch_optional(pool).await?
        });
        let found = row.map(|row| SessionUser {
            user: row.user.into(),
            expires_at: row.expires_at,
            counts: row.counts,
        });
        if let (Some(read), Some(session)) = (generations, &found) {
            self.kept_sessions.keep(token_hash, read, session);
        }
        Ok(found)
    }

    /// Moves a session's end further out (sliding expiry).
    pub async fn extend_session(
        &self,
        token_hash: &str,
        expires_at: Timestamp,
    ) -> Result<(), sqlx::Error> {
        writing_sessions!(self, pool => {
            sqlx::query(EXTEND_SESSION).bind(token_hash).bind(expires_at).execute(pool).await?;
            Ok(())
        })
    }

    /// Ends one session (sign-out).
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), sqlx::Error> {
        writing_sessions!(self, pool => {
            sqlx::query(DELETE_SESSION).bind(token_hash).execute(pool).await?;
            Ok(())
        })
    }

    /// Ends every session of a user but the one given (after a password change).
    pub async fn delete_other_sessions(
        &self,
        user_id: i64,
        keep_token_hash: &str,
    ) -> Result<(), sqlx::Error> {
        writing_sessions!(self, pool => {
            sqlx::query(DELETE_OTHER_SESSIONS)
                .bind(user_id)
                .bind(keep_token_hash)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Deletes sessions that ran out; returns how many.
    pub async fn purge_expired_sessions(&self, now: Timestamp) -> Result<u64, sqlx::Error> {
        writing_sessions!(self, pool => {
            Ok(sqlx::query(PURGE_SESSIONS).bind(now).execute(pool).await?.rows_affected())
        })
    }
}
