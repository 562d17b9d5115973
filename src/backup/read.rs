//! Reading an archive back: the manifest first (is it a quire backup, of a format this
//! quire reads?), then every table's rows in loading order, each line checked against
//! its kinds and every file against the manifest's checksums. Runs on a blocking thread
//! and hands rows over a bounded channel, so memory holds a few rows at a time.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde_json::{Map, Value as Json};
use sha2::{Digest, Sha256};
use tokio::sync::mpsc::Sender;
use zip::ZipArchive;

use super::error::BackupError;
use super::format::{self, FORMAT_NAME, FORMAT_VERSION, MANIFEST, Manifest, TableEntry, Value};
use super::tables::{ARCHIVED, Kind, Table, archived};

/// The longest line (row) or manifest read; more means the file is not what it claims.
const MAX_LINE: u64 = 64 * 1024 * 1024;

/// What the reader hands the loader.
pub enum Item {
    /// The rows that follow belong to this table, in these columns.
    Table(&'static Table, Vec<String>),
    /// One row, its values in the columns' order.
    Row(Vec<Value>),
}

fn damaged(what: impl std::fmt::Display) -> BackupError {
    BackupError::Damaged(what.to_string())
}

/// Opens `path` as a zip and reads its manifest, refusing anything that is not a quire
/// backup this quire can read. Touches no database.
pub fn open(path: &Path) -> Result<Manifest, BackupError> {
    let shown = path.display().to_string();
    let mut file = File::open(path)?;
    let mut magic = [0u8; 4];
    let starts_like_zip = file.read_exact(&mut magic).is_ok() && magic == *b"PK\x03\x04";
    let mut zip = match ZipArchive::new(File::open(path)?) {
        Ok(zip) => zip,
        Err(_) if starts_like_zip => {
            return Err(damaged("the file was cut short (its end is missing)"));
        }
        Err(_) => return Err(BackupError::NotAnArchive(shown)),
    };
    let Ok(entry) = zip.by_name(MANIFEST) else {
        return Err(BackupError::NotAnArchive(shown));
    };
    let mut text = Vec::new();
    entry
        .take(MAX_LINE)
        .read_to_end(&mut text)
        .map_err(|e| damaged(format!("{MANIFEST}: {e}")))?;
    let manifest: Manifest = match serde_json::from_slice(&text) {
        Ok(manifest) => manifest,
        Err(_) => return Err(BackupError::NotAnArchive(shown)),
    };
    if manifest.format != FORMAT_NAME {
        return Err(BackupError::NotAnArchive(shown));
    }
    if manifest.format_version > FORMAT_VERSION {
        return Err(BackupError::NewerFormat {
            found: manifest.format_version,
            reads: FORMAT_VERSION,
        });
    }
    for entry in &manifest.tables {
        check_columns(entry)?;
    }
    Ok(manifest)
}

/// A table this quire knows, with columns it knows, of the kinds it knows.
fn check_columns(entry: &TableEntry) -> Result<(), BackupError> {
    let table = archived(&entry.name).ok_or_else(|| {
        damaged(format!(
            "it holds a table this quire does not know: {}",
            entry.name
        ))
    })?;
    for column in &entry.columns {
        let kind = Kind::parse(&column.kind);
        if kind.is_none() || table.kind_of(&column.name) != kind {
            return Err(damaged(format!(
                "{}.{} is not a column this quire knows as {}",
                entry.name, column.name, column.kind
            )));
        }
    }
    Ok(())
}

/// Sends every table's rows, in loading order, then returns. Stops at the first
/// problem and returns it (the loader then rolls back).
pub fn send_rows(path: &Path, manifest: &Manifest, to: &Sender<Item>) -> Result<(), BackupError> {
    let mut rows_zip = ZipArchive::new(File::open(path)?).map_err(damaged)?;
    let mut pictures_zip = ZipArchive::new(File::open(path)?).map_err(damaged)?;
    let pictures: HashMap<&str, (u64, &str)> = manifest
        .pictures
        .iter()
        .map(|p| (p.file.as_str(), (p.bytes, p.sha256.as_str())))
        .collect();
    for table in ARCHIVED {
        let Some(entry) = manifest.tables.iter().find(|t| t.name == table.name) else {
            continue;
        };
        let columns: Vec<String> = entry.columns.iter().map(|c| c.name.clone()).collect();
        if to.blocking_send(Item::Table(table, columns)).is_err() {
            return Ok(());
        }
        let file = rows_zip
            .by_name(&entry.file)
            .map_err(|_| damaged(format!("{} is missing", entry.file)))?;
        let mut lines = BufReader::new(file);
        let mut hash = Sha256::new();
        let mut count = 0u64;
        let mut line = Vec::new();
        loop {
            line.clear();
            let read = (&mut lines)
                .take(MAX_LINE)
                .read_until(b'\n', &mut line)
                .map_err(|e| damaged(format!("{}: {e}", entry.file)))?;
            if read == 0 {
                break;
            }
            hash.update(&line);
            count += 1;
            let row = parse_row(table, entry, &line).ok_or_else(|| {
                damaged(format!(
                    "{} line {count} is not a row of {}",
                    entry.file, table.name
                ))
            })?;
            let row = with_pictures(row, &mut pictures_zip, &pictures)?;
            if to.blocking_send(Item::Row(row)).is_err() {
                return Ok(());
            }
        }
        if count != entry.rows || hex::encode(hash.finalize()) != entry.sha256 {
            return Err(damaged(format!(
                "{} does not match its checksum",
                entry.file
            )));
        }
    }
    Ok(())
}

/// A value per column, or a picture's file name where the picture goes.
enum Cell {
    Value(Value),
    Picture(String),
}

fn parse_row(table: &Table, entry: &TableEntry, line: &[u8]) -> Option<Vec<Cell>> {
    let object: Map<String, Json> = serde_json::from_slice(line).ok()?;
    if object.len() != entry.columns.len() {
        return None;
    }
    entry
        .columns
        .iter()
        .map(|column| {
            let json = object.get(&column.name)?;
            match table.kind_of(&column.name)? {
                Kind::Picture => json.as_str().map(|name| Cell::Picture(name.to_owned())),
                kind => format::value_from_json(kind, json).map(Cell::Value),
            }
        })
        .collect()
}

/// Reads each picture a row names, checked against the manifest.
fn with_pictures(
    row: Vec<Cell>,
    zip: &mut ZipArchive<File>,
    pictures: &HashMap<&str, (u64, &str)>,
) -> Result<Vec<Value>, BackupError> {
    row.into_iter()
        .map(|cell| match cell {
            Cell::Value(value) => Ok(value),
            Cell::Picture(name) => {
                let (bytes, sha256) = pictures
                    .get(name.as_str())
                    .ok_or_else(|| damaged(format!("{name} is not in the manifest")))?;
                let file = zip
                    .by_name(&name)
                    .map_err(|_| damaged(format!("{name} is missing")))?;
                let mut data = Vec::new();
                file.take((*bytes).min(MAX_LINE))
                    .read_to_end(&mut data)
                    .map_err(|e| damaged(format!("{name}: {e}")))?;
                if data.len() as u64 != *bytes || hex::encode(Sha256::digest(&data)) != *sha256 {
                    return Err(damaged(format!("{name} does not match its checksum")));
                }
                Ok(Value::Picture(data))
            }
        })
        .collect()
}
