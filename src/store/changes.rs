//! How an instance learns that something a reader sees has changed, so that what it
//! keeps in memory (rendered pages, the site settings) is never older than the database.
//!
//! Every instance counts changes in a local generation number. Changes made by any
//! other process reach it through the database: triggers on every table a page shows
//! (migration 0008) send a Postgres notification, which each instance listens for, or on
//! SQLite move the `content` counter, which each server reads four times a second. A
//! comment no anonymous reader sees (waiting, rejected, spam) moves only the members'
//! generation, on the channel `quire_members` or the `members` counter (migration 0022);
//! a session started or ended, an event told or read, or commenting paused moves only
//! the sessions' generation, on `quire_sessions` or the `sessions` counter (0023).
//! While an instance cannot hear Postgres, its generation is not trusted and nothing is
//! served from memory.
//!
//! Its own writes move it at once, from the store's write path, so a request that wrote
//! nothing a page shows (a refused form, a sign-in) drops nothing kept. **The rule:**
//! every store method that writes a table migration 0008 watches (users, settings,
//! posts, post_slugs, labels, post_labels, images, comments) runs its statements inside
//! `writing_shown!`, which moves the generation once they are done, after the commit,
//! whether they succeeded or not (a needless move costs one page drawn again; a missing
//! one would serve a stale page). The few writes to those tables that change nothing a
//! page shows (a password, the form's signing key) are listed in this file's test, which
//! reads the store's sources and fails when a method writes a watched table without
//! moving the generation. **The same rule** holds for what a member's session statement
//! reads besides (sessions, events, whether a member may comment): such writes run in
//! `writing_sessions!`, checked by the file's second test.

use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgListener, PgPool};
use sqlx::sqlite::SqlitePool;
use tokio::task::JoinHandle;

use super::content_version::{ContentVersion, Generations};
use super::handle::Store;
use super::hot::HotStatement;
use crate::db::Db;

/// Runs `$body` (an expression over the backend's `$pool`, giving `Result<_, sqlx::Error>`;
/// it may use `?` and `return`), then calls the store's `$moved`, whatever the outcome:
/// the rule in this module's notes, for the two macros below.
macro_rules! writing_then {
    ($store:expr, $moved:ident, $pool:ident => $body:expr) => {{
        let store: &$crate::store::handle::Store = $store;
        let written: Result<_, sqlx::Error> =
            $crate::db::on_db!(&store.db, $pool => async { $body }.await);
        store.$moved();
        written
    }};
}

/// A write to a table pages show: moves this instance's content generation.
macro_rules! writing_shown {
    ($store:expr, $pool:ident => $body:expr) => {
        writing_then!($store, content_changed, $pool => $body)
    };
}

/// A write to what only teachers' pages show (the class's groups): moves this instance's
/// members' generation, not what anonymous readers are kept.
macro_rules! writing_members {
    ($store:expr, $pool:ident => $body:expr) => {
        writing_then!($store, members_changed, $pool => $body)
    };
}

/// A write to what only a member's session statement reads (sessions, events, whether
/// they may comment): moves this instance's sessions generation, so a kept session is
/// never used after what it was read from changed.
macro_rules! writing_sessions {
    ($store:expr, $pool:ident => $body:expr) => {
        writing_then!($store, sessions_changed, $pool => $body)
    };
}

/// How often a SQLite server reads the counter that other processes' writes move.
const SQLITE_POLL: Duration = Duration::from_millis(250);
/// How long to wait before listening again after Postgres went away.
const RECONNECT_DELAY: Duration = Duration::from_secs(1);

/// The counters other processes' writes move: what everyone sees, what only members
/// see, and what only a member's session statement reads.
pub(super) const CONTENT_COUNTER: &str = "select \
     (select value from change_counters where name = 'content'), \
     (select value from change_counters where name = 'members'), \
     (select value from change_counters where name = 'sessions')";
pub(super) const CONTENT_COUNTER_HOT: HotStatement = HotStatement {
    purpose: "content, members and sessions counters (a SQLite server, four times a second)",
    sql: CONTENT_COUNTER,
    sample: &[],
};

pub(super) const STATEMENTS: &[&str] = &[CONTENT_COUNTER];

