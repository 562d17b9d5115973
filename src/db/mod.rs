//! The database handle: one enum over the two native pools, so every query is
//! written once (with `$1…` placeholders) and runs on SQLite and Postgres alike.
//!
//! Per-backend code lives here and nowhere else: connection set-up, the
//! migration folders, and how a writing transaction begins.

mod batched;
mod timestamp;

pub(crate) use batched::batched;
pub use timestamp::Timestamp;

use std::collections::HashMap;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Postgres, Sqlite, Transaction};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Expands one body for each backend, with `$pool` bound to that backend's pool.
///
/// The body is type-checked twice, once per driver, so a query that binds a
/// type one backend cannot carry fails to compile rather than at run time.
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_db;

/// A connection pool to whichever database quire was pointed at.
#[derive(Clone, Debug)]
pub enum Db {
    /// The embedded default: one file, nothing to install.
    Sqlite(SqlitePool),
    /// For a district, or several app instances behind a load balancer.
    Postgres(PgPool),
}

/// Which database a URL names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// `sqlite:` URLs and bare file names.
    Sqlite,
    /// `postgres:` and `postgresql:` URLs.
    Postgres,
}

impl Backend {
    /// Reads the backend from a database URL; anything not Postgres is a SQLite file.
    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Db {
    /// Opens a pool for `url`, creating the SQLite file if it does not exist yet.
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        match Backend::of_url(url) {
            Backend::Postgres => Self::connect_postgres(PgConnectOptions::from_str(url)?).await,
            Backend::Sqlite => Self::connect_sqlite(url).await,
        }
    }

    async fn connect_sqlite(url: &str) -> Result<Db, sqlx::Error> {
        let url = if url.starts_with("sqlite:") {
            url.to_owned()
        } else {
            format!("sqlite://{url}")
        };
        let (url, synchronous) = split_synchronous(&url)?;
        let options = SqliteConnectOptions::from_str(&url)?
            .create_if_missing(true)
            // WAL lets readers go on while one request writes; see `split_synchronous`
            // for what a power cut may take under each `synchronous` setting.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(synchronous)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        Ok(Db::Sqlite(pool))
    }

    /// Opens a Postgres pool with the given options (tests use them to pick a schema).
    pub async fn connect_postgres(options: PgConnectOptions) -> Result<Db, sqlx::Error> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        Ok(Db::Postgres(pool))
    }

    /// Applies the migrations of this backend's folder that have not run yet.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Db::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await,
            Db::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await,
        }
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Answers whether the database takes a query now (for `/healthz`).
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        on_db!(self, pool => sqlx::query("select 1").execute(pool).await.map(|_| ()))
    }

    /// Closes every connection; used at shutdown so SQLite checkpoints its WAL.
    pub async fn close(&self) {
        on_db!(self, pool => pool.close().await)
    }
}

/// SQLite's `synchronous` setting when the URL does not name one: FULL, so that a
/// power cut loses nothing acknowledged. Measured with `bench/durability`, it costs
/// about a quarter of a millisecond a commit (comments at 1 connection: 571 a second
/// against 715 with NORMAL; at 32 connections 6 % fewer), far above a class's rate.
const DEFAULT_SYNCHRONOUS: SqliteSynchronous = SqliteSynchronous::Full;

/// Takes quire's own `synchronous=full|normal` parameter out of a SQLite URL (sqlx
/// refuses parameters it does not know) and returns the URL without it, and the setting.
///
/// In WAL mode both survive a crash of the process: a commit is in the WAL file, in
/// the operating system's hands, before it is acknowledged. They differ on a power cut:
/// FULL syncs the WAL to the disk at every commit, so nothing acknowledged is lost;
/// NORMAL syncs only when the WAL is copied back into the database (a checkpoint), so
/// the transactions since the last one may be lost, though the file stays consistent.
fn split_synchronous(url: &str) -> Result<(String, SqliteSynchronous), sqlx::Error> {
    let Some((base, query)) = url.split_once('?') else {
        return Ok((url.to_owned(), DEFAULT_SYNCHRONOUS));
    };
    let mut synchronous = DEFAULT_SYNCHRONOUS;
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        match pair.split_once('=') {
            Some(("synchronous", value)) => {
                synchronous = match value.to_ascii_lowercase().as_str() {
                    "full" => SqliteSynchronous::Full,
                    "normal" => SqliteSynchronous::Normal,
                    _ => {
                        return Err(sqlx::Error::Configuration(
                            format!("synchronous={value} in the database URL: use full or normal")
                                .into(),
                        ));
                    }
                }
            }
            _ => kept.push(pair),
        }
    }
    let url = if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    Ok((url, synchronous))
}

