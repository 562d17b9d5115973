//! The sessions an instance has read lately, each with the sessions' generation it was
//! read at (see `changes.rs` and `sessions.rs`), and what a session's statement reads:
//! who is signed in and the numbers their navigation shows.

use std::sync::Arc;

use quick_cache::sync::Cache;
use sqlx::FromRow;

use crate::accounts::User;
use crate::db::Timestamp;

/// How many sessions an instance keeps read (a few hundred bytes each).
const KEPT: usize = 4_096;

/// The signed-in user behind a session, when the session runs out, and the numbers
/// their navigation shows.
#[derive(Clone, Debug)]
pub struct SessionUser {
    /// Who is signed in.
    pub user: User,
    /// When the session ends unless it is used again.
    pub expires_at: Timestamp,
    /// Their unread events, and for teachers what waits.
    pub counts: NavigationCounts,
}

/// What the navigation shows beside "Your posts" and "Moderation".
#[derive(Clone, Copy, Debug, Default, FromRow)]
pub struct NavigationCounts {
    /// The member's unread events.
    pub unread: i64,
    /// Comments and posts waiting for a teacher (0 for students).
    pub waiting: i64,
}

/// Sessions as read, by the digest of their token.
pub(super) struct KeptSessions(Cache<String, Arc<(u64, SessionUser)>>);

impl KeptSessions {
    pub(super) fn new() -> KeptSessions {
        KeptSessions(Cache::new(KEPT))
    }

    /// The session read at `generation`, unless it has run out by `now`.
    pub(super) fn get(
        &self,
        token_hash: &str,
        generation: u64,
        now: Timestamp,
    ) -> Option<SessionUser> {
        let kept = self.0.get(token_hash)?;
        let (read_at, session) = kept.as_ref();
        (*read_at == generation && session.expires_at > now).then(|| session.clone())
    }

    /// Keeps `session`, read at `generation`.
    pub(super) fn keep(&self, token_hash: &str, generation: u64, session: &SessionUser) {
        let kept = Arc::new((generation, session.clone()));
        self.0.insert(token_hash.to_owned(), kept);
    }
}

impl std::fmt::Debug for KeptSessions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeptSessions")
            .field("sessions", &self.0.len())
            .finish()
    }
}
