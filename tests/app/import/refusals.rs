//! A hostile, damaged or wrong file is refused with a message naming the problem, and
//! nothing of it is imported.

use std::path::Path;

use quire::import::SourceKind;

use super::{counts, fixture, import};
use crate::helpers::{TestApp, both};

/// Imports `text` as `kind` and returns the refusal, checking that nothing changed.
async fn refused(app: &TestApp, dir: &Path, kind: SourceKind, text: &[u8]) -> String {
    let before = counts(app).await;
    let path = dir.join("export.xml");
    std::fs::write(&path, text).unwrap();
    let message = import(app, kind, &path).await.unwrap_err();
    assert_eq!(counts(app).await, before, "{message}");
    message
}

both! {
    async fn hostile_and_damaged_files_are_refused_and_change_nothing(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let dir = tempfile::tempdir().unwrap();
        let blogger = std::fs::read(fixture(dir.path(), "blogger.xml", "http://127.0.0.1:9")).unwrap();

        let laughs = br#"<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><feed><entry><title>&c;</title></entry></feed>"#;
        let message = refused(&app, dir.path(), SourceKind::Blogger, laughs).await;
        assert!(message.contains("declares its own XML entities"), "{message}");

        let external = br#"<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY secret SYSTEM "file:///etc/passwd">]><feed><title>&secret;</title></feed>"#;
        let message = refused(&app, dir.path(), SourceKind::Blogger, external).await;
        assert!(message.contains("declares its own XML entities"), "{message}");

        let undeclared = b"<feed><entry><title>&secret;</title></entry></feed>";
        let message = refused(&app, dir.path(), SourceKind::Blogger, undeclared).await;
        assert!(message.contains("entity it does not define (&secret;)"), "{message}");

        let message = refused(&app, dir.path(), SourceKind::Blogger, &blogger[..blogger.len() * 2 / 3]).await;
        assert!(message.contains("cut short") || message.contains("not well-formed"), "{message}");

        let message = refused(&app, dir.path(), SourceKind::WordPress, &blogger).await;
        assert!(message.contains("this is a Blogger export, not a WordPress one"), "{message}");

        let message = refused(&app, dir.path(), SourceKind::Blogger, b"<html><body>Hello</body></html>").await;
        assert!(message.contains("not a Blogger export (its first element is <html>)"), "{message}");

        let message = refused(&app, dir.path(), SourceKind::Blogger, b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe").await;
        assert!(message.contains("not text"), "{message}");
    }

    async fn a_file_over_the_size_limit_is_refused_before_it_is_read(app: TestApp) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.xml");
        // 200 MB without writing 200 MB: a sparse file.
        std::fs::File::create(&path).unwrap().set_len(200 * 1024 * 1024).unwrap();
        let message = import(&app, SourceKind::WordPress, &path).await.unwrap_err();
        assert!(message.contains("larger than 50 MB"), "{message}");
        assert_eq!(counts(&app).await, [0, 0, 0, 0]);
    }
}
