//! The web import is the teacher's alone, refuses forged posts, and sends a bad or too
//! large file back to the form with the reason beside the file field.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};

use super::{count, fixture_bytes, upload};
use crate::helpers::{ORIGIN, TestApp, both};

both! {
    async fn students_strangers_and_other_sites_cannot_import(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana Lopez").await;
        let bytes = fixture_bytes("blogger.xml", "http://127.0.0.1:9");
        let mut staff = app.signed_in(&teacher).await;
        let preview = upload(&mut staff, "blogger", &bytes).await.location().to_owned();
        let pages = ["/settings/import".to_owned(), preview.clone(), format!("{preview}/progress")];
        let posts = [format!("{preview}/start"), format!("{preview}/cancel")];

        let mut student = app.signed_in(&ana).await;
        let mut stranger = app.client();
        for page in &pages {
            student.get(page).await.assert_status(StatusCode::FORBIDDEN);
            let refused = stranger.get(page).await;
            refused.assert_status(StatusCode::SEE_OTHER);
            assert!(refused.location().starts_with("/sign-in"), "{page}");
        }
        for action in &posts {
            student.post(action, &[]).await.assert_status(StatusCode::FORBIDDEN);
            assert!(stranger.post(action, &[]).await.location().starts_with("/sign-in"));
            staff.post_from_another_site(action, &[]).await.assert_status(StatusCode::FORBIDDEN);
        }
        upload(&mut student, "blogger", &bytes).await.assert_status(StatusCode::FORBIDDEN);
        assert!(upload(&mut stranger, "blogger", &bytes).await.location().starts_with("/sign-in"));
        assert_eq!(count(&app, "select count(*) from blog_imports where state = 'uploaded'").await, 1);
        assert_eq!(count(&app, "select count(*) from posts").await, 0);
    }

    async fn a_bad_file_comes_back_to_the_form_with_the_reason_beside_it(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut staff = app.signed_in(&teacher).await;
        let laughs = br#"<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;">]><feed><title>&b;</title></feed>"#;
        let blogger = fixture_bytes("blogger.xml", "http://127.0.0.1:9");
        let cases: [(&str, &[u8], &str); 4] = [
            ("blogger", laughs, "The file declares its own XML entities"),
            ("wordpress", &blogger, "This is a Blogger export, not a WordPress one"),
            ("blogger", &blogger[..blogger.len() / 2], "The file"),
            ("wordpress", b"", "Choose the export file first."),
        ];
        for (source, bytes, message) in cases {
            let page = upload(&mut staff, source, bytes).await;
            page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
            assert!(page.field_error("export").starts_with(message), "{}", page.field_error("export"));
            assert_eq!(page.attributes("input[name=source][checked]", "value"), [source], "the choice is kept");
        }
        assert_eq!(count(&app, "select count(*) from blog_imports").await, 0);
    }

    async fn a_file_over_50_mb_is_refused(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut staff = app.signed_in(&teacher).await;
        // Declared too large: refused before a byte of it is read.
        let declared = Request::builder()
            .method(Method::POST)
            .uri("/settings/import")
            .header(header::ORIGIN, ORIGIN)
            .header("sec-fetch-site", "same-origin")
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=x")
            .header(header::CONTENT_LENGTH, (200 * 1024 * 1024).to_string());
        let page = staff.send_raw(declared, Body::from("--x--\r\n")).await;
        page.assert_status(StatusCode::PAYLOAD_TOO_LARGE);
        assert!(page.field_error("export").contains("larger than 50 MB"), "{}", page.field_error("export"));
        // Sent without a length: cut off at the route's limit.
        let huge = vec![b'a'; quire::import::MAX_EXPORT_BYTES + 1];
        let page = upload(&mut staff, "blogger", &huge).await;
        page.assert_status(StatusCode::PAYLOAD_TOO_LARGE);
        assert!(page.field_error("export").contains("larger than 50 MB"));
        assert_eq!(count(&app, "select count(*) from blog_imports").await, 0);
    }
}
