//! The first start: the one-time set-up link.

use axum::http::StatusCode;
use quire::setup_link;

use crate::helpers::{TestApp, both};

async fn fresh_link(app: &TestApp) -> String {
    let link = setup_link::create(app.store(), &app.state.settings)
        .await
        .unwrap();
    link.trim_start_matches("http://127.0.0.1:3000").to_owned()
}

fn teacher_form<'a>(password: &'a str, confirmation: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("display_name", "Ms Rivera"),
        ("username", "ms.rivera"),
        ("password", password),
        ("password_confirmation", confirmation),
    ]
}

both! {
    async fn every_page_says_the_site_is_not_set_up_yet(app: TestApp) {
        let mut browser = app.client();
        for path in ["/", "/sign-in", "/class", "/no-such-page"] {
            let page = browser.get(path).await;
            page.assert_status(StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(page.heading(), "This blog is not set up yet", "{path}");
            assert!(page.body.contains("quire setup-link"));
        }
    }

    async fn the_set_up_link_creates_the_teacher_and_signs_them_in(app: TestApp) {
        let link = fresh_link(&app).await;
        let mut browser = app.client();
        let form = browser.get(&link).await;
        form.assert_status(StatusCode::OK);
        assert_eq!(form.heading(), "Set up quire");

        browser.post(&link, &teacher_form("a long password", "a long password")).await
            .assert_redirect_to("/class");
        let class = browser.get("/class").await;
        class.assert_status(StatusCode::OK);
        assert!(class.nav().contains(&"Class".to_owned()));
        assert!(class.body.contains("ms.rivera"));

        let teacher = app.store().user_by_username("ms.rivera").await.unwrap().unwrap();
        assert!(teacher.is_teacher());
        assert_eq!(teacher.display_name, "Ms Rivera");
    }

    async fn the_set_up_link_works_only_once(app: TestApp) {
        let link = fresh_link(&app).await;
        let mut first = app.client();
        first.post(&link, &teacher_form("a long password", "a long password")).await
            .assert_redirect_to("/class");

        let mut second = app.client();
        let again = second.get(&link).await;
        again.assert_status(StatusCode::GONE);
        let mut form = teacher_form("another password", "another password");
        form[1] = ("username", "intruder");
        second.post(&link, &form).await.assert_status(StatusCode::GONE);
        assert!(app.store().user_by_username("intruder").await.unwrap().is_none());
    }

    async fn a_fresh_link_is_refused_once_set_up_is_done(app: TestApp) {
        let first_link = fresh_link(&app).await;
        let spare_link = fresh_link(&app).await;
        app.client().post(&first_link, &teacher_form("a long password", "a long password")).await
            .assert_redirect_to("/class");
        let page = app.client().get(&spare_link).await;
        page.assert_status(StatusCode::GONE);
        assert!(page.body.contains("already set up"));
    }

    async fn an_expired_set_up_link_is_refused(app: TestApp) {
        let link = fresh_link(&app).await;
        app.execute("update setup_tokens set expires_at = created_at").await;
        let page = app.client().get(&link).await;
        page.assert_status(StatusCode::GONE);
        assert!(page.body.contains("run out"));
    }

    async fn an_unknown_set_up_token_is_refused(app: TestApp) {
        fresh_link(&app).await;
        app.client().get("/setup/not-a-real-token").await.assert_status(StatusCode::GONE);
    }

    async fn a_set_up_form_with_mistakes_comes_back_with_the_input_kept(app: TestApp) {
        let link = fresh_link(&app).await;
        let mut browser = app.client();
        let page = browser.post(&link, &[
            ("display_name", "Ms Rivera"),
            ("username", "ms rivera!"),
            ("password", "short"),
            ("password_confirmation", "short"),
        ]).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(page.field_value("display_name"), "Ms Rivera");
        assert_eq!(page.field_value("username"), "ms rivera!");
        assert!(page.field_error("username").contains("letters"));
        assert!(page.field_error("password").contains("at least 8"));
        assert!(!app.store().teacher_exists().await.unwrap());
        // The link still works after a failed attempt.
        browser.post(&link, &teacher_form("a long password", "a long password")).await
            .assert_redirect_to("/class");
    }
}
