//! The archive's format: the manifest, and how a value of each kind is written in a
//! table's JSON Lines file. Described for people in the README ("Backups, moving and
//! importing").

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::tables::Kind;
use crate::db::Timestamp;

/// The format this quire writes, and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;
/// What the manifest's `format` field says, to tell a quire backup from any zip.
pub const FORMAT_NAME: &str = "quire-backup";
/// The manifest's name in the archive.
pub const MANIFEST: &str = "manifest.json";

/// `manifest.json`: what the archive holds and how to check it.
#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT_NAME`].
    pub format: String,
    /// The format's version; a quire reads its own and older ones.
    pub format_version: u32,
    /// The quire that wrote it.
    pub quire_version: String,
    /// When the snapshot was taken (UTC).
    pub created_at: String,
    /// Every table, in the order a restore loads them.
    pub tables: Vec<TableEntry>,
    /// Every picture file.
    pub pictures: Vec<FileEntry>,
}

/// A table's file.
#[derive(Debug, Serialize, Deserialize)]
pub struct TableEntry {
    /// The table's name.
    pub name: String,
    /// Its file in the archive (`tables/{name}.jsonl`).
    pub file: String,
    /// Each column and its kind, as every line of the file has them.
    pub columns: Vec<ColumnEntry>,
    /// How many lines (rows) the file holds.
    pub rows: u64,
    /// The SHA-256 of the file, hex.
    pub sha256: String,
}

/// A column and its kind.
#[derive(Debug, Serialize, Deserialize)]
pub struct ColumnEntry {
    /// The column's name.
    pub name: String,
    /// `integer`, `text`, `boolean`, `time` or `picture`.
    pub kind: String,
}

/// A file with its size and checksum.
#[derive(Debug, Serialize, Deserialize)]
pub struct FileEntry {
    /// Its name in the archive.
    pub file: String,
    /// Its length in bytes.
    pub bytes: u64,
    /// The SHA-256 of its bytes, hex.
    pub sha256: String,
}

/// A value read from an archive, ready to be bound.
#[derive(Debug)]
pub enum Value {
    /// An integer or NULL.
    Integer(Option<i64>),
    /// Text or NULL.
    Text(Option<String>),
    /// A boolean or NULL.
    Boolean(Option<bool>),
    /// An instant or NULL.
    Time(Option<Timestamp>),
    /// A picture's bytes.
    Picture(Vec<u8>),
}

impl Value {
    /// Roughly how many bytes the value holds, to bound a batch of rows.
    pub fn weight(&self) -> usize {
        match self {
            Value::Text(Some(text)) => text.len(),
            Value::Picture(bytes) => bytes.len(),
            _ => 8,
        }
    }
}

/// The file a table is written to.
pub fn table_file(name: &str) -> String {
    format!("tables/{name}.jsonl")
}

/// The file a picture column of the `row`th row (from 1) is written to.
pub fn picture_file(table: &str, row: u64, column: &str) -> String {
    format!("pictures/{table}/{row:07}.{column}")
}

/// A time as the archive writes it.
pub fn time_json(at: Option<Timestamp>) -> Json {
    at.map_or(Json::Null, |at| Json::String(at.to_string()))
}

/// Reads one value of `kind` from a line; `None` when it is not of that kind. A picture
/// column holds the picture's file name, read by the caller.
pub fn value_from_json(kind: Kind, json: &Json) -> Option<Value> {
    if json.is_null() {
        return match kind {
            Kind::Integer => Some(Value::Integer(None)),
            Kind::Text => Some(Value::Text(None)),
            Kind::Boolean => Some(Value::Boolean(None)),
            Kind::Time => Some(Value::Time(None)),
            Kind::Picture => None,
        };
    }
    match kind {
        Kind::Integer => json.as_i64().map(|n| Value::Integer(Some(n))),
        Kind::Text => json.as_str().map(|s| Value::Text(Some(s.to_owned()))),
        Kind::Boolean => json.as_bool().map(|b| Value::Boolean(Some(b))),
        Kind::Time => json
            .as_str()
            .and_then(Timestamp::parse)
            .map(|at| Value::Time(Some(at))),
        Kind::Picture => None,
    }
}
