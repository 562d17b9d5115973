//! Signing in and out, sessions, and throttling.

use std::time::Instant;

use axum::http::StatusCode;
use quire::auth::device::DEVICE_COOKIE;
use quire::auth::throttle::{ADDRESS, DEVICE_FAILURES, PAIR};
use quire::db::{Db, Timestamp};
use quire::web::SESSION_COOKIE;

use crate::helpers::{PASSWORD, TestApp, both};

both! {
    async fn a_student_signs_in_and_out(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut browser = app.client();
        assert_eq!(browser.get("/sign-in").await.heading(), "Sign in");

        browser.sign_in(&ana.username, PASSWORD).await.assert_redirect_to("/");
        let home = browser.get("/").await;
        assert_eq!(home.nav(), ["Home", "Write", "Your posts", "Assignments", "Account", "Sign out"]);
        assert!(home.text(".signed-in-as").contains("Ana López"));

        browser.post("/sign-out", &[]).await.assert_redirect_to("/");
        assert!(browser.session_cookie().is_none());
        assert_eq!(browser.get("/").await.nav(), ["Home", "Sign in"]);
    }

    async fn signed_in_pages_are_never_kept_by_a_cache(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut browser = app.client();
        assert!(!browser.get("/").await.header("cache-control").contains("no-store"));

        browser.sign_in(&ana.username, PASSWORD).await.assert_redirect_to("/");
        for path in ["/", "/write", "/account", "/no-such-page"] {
            assert_eq!(browser.get(path).await.header("cache-control"), "private, no-store", "{path}");
        }
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

    async fn a_deactivated_account_with_the_right_password_gets_the_wrong_password_answer(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        app.store().set_user_active(ana.id, false).await.unwrap();
        let mut browser = app.client();
        let right = browser.sign_in(&ana.username, PASSWORD).await;
        let mut other = app.client();
        other.address = "198.51.100.7:4000".parse().unwrap();
        let wrong = other.sign_in(&ana.username, "not the password").await;
        // Same status, same words, no cookie of any kind: nothing confirms the password.
        wrong.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(right.status, wrong.status);
        assert_eq!(right.text("[role=alert]"), wrong.text("[role=alert]"));
        assert_eq!(right.header("set-cookie"), "");
        assert!(browser.session_cookie().is_none());
        // And it counts as a failure like any other.
        assert_eq!(pair_failures(&app).await, [1, 1]);
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
        let cookie = set_cookie(&page, SESSION_COOKIE);
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(cookie.contains("Path=/;") || cookie.ends_with("Path=/"), "{cookie}");
        assert!(!cookie.contains("Secure"), "{cookie}");

        let https = app.with_base_url("https://blog.school.example").await;
        let page = https.client().sign_in(&teacher.username, PASSWORD).await;
        assert!(set_cookie(&page, SESSION_COOKIE).contains("Secure"));
    }

    async fn signing_in_leaves_a_signed_device_cookie_for_the_sign_in_page_only(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.client();
        let page = browser.sign_in(&teacher.username, PASSWORD).await;
        let cookie = set_cookie(&page, DEVICE_COOKIE);
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(cookie.contains("Path=/sign-in"), "{cookie}");
        assert!(cookie.contains("Max-Age=34560000"), "{cookie}");
        assert!(!cookie.contains("Secure"), "{cookie}");
        let value = browser.cookie(DEVICE_COOKIE).unwrap().to_owned();
        assert!(value.starts_with(&format!("{}.", teacher.username)), "{value}");
        // Each sign-in gives the browser a fresh one.
        browser.sign_in(&teacher.username, PASSWORD).await;
        assert_ne!(browser.cookie(DEVICE_COOKIE), Some(value.as_str()));

        let https = app.with_base_url("https://blog.school.example").await;
        let page = https.client().sign_in(&teacher.username, PASSWORD).await;
        assert!(set_cookie(&page, DEVICE_COOKIE).contains("Secure"));
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

    async fn failures_delay_that_username_from_that_address_and_say_how_long(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut prankster = app.client();
        for _ in 0..PAIR.delay_from {
            prankster.sign_in(&ana.username, "guess").await.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        }
        let page = prankster.sign_in(&ana.username, "guess").await;
        page.assert_status(StatusCode::TOO_MANY_REQUESTS);
        assert!(page.text("[role=alert]").contains("wait 30 seconds"), "{}", page.text("[role=alert]"));
        assert_eq!(page.header("retry-after"), "30");
        // From that address even the right password waits, so the delay cannot be probed.
        let mut classmate_browser = app.client();
        classmate_browser.sign_in(&ana.username, PASSWORD).await.assert_status(StatusCode::TOO_MANY_REQUESTS);
        // The owner, anywhere else, is not touched.
        let mut owner = app.client();
        owner.address = "198.51.100.7:4000".parse().unwrap();
        owner.sign_in(&ana.username, PASSWORD).await.assert_redirect_to("/");

        // Once the wait is over, the right password works from the prankster's address.
        app.execute("update sign_in_throttles set blocked_until = '2000-01-01T00:00:00.000Z'").await;
        classmate_browser.sign_in(&ana.username, PASSWORD).await.assert_redirect_to("/");
    }

    async fn the_wait_doubles_with_each_further_failure(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut guesser = app.client();
        for _ in 0..PAIR.delay_from {
            guesser.sign_in(&ana.username, "guess").await.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        }
        for expected in ["wait 30 seconds", "wait 1 minute", "wait 2 minutes", "wait 4 minutes"] {
            let page = guesser.sign_in(&ana.username, "guess").await;
            page.assert_status(StatusCode::TOO_MANY_REQUESTS);
            assert!(page.text("[role=alert]").contains(expected), "{expected}: {}", page.text("[role=alert]"));
            // The wait passes; the next guess is checked, and fails.
            app.execute("update sign_in_throttles set blocked_until = '2000-01-01T00:00:00.000Z'").await;
            guesser.sign_in(&ana.username, "guess").await.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        }
        assert_eq!(pair_failures(&app).await, [PAIR.delay_from + 4]);
    }

    async fn failures_from_one_address_do_not_lock_out_a_classmate_there_until_far_more(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ben = app.student("Ben Ode").await;
        let ana = app.student("Ana López").await;
        let mut ana_browser = app.signed_in(&ana).await;
        ana_browser.post("/sign-out", &[]).await;
        // 55 failures from the school's one address, five for each of eleven names:
        // more than the old limit of 50 for a whole address.
        let mut guesser = app.client();
        for n in 0..11 {
            for _ in 0..PAIR.delay_from {
                guesser.sign_in(&format!("user{n}"), "guess").await.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
            }
        }
        app.client().sign_in(&ben.username, PASSWORD).await.assert_redirect_to("/");

        // Far more (as if the guessing went on): the address waits, briefly.
        assert_eq!(ADDRESS.delay_from, 100, "the 105 below is a few past it");
        app.execute("update sign_in_throttles set failures = 105 where scope = 'address'").await;
        guesser.sign_in("user99", "guess").await.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        // Ben on a school computer he has not signed in on before:
        let page = app.client().sign_in(&ben.username, PASSWORD).await;
        page.assert_status(StatusCode::TOO_MANY_REQUESTS);
        assert!(page.text("[role=alert]").contains("wait 1 minute"), "{}", page.text("[role=alert]"));
        // A browser that signed in before, and anyone elsewhere, are not held up.
        ana_browser.sign_in(&ana.username, PASSWORD).await.assert_redirect_to("/");
        let mut elsewhere = app.client();
        elsewhere.address = "198.51.100.7:4000".parse().unwrap();
        elsewhere.sign_in(&teacher.username, PASSWORD).await.assert_redirect_to("/");
    }

    async fn the_rightful_user_with_a_device_cookie_signs_in_while_her_username_is_attacked(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        // Ana signed in on this browser at school once before.
        let mut ana_browser = app.signed_in(&ana).await;
        ana_browser.post("/sign-out", &[]).await;
        assert!(ana_browser.cookie(DEVICE_COOKIE).is_some());
        // A classmate guesses from the same school address, an outsider from another.
        let mut classmate = app.client();
        let mut outsider = app.client();
        outsider.address = "198.51.100.7:4000".parse().unwrap();
        for guesser in [&mut classmate, &mut outsider] {
            for n in 0..10 {
                let page = guesser.sign_in(&ana.username, "guess").await;
                let expected = if n < PAIR.delay_from {
                    StatusCode::UNPROCESSABLE_ENTITY
                } else {
                    StatusCode::TOO_MANY_REQUESTS
                };
                page.assert_status(expected);
            }
        }
        ana_browser.sign_in(&ana.username, PASSWORD).await.assert_redirect_to("/");
        // A browser new to Ana, at the attacked address, waits like the classmate.
        app.client().sign_in(&ana.username, PASSWORD).await.assert_status(StatusCode::TOO_MANY_REQUESTS);
    }

    async fn a_stolen_device_cookie_buys_only_a_few_guesses(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ana_browser = app.signed_in(&ana).await;
        let mut thief = app.client();
        thief.address = "198.51.100.7:4000".parse().unwrap();
        thief.set_cookie(DEVICE_COOKIE, ana_browser.cookie(DEVICE_COOKIE).unwrap());
        // The cookie's own allowance, then the allowance of any browser at that address.
        for _ in 0..DEVICE_FAILURES + PAIR.delay_from {
            thief.sign_in(&ana.username, "guess").await.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        }
        thief.sign_in(&ana.username, "guess").await.assert_status(StatusCode::TOO_MANY_REQUESTS);
        thief.sign_in(&ana.username, PASSWORD).await.assert_status(StatusCode::TOO_MANY_REQUESTS);
        // The withdrawn cookie is a stranger's now, but Ana's address has no failures.
        let mut ana_again = app.client();
        ana_again.set_cookie(DEVICE_COOKIE, ana_browser.cookie(DEVICE_COOKIE).unwrap());
        ana_again.sign_in(&ana.username, PASSWORD).await.assert_redirect_to("/");
    }

    async fn wrong_guesses_sent_at_once_check_at_most_the_allowed_number_of_passwords(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let statuses = guesses_at_once(&app, &ana.username, None, 200).await;
        // A 422 answer is given only after the password was checked; a 429 before.
        let checked = statuses.iter().filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY).count();
        let refused = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
        assert_eq!(checked + refused, 200, "{statuses:?}");
        let allowed = usize::try_from(PAIR.delay_from).unwrap();
        assert!((1..=allowed).contains(&checked), "{checked} passwords checked, {allowed} allowed");
        // Every check was counted before it ran.
        assert_eq!(pair_failures(&app).await, [i64::try_from(checked).unwrap()]);

        // With a stolen device cookie: the cookie's allowance, then the address's.
        let owner = app.signed_in(&ana).await;
        let cookie = owner.cookie(DEVICE_COOKIE).unwrap().to_owned();
        let statuses = guesses_at_once(&app, &ana.username, Some(&cookie), 200).await;
        let checked = statuses.iter().filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY).count();
        assert!(checked <= usize::try_from(DEVICE_FAILURES + PAIR.delay_from).unwrap(), "{checked} checked");
    }

    async fn the_teacher_sees_recent_sign_in_delays_on_class(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut class = app.signed_in(&teacher).await;
        assert!(class.get("/class").await.text("#lockouts").contains("No sign-in has been delayed"));
        let mut prankster = app.client();
        prankster.address = "198.51.100.7:4000".parse().unwrap();
        for _ in 0..PAIR.delay_from {
            prankster.sign_in(&ana.username, "guess").await;
        }
        let page = class.get("/class").await;
        assert_eq!(page.text("#lockouts h2"), "Sign-in delays");
        let rows = page.texts("#lockouts tbody tr");
        assert_eq!(rows.len(), 1, "{rows:?}");
        let row = &rows[0];
        for expected in ["This username from this address", &ana.username, "198.51.100.7", "5", "(in force)"] {
            assert!(row.contains(expected), "{expected} in {row}");
        }
    }

    async fn signing_in_clears_earlier_failures(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut browser = app.client();
        for _ in 1..PAIR.delay_from {
            browser.sign_in(&ana.username, "guess").await;
        }
        browser.sign_in(&ana.username, PASSWORD).await.assert_redirect_to("/");
        // Without the device cookie, so the username's count at this address is what is tested.
        let mut browser = app.client();
        for _ in 0..PAIR.delay_from {
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

/// The `Set-Cookie` header that sets `name`.
fn set_cookie(page: &crate::helpers::Page, name: &str) -> String {
    page.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with(&format!("{name}=")))
        .unwrap_or_default()
        .to_owned()
}

/// Failures counted for each username-and-address, smallest first.
async fn pair_failures(app: &TestApp) -> Vec<i64> {
    const FAILURES: &str =
        "select failures from sign_in_throttles where scope = 'pair' order by failures";
    match app.db() {
        Db::Sqlite(pool) => sqlx::query_scalar(FAILURES).fetch_all(pool).await,
        Db::Postgres(pool) => sqlx::query_scalar(FAILURES).fetch_all(pool).await,
    }
    .unwrap()
}

/// Sends `count` wrong sign-ins for `username` at once, from one address (each from its
/// own browser, carrying `device_cookie` if given); their statuses.
async fn guesses_at_once(
    app: &TestApp,
    username: &str,
    device_cookie: Option<&str>,
    count: usize,
) -> Vec<StatusCode> {
    let mut guesses = tokio::task::JoinSet::new();
    for _ in 0..count {
        let mut browser = app.client();
        browser.address = "203.0.113.9:5000".parse().unwrap();
        if let Some(cookie) = device_cookie {
            browser.set_cookie(DEVICE_COOKIE, cookie);
        }
        let username = username.to_owned();
        guesses.spawn(async move { browser.sign_in(&username, "guess").await.status });
    }
    guesses.join_all().await
}
