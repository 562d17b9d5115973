//! Importing from Blogger and WordPress: exports written for these tests (in
//! tests/fixtures/import) come in whole, with dates, labels, threads and states kept;
//! a second import adds nothing; a bad file changes nothing. The same from the teacher's
//! Settings (`web*`): upload, preview, import, progress and report.

mod blogger;
mod pictures;
mod redirects;
mod refusals;
mod web;
mod web_refusals;
mod web_runs;
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

/// `app` with its web import fetching from 127.0.0.1 (the test's picture server), which
/// a served quire never does.
pub fn fetching_locally(mut app: TestApp) -> TestApp {
    app.state.import_fetching = import::Fetching::command_line();
    app.router = quire::web::router(app.state.clone());
    app
}

/// The fixture `name` as a file in an upload form, its pictures at `pictures`.
pub fn fixture_bytes(name: &str, pictures: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::read(fixture(dir.path(), name, pictures)).unwrap()
}

/// Uploads `bytes` as an export of `source` from Settings.
pub async fn upload(
    client: &mut crate::helpers::Client,
    source: &str,
    bytes: &[u8],
) -> crate::helpers::Page {
    let file = crate::helpers::Upload {
        field: "export",
        file_name: "export.xml",
        content_type: "text/xml",
        bytes,
    };
    client
        .post_multipart("/settings/import", &[("source", source)], Some(file))
        .await
}

/// Presses Import on the preview at `preview` and waits for the report.
pub async fn import_and_wait(
    client: &mut crate::helpers::Client,
    preview: &str,
) -> crate::helpers::Page {
    let started = client.post(&format!("{preview}/start"), &[]).await;
    started.assert_redirect_to(&format!("{preview}/progress"));
    client
        .get_until(&format!("{preview}/progress"), |page| {
            page.heading() != "Importing"
        })
        .await
}
