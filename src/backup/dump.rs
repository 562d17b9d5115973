//! `quire backup`: every archived table read in one snapshot and written to an archive
//! as the rows arrive, so quire keeps serving and memory holds one row (one picture)
//! at a time.

use futures_util::TryStreamExt;
use serde_json::{Map, Value as Json};
use sqlx::{AssertSqlSafe, Row};
use tokio::io::AsyncWrite;

use super::archive::ArchiveWriter;
use super::error::BackupError;
use super::format::{
    self, ColumnEntry, FORMAT_NAME, FORMAT_VERSION, FileEntry, MANIFEST, Manifest, TableEntry,
};
use super::tables::{ARCHIVED, Kind, Table};
use crate::db::{Backend, Timestamp, on_db};
use crate::store::Store;

/// What a finished backup holds.
#[derive(Debug)]
pub struct Summary {
    /// Rows written, all tables together.
    pub rows: u64,
    /// Picture files written.
    pub pictures: u64,
}

/// How each backend starts a read that sees one moment of the database: on SQLite a
/// deferred transaction takes its snapshot at its first read and holds it (WAL lets
/// writers go on); on Postgres REPEATABLE READ gives every statement the same snapshot.
fn begin_snapshot(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "begin deferred",
        Backend::Postgres => "begin isolation level repeatable read, read only",
    }
}

/// Writes `$table`'s rows as JSON Lines and answers its manifest entry.
macro_rules! dump_rows {
    ($conn:expr, $table:expr, $backend:expr, $archive:ident) => {{
        let table: &Table = $table;
        let read = table.row_columns();
        let file = format::table_file(table.name);
        $archive.start(&file, true)?;
        let mut rows = sqlx::query(AssertSqlSafe(table.select(&read, $backend))).fetch($conn);
        let mut count = 0u64;
        while let Some(row) = rows.try_next().await? {
            count += 1;
            let mut line = Map::new();
            let mut at = 0;
            for (name, kind) in table.columns {
                let value = match kind {
                    Kind::Integer => Json::from(row.try_get::<Option<i64>, _>(at)?),
                    Kind::Text => Json::from(row.try_get::<Option<String>, _>(at)?),
                    Kind::Boolean => Json::from(row.try_get::<Option<bool>, _>(at)?),
                    Kind::Time => format::time_json(row.try_get::<Option<Timestamp>, _>(at)?),
                    Kind::Picture => Json::from(format::picture_file(table.name, count, name)),
                };
                if *kind != Kind::Picture {
                    at += 1;
                }
                line.insert((*name).to_owned(), value);
            }
            let mut text = serde_json::to_vec(&line).map_err(std::io::Error::other)?;
            text.push(b'\n');
            $archive.write(&text).await?;
        }
        let written = $archive.written();
        TableEntry {
            name: table.name.to_owned(),
            file,
            columns: table
                .columns
                .iter()
                .map(|(name, kind)| ColumnEntry {
                    name: (*name).to_owned(),
                    kind: kind.as_str().to_owned(),
                })
                .collect(),
            rows: count,
            sha256: written.sha256,
        }
    }};
}

/// Writes each picture of `$table` as a file of its own, in the rows' order, and lists
/// each with its checksum.
macro_rules! dump_pictures {
    ($conn:expr, $table:expr, $backend:expr, $archive:ident, $list:expr) => {{
        let table: &Table = $table;
        let columns = table.picture_columns();
        let mut rows = sqlx::query(AssertSqlSafe(table.select(&columns, $backend))).fetch($conn);
        let mut count = 0u64;
        while let Some(row) = rows.try_next().await? {
            count += 1;
            for (at, (name, _)) in columns.iter().enumerate() {
                let bytes: Vec<u8> = row.try_get(at)?;
                let file = format::picture_file(table.name, count, name);
                $archive.start(&file, false)?;
                $archive.write(&bytes).await?;
                let written = $archive.written();
                $list.push(FileEntry {
                    file,
                    bytes: written.bytes,
                    sha256: written.sha256,
                });
            }
        }
    }};
}

/// Writes a backup of everything archived to `out`, then returns `out`.
pub async fn write_backup<W: AsyncWrite + Unpin>(
    store: &Store,
    out: W,
) -> Result<(W, Summary), BackupError> {
    let backend = store.db().backend();
    let mut archive = ArchiveWriter::new(out);
    let mut manifest = Manifest {
        format: FORMAT_NAME.to_owned(),
        format_version: FORMAT_VERSION,
        quire_version: env!("CARGO_PKG_VERSION").to_owned(),
        created_at: Timestamp::now().to_string(),
        tables: Vec::new(),
        pictures: Vec::new(),
    };
    on_db!(store.db(), pool => {
        let mut tx = pool.begin_with(begin_snapshot(backend)).await?;
        for table in ARCHIVED {
            let entry = dump_rows!(&mut *tx, table, backend, archive);
            manifest.tables.push(entry);
            if !table.picture_columns().is_empty() {
                dump_pictures!(&mut *tx, table, backend, archive, manifest.pictures);
            }
        }
        tx.rollback().await?;
    });
    let summary = Summary {
        rows: manifest.tables.iter().map(|t| t.rows).sum(),
        pictures: manifest.pictures.len() as u64,
    };
    archive.start(MANIFEST, true)?;
    let text = serde_json::to_vec_pretty(&manifest).map_err(std::io::Error::other)?;
    archive.write(&text).await?;
    let out = archive.finish().await?;
    Ok((out, summary))
}
