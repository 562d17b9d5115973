//! Every table of the live schema is either in a backup or left out on purpose, and an
//! archived table's columns are exactly those the backup writes: a table or a column
//! added later fails here until someone decides where it belongs. A restore sets the
//! secondary indexes aside while it loads (on Postgres also the foreign keys and row
//! triggers); every one is there again afterwards, as it was.

use std::collections::BTreeSet;

use quire::backup::Existing;
use quire::backup::tables::{self, ARCHIVED, NOT_ARCHIVED};
use quire::db::{Backend, Db};
use sqlx::{Executor, SqlSafeStr};

use super::refusals::{replace, rewritten};
use super::{back_up, restore};
use crate::helpers::{TestApp, both};

/// Every index and trigger of the live schema (on Postgres also every foreign key), with
/// its definition and whether it is on.
const SCHEMA_OBJECTS_SQLITE: &str = "select type || ' ' || name || ': ' || sql from sqlite_master \
     where type in ('index', 'trigger') and sql is not null";
const SCHEMA_OBJECTS_POSTGRES: &str = "select 'index ' || indexname || ': ' || indexdef \
     from pg_indexes where schemaname = current_schema() \
     union all select 'foreign key ' || conrelid::regclass || '.' || conname || ': ' \
       || pg_get_constraintdef(oid) || ' ' || convalidated \
     from pg_constraint where contype = 'f' and connamespace = current_schema()::regnamespace \
     union all select 'trigger ' || tgrelid::regclass || '.' || tgname || ': ' || tgenabled::text \
     from pg_trigger g join pg_class t on t.oid = g.tgrelid \
     where not tgisinternal and t.relnamespace = current_schema()::regnamespace";

async fn names(db: &Db, sql: &'static str, bind: Option<&str>) -> BTreeSet<String> {
    // The same read on either pool; only the pool's type differs.
    macro_rules! read_names {
        ($pool:expr) => {{
            let query = sqlx::query_scalar(sql);
            match bind {
                Some(value) => query.bind(value.to_owned()),
                None => query,
            }
            .fetch_all($pool)
            .await
            .unwrap()
        }};
    }
    let names: Vec<String> = match db {
        Db::Sqlite(pool) => read_names!(pool),
        Db::Postgres(pool) => read_names!(pool),
    };
    names.into_iter().collect()
}

/// Fails with what went missing and what is new, not two long lists.
fn assert_same(before: &BTreeSet<String>, after: &BTreeSet<String>, when: &str) {
    let missing: Vec<&String> = before.difference(after).collect();
    let new: Vec<&String> = after.difference(before).collect();
    assert!(
        missing.is_empty() && new.is_empty(),
        "{when}: missing {missing:?}, new {new:?}"
    );
}

both! {
    async fn every_table_is_archived_or_left_out_on_purpose(app: TestApp) {
        let backend = app.db().backend();
        let (tables_sql, columns_sql) = match backend {
            Backend::Sqlite => (tables::LIVE_TABLES_SQLITE, tables::LIVE_COLUMNS_SQLITE),
            Backend::Postgres => (tables::LIVE_TABLES_POSTGRES, tables::LIVE_COLUMNS_POSTGRES),
        };
        let live = names(app.db(), tables_sql, None).await;
        let classified: BTreeSet<String> = ARCHIVED.iter().map(|t| t.name)
            .chain(NOT_ARCHIVED.iter().map(|(name, _)| *name)).map(str::to_owned).collect();
        let unclassified: Vec<&String> = live.difference(&classified).collect();
        assert!(unclassified.is_empty(), "tables neither archived nor left out in src/backup/tables.rs: {unclassified:?}");
        let gone: Vec<&String> = classified.difference(&live).collect();
        assert!(gone.is_empty(), "tables listed in src/backup/tables.rs that do not exist: {gone:?}");
        for table in ARCHIVED {
            let live_columns = names(app.db(), columns_sql, Some(table.name)).await;
            let archived: BTreeSet<String> = table.columns.iter().map(|(name, _)| (*name).to_owned()).collect();
            assert_eq!(live_columns, archived, "the columns of {} in src/backup/tables.rs", table.name);
        }
    }

    async fn every_statement_a_backup_runs_prepares(app: TestApp) {
        let backend = app.db().backend();
        for table in ARCHIVED {
            let names: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
            let mut statements = vec![
                table.select(&table.row_columns(), backend),
                table.select(&table.picture_columns(), backend),
                table.insert(&names, 3, backend),
            ];
            if backend == Backend::Postgres && table.identity {
                statements.push(quire::backup::sql::reset_sequence(table));
            }
            for sql in statements.into_iter().filter(|sql| !sql.starts_with("select  from")) {
                let prepared = match app.db() {
                    Db::Sqlite(pool) => pool.prepare(sqlx::AssertSqlSafe(sql.clone()).into_sql_str()).await.map(|_| ()),
                    Db::Postgres(pool) => pool.prepare(sqlx::AssertSqlSafe(sql.clone()).into_sql_str()).await.map(|_| ()),
                };
                assert!(prepared.is_ok(), "{sql}: {prepared:?}");
            }
        }
    }

    async fn a_restore_puts_back_every_index_key_and_trigger_it_set_aside(app: TestApp) {
        let backend = app.db().backend();
        let sql = match backend {
            Backend::Sqlite => SCHEMA_OBJECTS_SQLITE,
            Backend::Postgres => SCHEMA_OBJECTS_POSTGRES,
        };
        let before = names(app.db(), sql, None).await;
        let expected = match backend {
            Backend::Sqlite => ["index comments_post:", "trigger posts_search_insert:"],
            Backend::Postgres => ["foreign key comments.comments_post_id_fkey:", "trigger comments.comments_insert_moves_content: O"],
        };
        for object in expected {
            assert!(before.iter().any(|listed| listed.starts_with(object)), "{object} in {before:?}");
        }
        let teacher = app.teacher("Ms Rivera").await;
        app.published_post(&teacher, "Deserts", "Dry.", "").await;
        let dir = tempfile::tempdir().unwrap();
        let archive = back_up(&app, dir.path(), "class.zip").await;
        restore(&app, &archive, Existing::Replace).await.unwrap();
        assert_same(&before, &names(app.db(), sql, None).await, "after a restore");
        // Refused at the posts, after the indexes were set aside and the users loaded.
        let tampered = rewritten(&archive, dir.path().join("tampered.zip"), |name, bytes| {
            if name == "tables/posts.jsonl" { replace(bytes, "Dry.", "Wet.") } else { bytes }
        });
        let refused = restore(&app, &tampered, Existing::Replace).await.unwrap_err();
        assert!(refused.contains("tables/posts.jsonl does not match its checksum"), "{refused}");
        assert_same(&before, &names(app.db(), sql, None).await, "after a refused restore");
    }
}