impl Store {
    /// This instance's generation of what readers see (see [`ContentVersion`]).
    pub fn content_version(&self) -> Option<u64> {
        self.content.current()
    }

    /// Something a reader sees may just have changed in this process. The store's own
    /// writes call it through `writing_shown!`; call it only after writing around the
    /// store (a test ageing a row with raw SQL, say).
    pub fn content_changed(&self) {
        self.content.bump();
    }

    /// This instance's generation of what signed-in members see: it moves with
    /// [`Store::content_version`] and with changes only members see.
    pub fn members_version(&self) -> Option<u64> {
        self.content.members_current()
    }

    /// Something only signed-in members see may just have changed in this process: a
    /// comment left waiting, which its author and the teachers see at once.
    pub fn members_changed(&self) {
        self.content.bump_members();
    }

    /// This instance's three generations at once, for a kept session (see
    /// `kept_sessions.rs`).
    pub(super) fn generations(&self) -> Option<Generations> {
        self.content.all_current()
    }

    /// A session, an event or a member's permission to comment may just have changed in
    /// this process: the store's own writes call it through `writing_sessions!`.
    pub(super) fn sessions_changed(&self) {
        self.content.bump_sessions();
    }

    /// Starts listening for changes made by other processes. Until this runs (and while
    /// it cannot reach the database), [`Store::content_version`] is `None`.
    pub fn watch_content(&self) -> JoinHandle<()> {
        let content = Arc::clone(&self.content);
        match &self.db {
            Db::Sqlite(pool) => tokio::spawn(poll_counter(pool.clone(), content)),
            Db::Postgres(pool) => tokio::spawn(listen(pool.clone(), content)),
        }
    }
}

async fn poll_counter(pool: SqlitePool, content: Arc<ContentVersion>) {
    let mut seen: Option<(i64, i64, i64)> = None;
    while !pool.is_closed() {
        match sqlx::query_as::<_, (i64, i64, i64)>(CONTENT_COUNTER)
            .fetch_one(&pool)
            .await
        {
            Ok(counters) if seen == Some(counters) => {}
            Ok(counters) => {
                match seen {
                    None => content.set_trusted(true),
                    Some((everyone, _, _)) if everyone != counters.0 => content.bump(),
                    Some((_, members, _)) if members != counters.1 => content.bump_members(),
                    Some(_) => content.bump_sessions(),
                }
                seen = Some(counters);
            }
            Err(error) => {
                if seen.take().is_some() {
                    tracing::warn!(%error, "cannot read the content counter; pages are not cached");
                    content.set_trusted(false);
                }
            }
        }
        tokio::time::sleep(SQLITE_POLL).await;
    }
}

async fn listen(pool: PgPool, content: Arc<ContentVersion>) {
    while !pool.is_closed() {
        match hear_changes(&pool, &content).await {
            Ok(()) => return,
            Err(error) => {
                tracing::warn!(%error, "not hearing changes from Postgres; pages are not cached");
                content.set_trusted(false);
                tokio::time::sleep(RECONNECT_DELAY).await;
            }
        }
    }
}

/// Listens until the pool closes (`Ok`) or the connection fails for good (`Err`).
async fn hear_changes(pool: &PgPool, content: &ContentVersion) -> Result<(), sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    // The channels migrations 0008 (what every reader sees), 0022 (what only members
    // see) and 0023 (what only their session statement reads) send on.
    let (everything, members_only, sessions_only) =
        ("quire_content", "quire_members", "quire_sessions");
    listener
        .listen_all([everything, members_only, sessions_only])
        .await?;
    content.set_trusted(true);
    loop {
        match listener.try_recv().await {
            Ok(Some(told)) if told.channel() == members_only => content.bump_members(),
            Ok(Some(told)) if told.channel() == sessions_only => content.bump_sessions(),
            Ok(Some(_)) => content.bump(),
            // The connection dropped and the listener has connected and listened again;
            // whatever was sent in between is lost, so everything kept is dropped.
            Ok(None) => content.bump(),
            Err(sqlx::Error::PoolClosed) => return Ok(()),
            Err(error) => return Err(error),
        }
    }
}

#[cfg(test)]
#[path = "changes_rule.rs"]
mod tests;
