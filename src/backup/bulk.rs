//! How a restore loads millions of rows quickly: what it changes about its own
//! transaction on each backend, and what it sets aside during the load and puts back
//! after it (one sorted index build, or one check of a foreign key over the whole table,
//! is much cheaper than the same work done row by row). All of it inside the load's one transaction, so a failed
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

/// A query for what the load sets aside, as pairs of statements: the one that sets it
/// aside before the first row and the one that puts it back after the last, in order.
///
/// - The archived tables' secondary indexes: not the unique ones (they guard the rows,
///   and back the foreign keys), nor SQLite's automatic ones (no statement) or its search
///   index (a virtual table, not an index).
/// - Their row triggers that tell other instances a page changed (`*_moves_content`,
///   `*_moves_members`), which would fire for every row: the load tells them once, by
///   `BUMP_COUNTERS` on SQLite and by Postgres's statement triggers. SQLite's search
///   triggers stay.
/// - On Postgres, their foreign keys, each of which runs a query and queues an event for
///   every row; adding one back checks the whole table in one join. SQLite checks a key
///   with one index lookup, and cannot turn the checks off inside a transaction.
pub fn set_aside(backend: Backend) -> String {
    // The triggers' names end so (a LIKE pattern: `_` alone matches any character).
    const MOVES_A_COUNTER: &str = "\\_moves\\_%";
    let tables: Vec<String> = ARCHIVED.iter().map(|t| format!("'{}'", t.name)).collect();
    let tables = tables.join(", ");
    match backend {
        Backend::Sqlite => format!(
            "select set_aside, put_back from ( \
               select 1 as step, name, 'drop index ' || name as set_aside, sql as put_back \
               from sqlite_master where type = 'index' and sql is not null \
                 and lower(sql) not like 'create unique%' and tbl_name in ({tables}) \
               union all \
               select 2, name, 'drop trigger ' || name, sql from sqlite_master \
               where type = 'trigger' and name like '%{MOVES_A_COUNTER}' escape '\\' \
                 and tbl_name in ({tables}) \
             ) listed order by step, name"
        ),
        Backend::Postgres => format!(
            "select set_aside, put_back from ( \
               select 1 as step, indexname::text as name, \
                 format('drop index %I', indexname) as set_aside, indexdef as put_back \
               from pg_indexes where schemaname = current_schema() \
                 and indexdef not like 'CREATE UNIQUE%' and tablename in ({tables}) \
               union all \
               select 2, c.conname::text, \
                 format('alter table %I drop constraint %I', t.relname, c.conname), \
                 format('alter table %I add constraint %I %s', t.relname, c.conname, \
                        pg_get_constraintdef(c.oid)) \
               from pg_constraint c join pg_class t on t.oid = c.conrelid \
               where c.contype = 'f' and t.relnamespace = current_schema()::regnamespace \
                 and t.relname in ({tables}) \
               union all \
               select 3, g.tgname::text, \
                 format('alter table %I disable trigger %I', t.relname, g.tgname), \
                 format('alter table %I enable trigger %I', t.relname, g.tgname) \
               from pg_trigger g join pg_class t on t.oid = g.tgrelid \
               where not g.tgisinternal and g.tgtype & 1 = 1 and g.tgenabled <> 'D' \
                 and g.tgname like '%{MOVES_A_COUNTER}' escape '\\' \
                 and t.relnamespace = current_schema()::regnamespace \
                 and t.relname in ({tables}) \
             ) listed order by step, name"
        ),
    }
}
