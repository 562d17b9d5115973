//! Importing from Blogger and WordPress: exports written for these tests (in
//! tests/fixtures/import) come in whole, with dates, labels, threads and states kept;
//! a second import adds nothing; a bad file changes nothing.

mod blogger;
mod pictures;
mod redirects;
mod refusals;
mod wordpress;

use std::path::{Path, PathBuf};

use quire::import::{self, Imported, SourceKind};

use crate::helpers::TestApp;

/// The fixture `name`, its pictures pointing at `pictures`, written into `dir`.
pub fn fixture(dir: &Path, name: &str, pictures: &str) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name);
    let text = std::fs::read_to_string(source)
        .unwrap()
        .replace("PICTURES", pictures);
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Imports `path` as the command line does, or the refusal's whole message.
pub async fn import(app: &TestApp, kind: SourceKind, path: &Path) -> Result<Imported, String> {
    import_with(app, kind, path, &import::Fetching::command_line()).await
}

/// Imports `path`, fetching pictures as `fetching` says.
pub async fn import_with(
    app: &TestApp,
    kind: SourceKind,
    path: &Path,
    fetching: &import::Fetching,
) -> Result<Imported, String> {
    import::import_file(app.store(), kind, path, fetching)
        .await
        .map_err(|error| format!("{error:#}"))
}

/// The number a `select count(*)` answers.
pub async fn count(app: &TestApp, sql: &'static str) -> i64 {
    match app.db() {
        quire::db::Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
        quire::db::Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
    }
}

/// How many accounts, posts, comments and pictures the database holds.
pub async fn counts(app: &TestApp) -> [i64; 4] {
    [
        count(app, "select count(*) from users").await,
        count(app, "select count(*) from posts").await,
        count(app, "select count(*) from comments").await,
        count(app, "select count(*) from images").await,
    ]
}
