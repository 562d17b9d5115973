//! Signing in and out, sessions, and throttling.

use std::time::Instant;

use axum::http::StatusCode;
use quire::db::{Db, Timestamp};

use crate::helpers::{PASSWORD, TestApp, both};

both! {
    async fn a_student_signs_in_and_out(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut browser = app.client();
        assert_eq!(browser.get("/sign-in").await.heading(), "Sign in");

        browser.sign_in(&ana.username, PASSWORD).await.assert_redirect_to("/");
        let home = browser.get("/").await;
        assert_eq!(home.nav(), ["Home", "Write", "Account", "Sign out"]);
        assert!(home.text(".signed-in-as").contains("Ana López"));

        browser.post("/sign-out", &[]).await.assert_redirect_to("/");
        assert!(browser.session_cookie().is_none());
        assert_eq!(browser.get("/").await.nav(), ["Home", "Sign in"]);
    }

    async fn sign_in_is_case_insensitive_about_the_username(app: TestApp) {
        app.teacher("Ms Rivera").await;
        app.student("Ana López").await;
        app.client().sign_in("ANA.Lopez ", PASSWORD).await.assert_redirect_to("/");
    }

    async fn a_wrong_password_is_refused_and_the_username_kept(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut browser = app.client();
        let page = browser.sign_in(&ana.username, "not the password").await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.text("[role=alert]").contains("do not match"));
        assert_eq!(page.field_value("username"), ana.username);
        assert_eq!(page.field_value("password"), "");
        assert!(browser.session_cookie().is_none());
    }

    async fn an_unknown_username_gets_the_same_answer_as_a_wrong_password(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let wrong = app.client().sign_in(&ana.username, "not the password").await;
        let unknown = app.client().sign_in("nobody", "not the password").await;
        assert_eq!(unknown.status, wrong.status);
        assert_eq!(unknown.text("[role=alert]"), wrong.text("[role=alert]"));
    }

    async fn an_unknown_username_costs_as_much_time_as_a_known_one(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        // Warm the dummy hash, then compare medians. Without the dummy hash an unknown
        // username answers about a hundred times faster; the margin here is wide.
        app.client().sign_in("nobody", "wrong password").await;
        let mut known = Vec::new();
        let mut unknown = Vec::new();
        for _ in 0..3 {
            let start = Instant::now();
            app.client().sign_in(&ana.username, "wrong password").await;
            known.push(start.elapsed());
            let start = Instant::now();
            app.client().sign_in("nobody", "wrong password").await;
            unknown.push(start.elapsed());
        }
        known.sort();
        unknown.sort();
        assert!(
            unknown[1] * 3 > known[1],
            "unknown {:?} vs known {:?}", unknown[1], known[1]
        );
    }

    async fn a_deactivated_student_cannot_sign_in(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        app.store().set_user_active(ana.id, false).await.unwrap();
        let mut browser = app.client();
        let page = browser.sign_in(&ana.username, PASSWORD).await;
        page.assert_status(StatusCode::FORBIDDEN);
        assert!(page.text("[role=alert]").contains("switched off"));
        assert!(browser.session_cookie().is_none());
    }

    async fn sign_in_returns_to_the_page_asked_for_but_never_off_the_site(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.client();
        browser.get("/account").await.assert_redirect_to("/sign-in?next=%2Faccount");
        let form = browser.get("/sign-in?next=%2Faccount").await;
        assert_eq!(form.attributes("input[name=next]", "value"), ["/account"]);
        browser.post("/sign-in", &[
            ("username", &teacher.username), ("password", PASSWORD), ("next", "/account"),
        ]).await.assert_redirect_to("/account");

        let mut other = app.client();
        other.post("/sign-in", &[
            ("username", &teacher.username), ("password", PASSWORD), ("next", "//evil.example/x"),
        ]).await.assert_redirect_to("/");
    }

    async fn the_session_cookie_is_http_only_and_same_site(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let page = app.client().sign_in(&teacher.username, PASSWORD).await;
        let cookie = page.header("set-cookie");
        assert!(cookie.starts_with("quire_session="), "{cookie}");
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(cookie.contains("Path=/"), "{cookie}");
        assert!(!cookie.contains("Secure"), "{cookie}");

        let https = app.with_base_url("https://blog.school.example").await;
        let page = https.client().sign_in(&teacher.username, PASSWORD).await;
        assert!(page.header("set-cookie").contains("Secure"));
    }

    async fn signing_in_issues_a_new_session_token(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.client();
        browser.sign_in(&teacher.username, PASSWORD).await;
        let first = browser.session_cookie().unwrap().to_owned();
        browser.sign_in(&teacher.username, PASSWORD).await;
        let second = browser.session_cookie().unwrap().to_owned();
        assert_ne!(first, second);
        // The replaced session is gone, not just forgotten by this browser.
        let mut replay = app.client();
        replay.set_session_cookie(&first);
        assert_eq!(replay.get("/").await.nav(), ["Home", "Sign in"]);

        // A token planted in the browser before sign-in is never promoted.
        let mut planted = app.client();
        planted.set_session_cookie("planted-by-someone-else");
        planted.sign_in(&teacher.username, PASSWORD).await;
        assert_ne!(planted.session_cookie(), Some("planted-by-someone-else"));
    }

    async fn a_signed_out_session_cannot_be_replayed(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.signed_in(&teacher).await;
        let token = browser.session_cookie().unwrap().to_owned();
        browser.post("/sign-out", &[]).await;
        let mut thief = app.client();
        thief.set_session_cookie(&token);
        thief.get("/account").await.assert_redirect_to("/sign-in?next=%2Faccount");
    }

    async fn an_expired_session_is_not_honoured_and_is_purged(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.signed_in(&teacher).await;
        app.execute("update sessions set expires_at = created_at").await;
        browser.get("/account").await.assert_redirect_to("/sign-in?next=%2Faccount");
        let purged = quire::server::purge_once(app.store()).await.unwrap();
        assert_eq!(purged.sessions, 1);
    }

    async fn a_used_session_slides_its_expiry_forward(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.signed_in(&teacher).await;
        // Nothing is written while the session is fresh.
        assert_eq!(browser.get("/").await.header("set-cookie"), "");
        // Five days are left, as if the last visit was 25 days ago.
        let soon = Timestamp::now() + time::Duration::days(5);
        app.execute_at("update sessions set expires_at = $1", soon).await;
        let page = browser.get("/").await;
        assert!(page.header("set-cookie").contains("Max-Age=2592000"), "{}", page.header("set-cookie"));
        assert_eq!(page.nav().last().unwrap(), "Sign out");
        let token_hash = quire::auth::token::digest(browser.session_cookie().unwrap());
        let expires_at = session_expiry(&app, &token_hash).await;
        assert!(expires_at > Timestamp::now() + time::Duration::days(29));
    }

    async fn ten_failures_lock_a_username_for_a_while_and_say_how_long(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut prankster = app.client();
        for _ in 0..10 {
            prankster.sign_in(&ana.username, "guess").await.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        }
        let page = prankster.sign_in(&ana.username, "guess").await;
        page.assert_status(StatusCode::TOO_MANY_REQUESTS);
        assert!(page.text("[role=alert]").contains("wait 15 minutes"), "{}", page.text("[role=alert]"));
        // Even the right password waits, so the lock cannot be probed.
        let mut owner = app.client();
        owner.address = "198.51.100.7:4000".parse().unwrap();
        owner.sign_in(&ana.username, PASSWORD).await.assert_status(StatusCode::TOO_MANY_REQUESTS);

        // Fifteen minutes later the lock is gone: a classmate cannot keep someone out.
        app.execute("update sign_in_failures set failed_at = '2000-01-01T00:00:00.000Z'").await;
        owner.sign_in(&ana.username, PASSWORD).await.assert_redirect_to("/");
    }

    async fn many_failures_from_one_address_lock_that_address(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut attacker = app.client();
        for n in 0..50 {
            attacker.sign_in(&format!("user{n}"), "guess").await;
        }
        attacker.sign_in(&teacher.username, PASSWORD).await.assert_status(StatusCode::TOO_MANY_REQUESTS);
        let mut elsewhere = app.client();
        elsewhere.address = "198.51.100.7:4000".parse().unwrap();
        elsewhere.sign_in(&teacher.username, PASSWORD).await.assert_redirect_to("/");
    }

    async fn signing_in_clears_earlier_failures(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut browser = app.client();
        for _ in 0..9 {
            browser.sign_in(&ana.username, "guess").await;
        }
        browser.sign_in(&ana.username, PASSWORD).await.assert_redirect_to("/");
        for _ in 0..9 {
            browser.sign_in(&ana.username, "guess").await.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        }
    }
}

async fn session_expiry(app: &TestApp, token_hash: &str) -> Timestamp {
    const EXPIRY: &str = "select expires_at from sessions where token_hash = $1";
    match app.db() {
        Db::Sqlite(pool) => {
            sqlx::query_scalar(EXPIRY)
                .bind(token_hash)
                .fetch_one(pool)
                .await
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar(EXPIRY)
                .bind(token_hash)
                .fetch_one(pool)
                .await
        }
    }
    .unwrap()
}
