//! Every shared SQL statement prepares on both backends, so a typo or a dialect
//! slip is caught here even for a path no other test takes: the store's, and the
//! seed's own (`quire dev seed`).

use quire::db::Db;
use quire::dev;
use quire::store::Store;
use sqlx::{Executor, SqlSafeStr};

use crate::helpers::{TestApp, both};

both! {
    async fn every_store_statement_prepares(app: TestApp) {
        let statements = Store::statements_for(app.db().backend());
        assert!(statements.len() > 10);
        prepare_all(&app, &statements).await;
    }

    async fn every_seed_statement_prepares(app: TestApp) {
        assert!(dev::seed::STATEMENTS.len() > 10);
        prepare_all(&app, dev::seed::STATEMENTS).await;
    }
}

async fn prepare_all(app: &TestApp, statements: &[&'static str]) {
    for &sql in statements {
        let prepared = match app.db() {
            Db::Sqlite(pool) => pool.prepare(sql.into_sql_str()).await.map(|_| ()),
            Db::Postgres(pool) => pool.prepare(sql.into_sql_str()).await.map(|_| ()),
        };
        if let Err(error) = prepared {
            panic!(
                "{sql}\n  does not prepare on {:?}: {error}",
                app.db().backend()
            );
        }
    }
}
