//! The one edge check of typed text: NUL and other control characters are refused in
//! every field, direction marks in names, bytes that are not UTF-8 in every form and
//! address; the same answer on both databases, the text kept, the message beside the field.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};

use crate::comments::comment;
use crate::helpers::{ORIGIN, Page, TestApp, both};

const CONTROL: &str = "control characters";
const BACKWARDS: &str = "turn text backwards";

/// Asserts a refused form: 422, the message beside `field`, and `kept` in it.
fn assert_refused(page: &Page, field: &str, message: &str, kept: &str) {
    page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let error = page.field_error(field);
    assert!(error.contains(message), "{field}: {error}");
    assert_eq!(typed_value(page, field), kept, "{field}");
}

/// The value of a field exactly as the browser holds it, line ends and all.
fn typed_value(page: &Page, id: &str) -> String {
    let html = page.html();
    let input = scraper::Selector::parse(&format!("input#{id}")).unwrap();
    if let Some(input) = html.select(&input).next() {
        return input.value().attr("value").unwrap_or_default().to_owned();
    }
    let area = scraper::Selector::parse(&format!("textarea#{id}")).unwrap();
    html.select(&area)
        .next()
        .map(|a| a.text().collect())
        .unwrap_or_default()
}

/// Asserts the site's own error page with `status`, not a bare answer.
fn assert_error_page(page: &Page, status: StatusCode) {
    page.assert_status(status);
    assert!(page.header("content-type").starts_with("text/html"));
    assert!(!page.nav().is_empty(), "the site's layout: {}", page.body);
}

fn form_post(path: &str, content_type: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::ORIGIN, ORIGIN)
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, content_type)
}

