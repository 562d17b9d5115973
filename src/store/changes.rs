//! How an instance learns that something a reader sees has changed, so that what it
//! keeps in memory (rendered pages, the site settings) is never older than the database.
//!
//! Every instance counts changes in a local generation number. Its own writes move it
//! at once (the web layer calls [`Store::content_changed`] after every request that may
//! write). Changes made by any other process reach it through the database: triggers on
//! every table a page shows (migration 0008) send a Postgres notification, which each
//! instance listens for, or on SQLite move the `content` counter, which each server reads
//! four times a second. While an instance cannot hear Postgres, its generation is not
//! trusted and nothing is served from memory.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use sqlx::postgres::{PgListener, PgPool};
use sqlx::sqlite::SqlitePool;
use tokio::task::JoinHandle;

use super::Store;
use super::hot::HotStatement;
use crate::db::Db;

/// How often a SQLite server reads the counter that other processes' writes move.
const SQLITE_POLL: Duration = Duration::from_millis(250);
/// How long to wait before listening again after Postgres went away.
const RECONNECT_DELAY: Duration = Duration::from_secs(1);

pub(super) const CONTENT_COUNTER: &str = "select value from change_counters where name = 'content'";
pub(super) const CONTENT_COUNTER_HOT: HotStatement = HotStatement {
    purpose: "content counter (a SQLite server, four times a second)",
    sql: CONTENT_COUNTER,
    sample: &[],
};

pub(super) const STATEMENTS: &[&str] = &[CONTENT_COUNTER];

/// This instance's count of changes to what readers see.
#[derive(Debug, Default)]
pub struct ContentVersion {
    generation: AtomicU64,
    /// False until the watcher hears every change, and again while it cannot.
    trusted: AtomicBool,
}

impl ContentVersion {
    /// The current generation, or `None` when changes might go unheard.
    pub fn current(&self) -> Option<u64> {
        // Every change of trust moves the generation too, so nothing kept before a gap
        // in hearing is used after it.
        let generation = self.generation.load(Ordering::Acquire);
        self.trusted.load(Ordering::Acquire).then_some(generation)
    }

    fn bump(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    fn set_trusted(&self, trusted: bool) {
        self.bump();
        self.trusted.store(trusted, Ordering::Release);
    }
}

impl Store {
    /// This instance's generation of what readers see (see [`ContentVersion`]).
    pub fn content_version(&self) -> Option<u64> {
        self.content.current()
    }

    /// Something a reader sees may just have changed in this process.
    pub fn content_changed(&self) {
        self.content.bump();
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
    let mut seen: Option<i64> = None;
    while !pool.is_closed() {
        match sqlx::query_scalar::<_, i64>(CONTENT_COUNTER)
            .fetch_one(&pool)
            .await
        {
            Ok(value) if seen == Some(value) => {}
            Ok(value) => {
                if seen.is_none() {
                    content.set_trusted(true);
                } else {
                    content.bump();
                }
                seen = Some(value);
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
    // The channel migration 0008's triggers send on.
    listener.listen("quire_content").await?;
    content.set_trusted(true);
    loop {
        match listener.try_recv().await {
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
mod tests {
    use super::ContentVersion;

    #[test]
    fn a_version_is_trusted_only_while_watched_and_moves_on_every_change() {
        let version = ContentVersion::default();
        assert_eq!(version.current(), None);
        version.set_trusted(true);
        let first = version.current().expect("trusted once watched");
        version.bump();
        let second = version.current().expect("still trusted");
        assert!(second > first);
        version.set_trusted(false);
        assert_eq!(version.current(), None);
        version.set_trusted(true);
        assert!(version.current().expect("trusted again") > second);
    }
}
