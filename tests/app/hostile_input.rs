//! Oversized, malformed and hostile input gets a clear page and never a 500.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};

use crate::helpers::{ORIGIN, TestApp, both};

fn form_post(path: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::ORIGIN, ORIGIN)
        .header("sec-fetch-site", "same-origin")
}

both! {
    async fn an_oversized_form_gets_a_413_page(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.signed_in(&teacher).await;
        let names = "Ana\n".repeat(400_000);
        let page = browser.post("/class/students", &[("names", &names)]).await;
        page.assert_status(StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(page.heading(), "Payload Too Large");
        assert!(page.body.contains("too large"));
        assert_eq!(app.store().all_users().await.unwrap().len(), 1);
    }

    async fn a_malformed_form_gets_a_clear_page_not_a_crash(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.signed_in(&teacher).await;
        let cases: Vec<(Option<&str>, Vec<u8>)> = vec![
            (Some("application/x-www-form-urlencoded"), b"names=Ana&names=Ben".to_vec()),
            (Some("application/x-www-form-urlencoded"), vec![0xff, 0xfe, 0x00, 0x80]),
            (Some("application/json"), b"{\"names\": \"Ana\"}".to_vec()),
            (None, b"names=Ana".to_vec()),
        ];
        for (content_type, body) in cases {
            let mut request = form_post("/class/students");
            if let Some(content_type) = content_type {
                request = request.header(header::CONTENT_TYPE, content_type);
            }
            let page = browser.send_raw(request, Body::from(body)).await;
            assert!(page.status.is_client_error(), "{content_type:?}: {}", page.status);
            assert!(page.header("content-type").starts_with("text/html"));
            assert!(!page.heading().is_empty());
        }
        assert_eq!(app.store().all_users().await.unwrap().len(), 1);
    }

    async fn markup_in_names_is_shown_as_text(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.signed_in(&teacher).await;
        let hostile = "<script>alert(1)</script> \"quoted\" 'single' & <img src=x onerror=alert(2)>";
        let page = browser.post("/class/students", &[("names", hostile)]).await;
        page.assert_status(StatusCode::OK);
        assert!(!page.body.contains("<script>alert(1)"));
        assert!(!page.body.contains("<img src=x"));
        assert_eq!(page.attributes("input[name=name]", "value"), [hostile]);
        let made = crate::class::submit_preview(&mut browser, &page, "create").await;
        let sheet = browser.get(made.location()).await;
        assert!(!sheet.body.contains("<script>alert(1)"));
        assert_eq!(crate::class::slips(&sheet)[0].0, hostile);
        let class = browser.get("/class").await;
        assert!(class.texts("td").contains(&hostile.to_owned()));
        assert_eq!(class.texts("script").len(), class.attributes("script[src]", "src").len());
    }

    async fn sql_in_a_username_is_just_a_wrong_username(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        for attempt in ["' or 1=1 --", "ms.rivera' --", "\"; drop table users; --"] {
            app.client().sign_in(attempt, "x' or '1'='1").await
                .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        }
        assert!(app.store().user_by_id(teacher.id).await.unwrap().is_some());
    }

    async fn path_tricks_find_nothing(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let mut browser = app.client();
        for path in [
            "/static/..%2F..%2FCargo.toml",
            "/static/%2e%2e/%2e%2e/etc/passwd",
            "/static/../src/main.rs",
            "/setup/..%2F..%2Fclass",
        ] {
            let page = browser.get(path).await;
            assert!(
                page.status == StatusCode::NOT_FOUND || page.status == StatusCode::GONE,
                "{path}: {}", page.status
            );
            assert!(!page.body.contains("[package]"));
        }
    }

    async fn unknown_addresses_get_the_404_page_in_the_layout(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let page = app.signed_in(&teacher).await.get("/no/such/page").await;
        page.assert_status(StatusCode::NOT_FOUND);
        assert_eq!(page.heading(), "Not Found");
        assert!(page.nav().contains(&"Class".to_owned()));
    }

    async fn a_wrong_method_gets_a_405_page(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let page = app.client().get("/sign-out").await;
        page.assert_status(StatusCode::METHOD_NOT_ALLOWED);
        assert!(page.header("content-type").starts_with("text/html"));
    }
}