both! {
    async fn nul_in_a_post_is_refused_beside_each_field_with_the_text_kept(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut browser = app.signed_in(&ana).await;
        let page = browser.post("/write", &[
            ("title", "Volca\0noes"), ("body", "Lava\0 flows\r\nslowly."),
            ("labels", "Sci\0ence"), ("action", "save"),
        ]).await;
        assert_refused(&page, "title", CONTROL, "Volcanoes");
        assert_refused(&page, "body", CONTROL, "Lava flows\nslowly.");
        assert_refused(&page, "labels", CONTROL, "Science");
        assert!(app.store().search_posts(
            &quire::posts::search::SearchTerms::parse("volcanoes").unwrap(), 5,
        ).await.unwrap().is_empty());
        // What came back is sent again as it is, and saved.
        let title = typed_value(&page, "title");
        let body = typed_value(&page, "body");
        let labels = typed_value(&page, "labels");
        let saved = browser.post("/write", &[
            ("title", &title), ("body", &body), ("labels", &labels), ("action", "save"),
        ]).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    }

    async fn other_control_characters_are_refused_and_tabs_and_line_ends_kept(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut browser = app.signed_in(&ana).await;
        for bad in ["bell\u{7}", "esc\u{1b}[31m", "del\u{7f}", "c1\u{85}", "lone\rreturn"] {
            let page = browser.post("/write", &[("title", "Lava"), ("body", bad), ("action", "save")]).await;
            page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
            assert!(page.field_error("body").contains(CONTROL), "{bad:?}");
        }
        browser.post("/write", &[("title", "Lava"), ("body", "a\tb\r\nc"), ("action", "save")]).await
            .assert_status(StatusCode::SEE_OTHER);
    }

    async fn nul_in_a_comment_is_refused_beside_it_with_the_text_kept(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Magma", "Hot.", "").await;
        let mut browser = app.signed_in(&ana).await;
        let page = comment(&mut browser, post.id, "Hot\0 stuff", None).await;
        assert_refused(&page, "comment-body", CONTROL, "Hot stuff");
        assert_eq!(page.heading(), "Magma");
        comment(&mut browser, post.id, "Hot stuff", None).await.assert_status(StatusCode::SEE_OTHER);
    }

    async fn a_guest_name_with_a_direction_mark_is_refused(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Magma", "Hot.", "").await;
        app.discussion(|d| d.anyone_may_comment = true).await;
        let mut guest = app.client();
        let secret = app.store().form_secret().await.unwrap();
        let earlier = quire::auth::token::sign_time(&secret, quire::db::Timestamp::now() - time::Duration::seconds(30));
        let page = guest.post(&format!("/posts/{}/comments", post.id), &[
            ("name", "Gran\u{202E}dma"), ("body", "Lovely!"), ("started", &earlier), ("website", ""),
        ]).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.field_error("comment-name").contains(BACKWARDS));
        assert_eq!(page.field_value("comment-name"), "Grandma");
        assert_eq!(page.field_value("comment-body"), "Lovely!");
    }

    async fn nul_in_a_bio_and_a_direction_mark_in_a_display_name_are_refused(app: TestApp) {
        app.teacher("Ms Rivera").await;
        app.settings(|s| s.students_rename = true).await;
        let ana = app.student("Ana López").await;
        let mut browser = app.signed_in(&ana).await;
        let page = browser.post("/account/profile", &[
            ("display_name", "Ana \u{202E}zepóL"), ("bio", "I like\0 volcanoes.\r\nAnd lava."),
        ]).await;
        assert_refused(&page, "display_name", BACKWARDS, "Ana zepóL");
        assert_refused(&page, "bio", CONTROL, "I like volcanoes.\nAnd lava.");
        let user = app.store().user_by_id(ana.id).await.unwrap().unwrap();
        assert_eq!((user.display_name.as_str(), user.bio.as_str()), ("Ana López", ""));
    }

    async fn direction_marks_in_new_students_names_are_refused_by_line(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.signed_in(&teacher).await;
        for mark in ['\u{202E}', '\u{2066}', '\u{200F}', '\u{061C}'] {
            let page = browser.post("/class/students", &[("names", &format!("Ana\nBen{mark}Okafor"))]).await;
            page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
            let error = page.field_error("names");
            assert!(error.starts_with("Line 2:") && error.contains(BACKWARDS), "{error}");
            assert_eq!(typed_value(&page, "names"), "Ana\nBenOkafor");
        }
        assert_eq!(app.store().all_users().await.unwrap().len(), 1);
    }

    async fn nul_in_the_settings_is_refused_beside_the_field(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.signed_in(&teacher).await;
        let page = browser.post("/settings", &[
            ("title", "Year 6"), ("tagline", "We\0 write"), ("time_zone", "UTC"),
            ("hold_words", "lava\0"), ("reject_words", "ok"),
        ]).await;
        assert_refused(&page, "tagline", CONTROL, "We write");
        assert_refused(&page, "hold_words", CONTROL, "lava");
        assert_eq!(page.field_value("title"), "Year 6");
        assert!(!app.store().site_settings().await.unwrap().tagline.contains("write"));
    }

    async fn nul_in_a_report_reason_is_refused_beside_it(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        app.discussion(|d| d.approval = quire::comments::ApprovalPolicy::ApproveMembers).await;
        let post = app.published_post(&ana, "Magma", "Hot.", "").await;
        let mut writer = app.signed_in(&ana).await;
        let sent = comment(&mut writer, post.id, "Lava is hot", None).await;
        let id = crate::comments::comment_id(&sent);
        let mut reader = app.signed_in(&ben).await;
        let page = reader.post(&format!("/comments/{id}/report"), &[("reason", "Rude\0")]).await;
        assert_refused(&page, "reason", CONTROL, "Rude");
    }

    async fn nul_in_a_rejection_note_is_refused_and_nothing_changes(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Magma", "Hot.", "").await;
        let mut writer = app.signed_in(&ana).await;
        let id = crate::comments::comment_id(&comment(&mut writer, post.id, "Lava is hot", None).await);
        let mut staff = app.signed_in(&teacher).await;
        let page = staff.post("/moderation", &[
            ("ids", &id.to_string()), ("action", "reject"), (&format!("note-{id}"), "Rude\0"),
        ]).await;
        assert_error_page(&page, StatusCode::BAD_REQUEST);
        assert!(page.body.contains(CONTROL));
        assert_eq!(staff.get("/moderation").await.texts(".queue-item .comment-text"), ["Lava is hot"]);
    }

    async fn a_sign_in_username_with_nul_is_refused_beside_it(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let page = app.client().sign_in("ms.ri\0vera", "whatever").await;
        assert_refused(&page, "username", CONTROL, "ms.rivera");
        let page = app.client().sign_in("ms.\u{202E}rivera", "whatever").await;
        assert_refused(&page, "username", BACKWARDS, "ms.rivera");
    }

    async fn addresses_with_control_characters_find_nothing(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        app.published_post(&ana, "Magma", "Hot.", "Science").await;
        for browser in [&mut app.client(), &mut app.signed_in(&teacher).await] {
            for path in [
                "/u/a%00b", "/u/ana.lopez%00", "/u/a%0Ab/feed.xml", "/posts/magma%00",
                "/labels/sci%00ence", "/labels/%FF", "/u/%C3", "/setup/a%00b",
            ] {
                assert_error_page(&browser.get(path).await, StatusCode::NOT_FOUND);
            }
            for path in ["/search?q=a%00b", "/search?q=%FF", "/?page=%00", "/sign-in?next=%2F%00"] {
                assert_error_page(&browser.get(path).await, StatusCode::BAD_REQUEST);
            }
        }
    }

    async fn a_form_that_is_not_utf8_is_refused_not_stored_with_replacement_characters(app: TestApp) {
        app.teacher("Ms Rivera").await;
        app.settings(|s| s.students_rename = true).await;
        let ana = app.student("Ana López").await;
        let mut browser = app.signed_in(&ana).await;
        for body in [&b"display_name=Ana&bio=caf%E9"[..], b"display_name=Ana&bio=caf\xe9", b"display_name=Ana&bi%FF=x"] {
            let request = form_post("/account/profile", "application/x-www-form-urlencoded");
            let page = browser.send_raw(request, Body::from(body.to_vec())).await;
            assert_error_page(&page, StatusCode::BAD_REQUEST);
            assert!(page.body.contains("UTF-8"));
        }
        let user = app.store().user_by_id(ana.id).await.unwrap().unwrap();
        assert_eq!(user.bio, "");
        // The same in UTF-8 is fine.
        let request = form_post("/account/profile", "application/x-www-form-urlencoded");
        browser.send_raw(request, Body::from("display_name=Ana&bio=caf%C3%A9")).await
            .assert_status(StatusCode::SEE_OTHER);
        assert_eq!(app.store().user_by_id(ana.id).await.unwrap().unwrap().bio, "café");
    }

    async fn a_multipart_post_that_is_not_utf8_is_refused(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut browser = app.signed_in(&ana).await;
        let boundary = "edge-boundary";
        let mut body = Vec::new();
        for (name, value) in [("title", &b"Caf\xe9"[..]), ("body", b"Lava"), ("action", b"save")] {
            body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes());
            body.extend_from_slice(value);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let request = form_post("/write", &format!("multipart/form-data; boundary={boundary}"));
        let page = browser.send_raw(request, Body::from(body)).await;
        assert_error_page(&page, StatusCode::BAD_REQUEST);
        assert!(page.body.contains("UTF-8"));
    }

    async fn an_over_long_search_is_refused_with_the_first_words_kept(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let mut browser = app.client();
        let long = "lava ".repeat(100);
        let page = browser.get(&format!("/search?q={}", long.replace(' ', "+"))).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.field_error("q").contains("200 characters"));
        assert_eq!(page.field_value("q"), long.chars().take(200).collect::<String>());
        browser.get("/search?q=lava").await.assert_status(StatusCode::OK);
    }

    async fn an_address_over_8_kb_gets_the_sites_414_page(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let page = app.client().get(&format!("/search?q={}", "x".repeat(10_000))).await;
        assert_error_page(&page, StatusCode::URI_TOO_LONG);
        assert!(page.body.contains("too long"));
    }
}

/// Every form is read through `web::forms::Form` (or `forms::field_text` for multipart
/// text): a handler that took axum's own `Form` would store U+FFFD in place of bad bytes.
#[test]
fn every_form_is_read_through_the_strict_extractor() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web");
    let mut lenient = Vec::new();
    let mut folders = vec![root.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("web/forms.rs")
            {
                let code = std::fs::read_to_string(&path).unwrap();
                for lenient_reader in ["axum::Form", "extract::Form", "from_utf8_lossy"] {
                    if code.contains(lenient_reader) {
                        lenient.push(format!("{}: {lenient_reader}", path.display()));
                    }
                }
            }
        }
    }
    assert!(
        lenient.is_empty(),
        "read forms with crate::web::forms::Form: {lenient:?}"
    );
}
