//! Backups: the archive carries everything a class made, a restore puts it back on
//! either database so every page reads the same, and a bad archive changes nothing.

mod refusals;
mod round_trip;
mod schema;
mod settings_page;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use quire::backup::{self, Existing, Restored};

use crate::helpers::TestApp;

/// Writes a backup of `app` to `dir/name`.
pub async fn back_up(app: &TestApp, dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let file = tokio::fs::File::create(&path).await.unwrap();
    backup::write_backup(app.store(), file).await.unwrap();
    path
}

/// Restores `path` into `app`, or the refusal's message.
pub async fn restore(app: &TestApp, path: &Path, existing: Existing) -> Result<Restored, String> {
    let manifest = backup::check_archive(path)
        .await
        .map_err(|e| e.to_string())?;
    backup::load(app.store(), path, manifest, existing)
        .await
        .map_err(|e| e.to_string())
}

/// Every file of an archive but the manifest (whose time differs), by name.
pub fn contents(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut files = BTreeMap::new();
    for index in 0..zip.len() {
        let mut entry = zip.by_index(index).unwrap();
        let name = entry.name().unwrap().to_string();
        if name == "manifest.json" {
            continue;
        }
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        files.insert(name, bytes);
    }
    files
}

/// Rows in the `users` table, to see that a refused restore changed nothing.
pub async fn user_count(app: &TestApp) -> usize {
    app.store().all_users().await.unwrap().len()
}
