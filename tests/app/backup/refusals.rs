//! A restore that cannot be done cleanly is refused with a message saying why, and the
//! database is left exactly as it was.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use quire::backup::Existing;

use super::{back_up, contents, restore, user_count};
use crate::helpers::{TestApp, both};

/// An archive with one class: a teacher, a student, a post with a comment.
async fn a_backup_of_a_small_class(dir: &Path) -> PathBuf {
    let source = TestApp::sqlite().await;
    source.teacher("Ms Rivera").await;
    let ana = source.student("Ana Lopez").await;
    source.published_post(&ana, "Deserts", "Dry.", "").await;
    back_up(&source, dir, "class.zip").await
}

/// A copy of the archive at `from` with each entry passed through `change`.
pub(super) fn rewritten(
    from: &Path,
    to: PathBuf,
    change: impl Fn(&str, Vec<u8>) -> Vec<u8>,
) -> PathBuf {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(&to).unwrap());
    for index in 0..zip.len() {
        let mut entry = zip.by_index(index).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&change(&name, bytes)).unwrap();
    }
    out.finish().unwrap();
    to
}

pub(super) fn replace(bytes: Vec<u8>, from: &str, to: &str) -> Vec<u8> {
    String::from_utf8(bytes)
        .unwrap()
        .replace(from, to)
        .into_bytes()
}

both! {
    async fn a_restore_into_a_class_that_exists_is_refused_unless_replacing(app: TestApp) {
        let dir = tempfile::tempdir().unwrap();
        let archive = a_backup_of_a_small_class(dir.path()).await;
        app.teacher("Mr Ito").await;
        let refused = restore(&app, &archive, Existing::Refuse).await.unwrap_err();
        assert!(refused.contains("the database is not empty"), "{refused}");
        assert!(refused.contains("--replace"), "{refused}");
        assert_eq!(app.store().all_users().await.unwrap()[0].display_name, "Mr Ito");

        restore(&app, &archive, Existing::Replace).await.unwrap();
        let names: Vec<String> = app.store().all_users().await.unwrap().into_iter().map(|u| u.display_name).collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names.contains(&"Ms Rivera".to_owned()) && !names.contains(&"Mr Ito".to_owned()), "{names:?}");
        assert_eq!(app.client().get("/posts/deserts").await.text("h1"), "Deserts");
    }

    async fn an_archive_from_a_newer_quire_is_refused(app: TestApp) {
        let dir = tempfile::tempdir().unwrap();
        let archive = a_backup_of_a_small_class(dir.path()).await;
        let newer = rewritten(&archive, dir.path().join("newer.zip"), |name, bytes| {
            if name == "manifest.json" { replace(bytes, "\"format_version\": 1", "\"format_version\": 7") } else { bytes }
        });
        let refused = restore(&app, &newer, Existing::Refuse).await.unwrap_err();
        assert!(refused.contains("this quire reads format 1 and older: upgrade quire, then restore"), "{refused}");
        assert_eq!(user_count(&app).await, 0);
    }

    async fn a_truncated_archive_is_refused_and_nothing_is_loaded(app: TestApp) {
        let dir = tempfile::tempdir().unwrap();
        let archive = a_backup_of_a_small_class(dir.path()).await;
        let bytes = std::fs::read(&archive).unwrap();
        let cut = dir.path().join("cut.zip");
        std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
        let refused = restore(&app, &cut, Existing::Refuse).await.unwrap_err();
        assert!(refused.contains("damaged") && refused.contains("cut short"), "{refused}");
        assert_eq!(user_count(&app).await, 0);
    }

    async fn a_tampered_archive_is_refused_after_loading_part_of_it_and_nothing_stays(app: TestApp) {
        let dir = tempfile::tempdir().unwrap();
        let archive = a_backup_of_a_small_class(dir.path()).await;
        // The users load before the posts; the changed post fails its checksum.
        let tampered = rewritten(&archive, dir.path().join("tampered.zip"), |name, bytes| {
            if name == "tables/posts.jsonl" { replace(bytes, "Dry.", "Wet.") } else { bytes }
        });
        assert_ne!(contents(&tampered), contents(&archive));
        let refused = restore(&app, &tampered, Existing::Refuse).await.unwrap_err();
        assert!(refused.contains("tables/posts.jsonl does not match its checksum"), "{refused}");
        assert_eq!(user_count(&app).await, 0, "the users loaded first were rolled back");
    }

    async fn a_file_that_is_not_an_archive_is_refused(app: TestApp) {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "Not a backup at all.\n").unwrap();
        let refused = restore(&app, &text, Existing::Refuse).await.unwrap_err();
        assert!(refused.ends_with("notes.txt is not a quire backup"), "{refused}");
        let other_zip = rewritten(&a_backup_of_a_small_class(dir.path()).await, dir.path().join("other.zip"), |name, bytes| {
            if name == "manifest.json" { b"{\"hello\": 1}".to_vec() } else { bytes }
        });
        let refused = restore(&app, &other_zip, Existing::Refuse).await.unwrap_err();
        assert!(refused.ends_with("other.zip is not a quire backup"), "{refused}");
        assert_eq!(user_count(&app).await, 0);
    }
}
