//! A person's own Account page.

use axum::http::StatusCode;

use crate::helpers::{PASSWORD, TestApp, both};

both! {
    async fn a_student_changes_their_name_and_bio(app: TestApp) {
        app.teacher("Ms Rivera").await;
        app.settings(|s| s.students_rename = true).await;
        let ana = app.student("Ana López").await;
        let mut browser = app.signed_in(&ana).await;
        let page = browser.get("/account").await;
        assert_eq!(page.field_value("display_name"), "Ana López");

        browser.post("/account/profile", &[("display_name", "Ana L."), ("bio", "I like volcanoes.")]).await
            .assert_redirect_to("/account?saved=profile");
        let page = browser.get("/account?saved=profile").await;
        assert_eq!(page.text("[role=status]"), "Your name and bio are saved.");
        assert_eq!(page.field_value("display_name"), "Ana L.");
        assert_eq!(page.field_value("bio"), "I like volcanoes.");
    }

    async fn a_bad_profile_comes_back_with_the_text_kept(app: TestApp) {
        app.teacher("Ms Rivera").await;
        app.settings(|s| s.students_rename = true).await;
        let ana = app.student("Ana López").await;
        let mut browser = app.signed_in(&ana).await;
        let bio = "Volcanoes! ".repeat(120);
        let page = browser.post("/account/profile", &[("display_name", "   "), ("bio", &bio)]).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(page.field_error("display_name"), "Enter a name.");
        assert!(page.field_error("bio").contains("1,000"));
        assert_eq!(page.field_value("bio"), bio.trim());
        let stored = app.store().user_by_id(ana.id).await.unwrap().unwrap();
        assert_eq!(stored.display_name, "Ana López");
    }

    async fn changing_the_password_needs_the_current_one_and_ends_other_sessions(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut phone = app.signed_in(&ana).await;
        let mut laptop = app.signed_in(&ana).await;

        let page = laptop.post("/account/password", &[
            ("current_password", "not it"),
            ("new_password", "volcano island"),
            ("new_password_confirmation", "volcano island"),
        ]).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(page.field_error("current_password"), "That is not your current password.");
        assert_eq!(page.field_value("new_password"), "", "passwords are never sent back");

        let page = laptop.post("/account/password", &[
            ("current_password", PASSWORD),
            ("new_password", "volcano island"),
            ("new_password_confirmation", "volcano islands"),
        ]).await;
        assert!(page.field_error("new_password").contains("not the same"));

        laptop.post("/account/password", &[
            ("current_password", PASSWORD),
            ("new_password", "volcano island"),
            ("new_password_confirmation", "volcano island"),
        ]).await.assert_redirect_to("/account?saved=password");

        laptop.get("/account").await.assert_status(StatusCode::OK);
        phone.get("/account").await.assert_redirect_to("/sign-in?next=%2Faccount");
        app.client().sign_in(&ana.username, PASSWORD).await.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        app.client().sign_in(&ana.username, "volcano island").await.assert_redirect_to("/");
    }

    async fn the_teacher_renames_the_blog(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.signed_in(&teacher).await;
        let page = browser.post("/settings", &[("title", ""), ("tagline", "Our tagline"), ("time_zone", "Mars/Base")]).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(page.field_error("title"), "Give the blog a name.");
        assert_eq!(page.field_value("tagline"), "Our tagline");
        assert!(page.field_error("time_zone").contains("Europe/London"));
        assert_eq!(page.field_value("time_zone"), "Mars/Base");

        browser.post("/settings", &[("title", "Year 6 Volcanoes"), ("tagline", "We write"), ("time_zone", "UTC")]).await
            .assert_redirect_to("/settings?saved=1");
        let home = app.client().get("/").await;
        assert_eq!(home.text(".site-title"), "Year 6 Volcanoes");
        assert_eq!(home.text(".tagline"), "We write");
        assert!(home.text("title").ends_with("Year 6 Volcanoes"));
    }
}