/// A writing transaction; on SQLite it also holds the database's one writer's turn.
pub(crate) struct WriteTx<DB: sqlx::Database> {
    tx: Transaction<'static, DB>,
    _turn: Option<OwnedSemaphorePermit>,
}

impl<DB: sqlx::Database> WriteTx<DB> {
    /// Commits, then gives the next writer its turn.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl<DB: sqlx::Database> std::ops::Deref for WriteTx<DB> {
    type Target = DB::Connection;
    fn deref(&self) -> &DB::Connection {
        &self.tx
    }
}

impl<DB: sqlx::Database> std::ops::DerefMut for WriteTx<DB> {
    fn deref_mut(&mut self) -> &mut DB::Connection {
        &mut self.tx
    }
}

/// Starts a transaction that will write.
///
/// SQLite must take its write lock at `BEGIN` (IMMEDIATE): a deferred transaction
/// that reads and then writes fails with "database is locked" instead of waiting.
/// And SQLite has one writer at a time: a second `BEGIN IMMEDIATE` waits in SQLite's
/// busy handler, which sleeps 1, 2, 5, 10… up to 100 ms between tries, so 32 students
/// posting at once spend most of their time asleep. Writers to the same file therefore
/// queue here first, on an async semaphore, and each starts the moment its turn comes.
pub(crate) trait BeginWrite {
    type Database: sqlx::Database;
    async fn begin_write(&self) -> Result<WriteTx<Self::Database>, sqlx::Error>;
}

impl BeginWrite for SqlitePool {
    type Database = Sqlite;
    async fn begin_write(&self) -> Result<WriteTx<Sqlite>, sqlx::Error> {
        let turn = writer_queue(self).acquire_owned().await.ok();
        let tx = self.begin_with("BEGIN IMMEDIATE").await?;
        Ok(WriteTx { tx, _turn: turn })
    }
}

impl BeginWrite for PgPool {
    type Database = Postgres;
    async fn begin_write(&self) -> Result<WriteTx<Postgres>, sqlx::Error> {
        Ok(WriteTx {
            tx: self.begin().await?,
            _turn: None,
        })
    }
}

/// The queue of writers to `pool`'s file, shared by every pool on that file in this
/// process (a second instance in the tests, say).
fn writer_queue(pool: &SqlitePool) -> Arc<Semaphore> {
    static QUEUES: LazyLock<Mutex<HashMap<PathBuf, Arc<Semaphore>>>> =
        LazyLock::new(Default::default);
    let file = pool.connect_options().get_filename().to_path_buf();
    let mut queues = QUEUES.lock().unwrap_or_else(PoisonError::into_inner);
    Arc::clone(
        queues
            .entry(file)
            .or_insert_with(|| Arc::new(Semaphore::new(1))),
    )
}

/// True when the error is a unique-constraint failure, on either backend.
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .is_some_and(|e| e.is_unique_violation())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_synchronous_parameter_is_taken_out_of_the_url_and_the_rest_kept() {
        let (url, sync) =
            split_synchronous("sqlite://q.db?synchronous=FULL&mode=rwc").expect("full is known");
        assert_eq!(url, "sqlite://q.db?mode=rwc");
        assert_eq!(sync, SqliteSynchronous::Full);
        let (url, sync) =
            split_synchronous("sqlite://q.db?synchronous=normal").expect("normal is known");
        assert_eq!(url, "sqlite://q.db");
        assert_eq!(sync, SqliteSynchronous::Normal);
        let (url, sync) = split_synchronous("sqlite://q.db").expect("no parameter is fine");
        assert_eq!(url, "sqlite://q.db");
        assert_eq!(sync, DEFAULT_SYNCHRONOUS);
        assert!(split_synchronous("sqlite://q.db?synchronous=off").is_err());
    }
}
