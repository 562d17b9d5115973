//! How a batch of rows goes into its table: one multi-row `insert` on SQLite, and on
//! Postgres a `copy … from stdin`, which skips parsing and planning a statement with
//! thousands of placeholders and writes the rows to the table in bulk.

use std::future::Future;
use std::io::Write;

use sqlx::AssertSqlSafe;
use sqlx::postgres::PgConnection;
use sqlx::sqlite::SqliteConnection;

use super::format::Value;
use super::tables::Table;
use crate::db::Backend;

/// A connection a restore loads rows through.
pub trait LoadRows {
    /// Inserts `rows` rows of `table`, whose values (row after row, in the order of
    /// `columns`) `values` holds, and empties `values`.
    fn load_rows<'a>(
        &'a mut self,
        table: &'static Table,
        columns: &'a [String],
        values: &'a mut Vec<Value>,
        rows: usize,
    ) -> impl Future<Output = Result<(), sqlx::Error>> + Send + 'a;
}

impl LoadRows for SqliteConnection {
    async fn load_rows(
        &mut self,
        table: &'static Table,
        columns: &[String],
        values: &mut Vec<Value>,
        rows: usize,
    ) -> Result<(), sqlx::Error> {
        let names: Vec<&str> = columns.iter().map(String::as_str).collect();
        let mut query = sqlx::query(AssertSqlSafe(table.insert(&names, rows, Backend::Sqlite)));
        for value in values.drain(..) {
            query = match value {
                Value::Integer(v) => query.bind(v),
                Value::Text(v) => query.bind(v),
                Value::Boolean(v) => query.bind(v),
                Value::Time(v) => query.bind(v),
                Value::Picture(v) => query.bind(v),
            };
        }
        query.execute(self).await.map(|_| ())
    }
}

impl LoadRows for PgConnection {
    async fn load_rows(
        &mut self,
        table: &'static Table,
        columns: &[String],
        values: &mut Vec<Value>,
        _rows: usize,
    ) -> Result<(), sqlx::Error> {
        let data = copy_text(values.drain(..), columns.len());
        // COPY writes the ids of an identity column as given, like `overriding
        // system value`.
        let statement = format!("copy {} ({}) from stdin", table.name, columns.join(", "));
        let mut copy = self.copy_in_raw(&statement).await?;
        copy.send(data).await?;
        copy.finish().await.map(|_| ())
    }
}

/// Rows in COPY's text format: values apart by tabs, rows ended by newlines, `\N` for
/// NULL, and a backslash before anything that would read as one of those.
fn copy_text(values: impl Iterator<Item = Value>, width: usize) -> Vec<u8> {
    let mut data = Vec::new();
    for (index, value) in values.enumerate() {
        if index % width != 0 {
            data.push(b'\t');
        }
        match value {
            Value::Integer(Some(n)) => {
                let _ = write!(data, "{n}");
            }
            Value::Text(Some(text)) => escape_into(&mut data, &text),
            Value::Boolean(Some(b)) => data.push(if b { b't' } else { b'f' }),
            Value::Time(Some(at)) => {
                let _ = write!(data, "{at}");
            }
            // bytea's hex form, whose own backslash COPY wants doubled.
            Value::Picture(bytes) => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                data.extend_from_slice(b"\\\\x");
                for byte in bytes {
                    data.extend_from_slice(&[
                        HEX[usize::from(byte >> 4)],
                        HEX[usize::from(byte & 15)],
                    ]);
                }
            }
            Value::Integer(None) | Value::Text(None) | Value::Boolean(None) | Value::Time(None) => {
                data.extend_from_slice(b"\\N");
            }
        }
        if index % width == width - 1 {
            data.push(b'\n');
        }
    }
    data
}

fn escape_into(data: &mut Vec<u8>, text: &str) {
    // Plain runs are copied whole; only the four bytes COPY reads specially are escaped.
    let mut rest = text.as_bytes();
    while let Some(at) = rest
        .iter()
        .position(|byte| matches!(byte, b'\\' | b'\n' | b'\r' | b'\t'))
    {
        data.extend_from_slice(&rest[..at]);
        data.extend_from_slice(match rest[at] {
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            _ => b"\\\\",
        });
        rest = &rest[at + 1..];
    }
    data.extend_from_slice(rest);
}
