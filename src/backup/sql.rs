//! The SQL a backup and a restore build from the table list in [`super::tables`]: one
//! builder for both backends, differing only where the databases do (placeholders,
//! collation, identity columns).

use super::tables::{Kind, Table};
use crate::db::Backend;

impl Table {
    /// Reads `columns` of every row in a stable order. Text keys are ordered by their
    /// bytes on both backends (Postgres would otherwise follow the database's collation);
    /// integers are read as 64-bit (some are 32-bit on Postgres).
    pub fn select(&self, columns: &[(&str, Kind)], backend: Backend) -> String {
        let columns: Vec<String> = columns
            .iter()
            .map(|(name, kind)| match kind {
                Kind::Integer => format!("cast({name} as bigint)"),
                _ => (*name).to_owned(),
            })
            .collect();
        let collate = match backend {
            Backend::Sqlite => "",
            Backend::Postgres => " collate \"C\"",
        };
        let order: Vec<String> = self
            .order_by
            .iter()
            .map(|column| match self.kind_of(column) {
                Some(Kind::Text) => format!("{column}{collate}"),
                _ => (*column).to_owned(),
            })
            .collect();
        format!(
            "select {} from {} order by {}",
            columns.join(", "),
            self.name,
            order.join(", ")
        )
    }

    /// The columns read with the rows: all but the pictures, read in a pass of their own.
    pub fn row_columns(&self) -> Vec<(&'static str, Kind)> {
        self.columns
            .iter()
            .copied()
            .filter(|(_, kind)| *kind != Kind::Picture)
            .collect()
    }

    /// The picture columns, written as files of their own.
    pub fn picture_columns(&self) -> Vec<(&'static str, Kind)> {
        self.columns
            .iter()
            .copied()
            .filter(|(_, kind)| *kind == Kind::Picture)
            .collect()
    }

    /// Inserts `rows` rows of the named columns, ids included. SQLite gets bare `?`
    /// placeholders: sqlx looks up each numbered one's name, a walk of the statement's
    /// list of names, which made binding a 200-row batch take time squared in its size.
    pub fn insert(&self, columns: &[&str], rows: usize, backend: Backend) -> String {
        let width = columns.len();
        let placeholder = |n: usize| match backend {
            Backend::Sqlite => "?".to_owned(),
            Backend::Postgres => format!("${n}"),
        };
        let placeholders: Vec<String> = (0..rows)
            .map(|row| {
                let row: Vec<String> = (1..=width).map(|n| placeholder(row * width + n)).collect();
                format!("({})", row.join(", "))
            })
            .collect();
        let overriding = match (backend, self.identity) {
            (Backend::Postgres, true) => " overriding system value",
            _ => "",
        };
        format!(
            "insert into {} ({}){overriding} values {}",
            self.name,
            columns.join(", "),
            placeholders.join(", ")
        )
    }

    /// The kind of the column `name`.
    pub fn kind_of(&self, name: &str) -> Option<Kind> {
        self.columns
            .iter()
            .find(|(column, _)| *column == name)
            .map(|(_, kind)| *kind)
    }
}

/// Moves a Postgres identity past the largest id restored, so the next row made gets a
/// fresh one. SQLite's `integer primary key` needs nothing.
pub fn reset_sequence(table: &Table) -> String {
    format!(
        "select setval(pg_get_serial_sequence('{0}', 'id'), coalesce((select max(id) from {0}), 0) + 1, false)",
        table.name
    )
}
