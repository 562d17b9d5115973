//! A fresh Postgres schema for one test, dropped when the test ends (pass or fail).
//! Shared by the HTTP and the browser test binaries (`#[path]`), so both run the
//! Postgres half the same way: skipped with a notice when `QUIRE_TEST_POSTGRES` is
//! unset, a failure when it is set and Postgres does not answer.

use std::io::Write;
use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgPool};

/// The environment variable that turns the Postgres half of the tests on.
pub const POSTGRES_VARIABLE: &str = "QUIRE_TEST_POSTGRES";

/// A test's schema; dropping it drops the schema.
pub struct PgSchema {
    url: String,
    name: String,
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        let url = self.url.clone();
        let statement = format!("drop schema if exists {} cascade", self.name);
        // Drop cannot await; a short-lived runtime on its own thread does the clean-up.
        let cleanup = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async move {
                if let Ok(pool) = PgPool::connect(&url).await {
                    let _ = sqlx::query(sqlx::AssertSqlSafe(statement))
                        .execute(&pool)
                        .await;
                    pool.close().await;
                }
            });
        });
        let _ = cleanup.join();
    }
}

/// A new schema named `{prefix}_…` and connect options that use it; `None`, with a
/// notice, when `QUIRE_TEST_POSTGRES` is unset.
pub async fn fresh_schema(prefix: &str) -> Option<(PgSchema, PgConnectOptions)> {
    let Some(url) = std::env::var(POSTGRES_VARIABLE)
        .ok()
        .filter(|url| !url.is_empty())
    else {
        // Straight to stderr: the test harness hides `eprintln!` of a passing test.
        let _ = writeln!(
            std::io::stderr(),
            "notice: Postgres half skipped; set {POSTGRES_VARIABLE} to run it"
        );
        return None;
    };
    let admin = PgPool::connect(&url).await.unwrap_or_else(|error| {
        panic!("{POSTGRES_VARIABLE} is set but Postgres does not answer: {error}")
    });
    let name = format!("{prefix}_{}", &quire::auth::token::generate()[..16]);
    sqlx::query(sqlx::AssertSqlSafe(format!("create schema {name}")))
        .execute(&admin)
        .await
        .expect("create a test schema");
    admin.close().await;
    let options = PgConnectOptions::from_str(&url)
        .expect("a valid Postgres URL")
        .options([("search_path", name.as_str())]);
    Some((PgSchema { url, name }, options))
}
