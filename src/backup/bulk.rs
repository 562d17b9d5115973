//! How a restore loads millions of rows quickly: what it changes about its own
//! transaction on each backend, and the secondary indexes it sets aside during the load
//! and builds again after it (one sorted build is much cheaper than an index entry put
//! in place row by row). All of it inside the load's one transaction, so a failed
//! restore, with or without `--replace`, still leaves the database as it was.

use super::tables::ARCHIVED;
use crate::db::Backend;

/// Settings for the load's transaction, run before its first row.
pub fn before_load(backend: Backend) -> &'static [&'static str] {
    match backend {
        // A page cache big enough for the tables' growing ends and the index builds'
        // sorting (SQLite's default is 2 MB); the rows still go through the journal,
        // so a failure part-way rolls back.
        Backend::Sqlite => &["pragma cache_size = -65536"],
        // lz4 compresses the posts' long texts several times faster than the default
        // pglz; more memory to build the indexes set aside; and no wait for the disk at
        // the one commit (a crash then loses the restore, which is run again).
        Backend::Postgres => &[
            "set local default_toast_compression = lz4",
            "set local maintenance_work_mem = '256MB'",
            "set local synchronous_commit = off",
        ],
    }
}

/// Settings put back before the commit: a `set local` ends with the transaction, but a
/// SQLite pragma stays with the pooled connection. quire opens its connections with
/// SQLite's default cache (2,000 KiB).
pub fn after_load(backend: Backend) -> &'static [&'static str] {
    match backend {
        Backend::Sqlite => &["pragma cache_size = -2000"],
        Backend::Postgres => &[],
    }
}

/// The name and `create index` statement of each secondary index on an archived table:
/// not the unique ones (they guard the rows, and back the foreign keys), nor SQLite's
/// automatic ones (no statement) or the search index (a virtual table, not an index).
pub fn secondary_indexes(backend: Backend) -> String {
    let tables: Vec<String> = ARCHIVED.iter().map(|t| format!("'{}'", t.name)).collect();
    let tables = tables.join(", ");
    match backend {
        Backend::Sqlite => format!(
            "select name, sql from sqlite_master where type = 'index' and sql is not null \
             and lower(sql) not like 'create unique%' and tbl_name in ({tables}) order by name"
        ),
        Backend::Postgres => format!(
            "select indexname::text, indexdef from pg_indexes \
             where schemaname = current_schema() and indexdef not like 'CREATE UNIQUE%' \
             and tablename in ({tables}) order by indexname"
        ),
    }
}
