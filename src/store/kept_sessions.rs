//! The sessions an instance has read lately, each with the generations it was read at
//! (see `changes.rs` and `sessions.rs`), and what a session's statement reads: who is
//! signed in and the numbers their navigation shows.
//!
//! A kept session is used while the sessions' generation (sessions, events, permission
//! to comment) has not moved, nor, for a student, the content generation (their name,
//! role, whether they are active), nor, for a teacher, the members' generation (which
//! also moves with every comment left waiting, a number in their navigation). So a class
//! sending comments for the teacher does not make every student's session read again.

use std::sync::Arc;

use quick_cache::sync::Cache;
use sqlx::FromRow;

use super::content_version::Generations;
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
pub(super) struct KeptSessions(Cache<String, Arc<(Generations, SessionUser)>>);

impl KeptSessions {
    pub(super) fn new() -> KeptSessions {
        KeptSessions(Cache::new(KEPT))
    }

    /// The session kept for `token_hash`, unless what it was read from may have changed
    /// since (the generations are `now`'s) or it has run out by `at`.
    pub(super) fn get(
        &self,
        token_hash: &str,
        now: Generations,
        at: Timestamp,
    ) -> Option<SessionUser> {
        let kept = self.0.get(token_hash)?;
        let (read, session) = kept.as_ref();
        let same_reader = if session.user.is_teacher() {
            read.members == now.members
        } else {
            read.content == now.content
        };
        let fresh = same_reader && read.sessions == now.sessions && session.expires_at > at;
        fresh.then(|| session.clone())
    }

    /// Keeps `session`, read at the generations `read`.
    pub(super) fn keep(&self, token_hash: &str, read: Generations, session: &SessionUser) {
        let kept = Arc::new((read, session.clone()));
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
