//! `quire restore`: an archive loaded into an empty database (or, with `--replace`, one
//! emptied first) in one transaction, parents before children, so a refusal or a damaged
//! file part-way leaves the database exactly as it was.

use std::path::{Path, PathBuf};

use sqlx::AssertSqlSafe;
use tokio::sync::mpsc;

use super::bulk;
use super::error::BackupError;
use super::format::{Manifest, Value};
use super::load::LoadRows;
use super::read::{self, Item};
use super::sql::reset_sequence;
use super::tables::{ARCHIVED, EMPTIED_ON_REPLACE, Table};
use crate::db::{Backend, BeginWrite, on_db};
use crate::store::Store;

/// Rows waiting between the reading thread and the database.
const QUEUE: usize = 256;

/// The first archived table that holds a row, if any.
macro_rules! first_not_empty {
    ($conn:expr) => {{
        let mut found: Option<&'static str> = None;
        for table in ARCHIVED {
            let sql = format!("select 1 from {} limit 1", table.name);
            let row: Option<(i32,)> = sqlx::query_as(AssertSqlSafe(sql))
                .fetch_optional($conn)
                .await?;
            if row.is_some() {
                found = Some(table.name);
                break;
            }
        }
        found
    }};
}

/// Loads the rows gathered in `$batch` into their table, and empties it.
macro_rules! flush {
    ($conn:expr, $batch:ident) => {
        if let Some((table, columns)) = &$batch.table
            && $batch.rows > 0
        {
            LoadRows::load_rows($conn, table, columns, &mut $batch.values, $batch.rows).await?;
            $batch.rows = 0;
            $batch.bytes = 0;
        }
    };
}

/// Rows inserted by one statement: at most this many (fewer round trips through
/// sqlx's worker thread on SQLite, and over the network on Postgres)…
const BATCH_ROWS: usize = 1000;
/// …with at most this many values (SQLite takes 32,766 placeholders, Postgres 65,535)…
/// …or about this many bytes of text and pictures.
const BATCH_BYTES: usize = 4 * 1024 * 1024;
const BATCH_VALUES: usize = 32_000;

/// Rows of one table waiting to be inserted together (a statement a row is several
/// times slower on Postgres, whose every statement is a round trip).
#[derive(Default)]
struct Batch {
    table: Option<(&'static Table, Vec<String>)>,
    values: Vec<Value>,
    rows: usize,
    bytes: usize,
}

impl Batch {
    fn push(&mut self, row: Vec<Value>) {
        self.bytes += row.iter().map(Value::weight).sum::<usize>();
        self.values.extend(row);
        self.rows += 1;
    }

    fn is_full(&self) -> bool {
        // Every row of a table has the same number of values.
        let width = self.values.len() / self.rows.max(1);
        self.rows >= BATCH_ROWS
            || self.bytes >= BATCH_BYTES
            || self.values.len() + width > BATCH_VALUES
    }
}

/// What a restore loaded.
#[derive(Debug)]
pub struct Restored {
    /// Rows inserted, all tables together.
    pub rows: u64,
}

/// Whether a restore may empty a database that already holds a class blog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Existing {
    /// Refuse unless every archived table is empty.
    Refuse,
    /// Empty it, in the same transaction as the load.
    Replace,
}

/// Reads and checks the manifest of `path` (on a blocking thread); touches no database.
pub async fn check_archive(path: &Path) -> Result<Manifest, BackupError> {
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || read::open(&path))
        .await
        .map_err(std::io::Error::other)?
}

/// Loads the archive at `path`, whose manifest `check_archive` read, into `store`.
pub async fn load(
    store: &Store,
    path: &Path,
    manifest: Manifest,
    existing: Existing,
) -> Result<Restored, BackupError> {
    let backend = store.db().backend();
    let (to_loader, mut rows) = mpsc::channel(QUEUE);
    let path: PathBuf = path.to_owned();
    let reader = tokio::task::spawn_blocking(move || read::send_rows(&path, &manifest, &to_loader));
    let mut count = 0u64;
    let loaded: Result<(), BackupError> = on_db!(store.db(), pool => async {
        let mut tx = pool.begin_write().await?;
        let not_empty = first_not_empty!(&mut *tx);
        if let (Some(table), Existing::Refuse) = (not_empty, existing) {
            return Err(BackupError::NotEmpty(table.to_owned()));
        }
        for setting in bulk::before_load(backend) {
            sqlx::query(*setting).execute(&mut *tx).await?;
        }
        let set_aside: Vec<(String, String)> =
            sqlx::query_as(AssertSqlSafe(bulk::set_aside(backend)))
                .fetch_all(&mut *tx)
                .await?;
        for (set_aside, _) in &set_aside {
            sqlx::query(AssertSqlSafe(set_aside.as_str())).execute(&mut *tx).await?;
        }
        if not_empty.is_some() {
            for name in EMPTIED_ON_REPLACE.iter().chain(ARCHIVED.iter().rev().map(|t| &t.name)) {
                sqlx::query(AssertSqlSafe(format!("delete from {name}"))).execute(&mut *tx).await?;
            }
        }
        let mut batch = Batch::default();
        while let Some(item) = rows.recv().await {
            match item {
                Item::Table(table, columns) => {
                    flush!(&mut *tx, batch);
                    batch.table = Some((table, columns));
                }
                Item::Row(values) => {
                    count += 1;
                    batch.push(values);
                    if batch.is_full() {
                        flush!(&mut *tx, batch);
                    }
                }
            }
        }
        flush!(&mut *tx, batch);
        // The reader stops at the first problem; it must have read everything.
        reader.await.map_err(std::io::Error::other)??;
        for (_, put_back) in set_aside {
            sqlx::query(AssertSqlSafe(put_back)).execute(&mut *tx).await?;
        }
        if backend == Backend::Postgres {
            for table in ARCHIVED.iter().filter(|t| t.identity) {
                sqlx::query(AssertSqlSafe(reset_sequence(table))).execute(&mut *tx).await?;
            }
        }
        sqlx::query(BUMP_COUNTERS).execute(&mut *tx).await?;
        for setting in bulk::after_load(backend) {
            sqlx::query(*setting).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }.await);
    store.content_changed();
    loaded.map(|()| Restored { rows: count })
}

/// Every instance's copies of the labels, the archive and rendered pages are stale.
const BUMP_COUNTERS: &str = "update change_counters set value = value + 1";
