//! Who may do what: every teacher route refuses students, every account route
//! sends anonymous readers to sign in.

use axum::http::StatusCode;

use crate::helpers::{PASSWORD, TestApp, both};

both! {
    async fn the_navigation_follows_the_role(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        assert_eq!(app.client().get("/").await.nav(), ["Home", "Sign in"]);
        assert_eq!(
            app.signed_in(&ana).await.get("/").await.nav(),
            ["Home", "Write", "Your posts", "Assignments", "Account", "Sign out"]
        );
        assert_eq!(
            app.signed_in(&teacher).await.get("/").await.nav(),
            ["Home", "Write", "Your posts", "Assignments", "Class", "Moderation", "Settings", "Account", "Sign out"]
        );
    }

    async fn a_student_gets_403_on_every_teacher_page_and_nothing_changes(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let mut student = app.signed_in(&ana).await;

        for path in ["/class", "/moderation", "/settings"] {
            let page = student.get(path).await;
            page.assert_status(StatusCode::FORBIDDEN);
            assert_eq!(page.heading(), "Forbidden", "{path}");
            // The refusal is drawn in the site's layout, with the student's own navigation.
            assert!(page.nav().contains(&"Account".to_owned()), "{path}");
        }
        let ben_id = ben.id.to_string();
        let teacher_id = teacher.id.to_string();
        app.signed_in(&teacher).await.post("/class/groups", &[("group_name", "Period 5")]).await;
        let group_id = app.store().class_groups().await.unwrap()[0].id.to_string();
        for path in [format!("/class/groups/{group_id}/deactivate"), "/class/sheets/0123".to_owned()] {
            student.get(&path).await.assert_status(StatusCode::FORBIDDEN);
        }
        let forms: Vec<(String, Vec<(&str, &str)>)> = vec![
            ("/class/students".into(), vec![("names", "Mallory")]),
            ("/class/students/confirm".into(), vec![("name", "Mallory"), ("keep", "0"), ("step", "create")]),
            ("/class/teachers".into(), vec![("teacher_name", "Mallory")]),
            ("/class/bulk".into(), vec![("ids", &ben_id), ("action", "passwords"), ("confirmed", "yes")]),
            ("/class/bulk".into(), vec![("ids", &teacher_id), ("action", "deactivate"), ("confirmed", "yes")]),
            ("/class/bulk".into(), vec![("ids", &ben_id), ("action", "remove"), ("confirmed", "yes"), ("removal", "delete")]),
            ("/class/bulk".into(), vec![("ids", &ben_id), ("action", "move"), ("to_group", &group_id)]),
            ("/class/groups".into(), vec![("group_name", "Mallory's")]),
            (format!("/class/groups/{group_id}/rename"), vec![("group_name", "Hacked")]),
            (format!("/class/groups/{group_id}/delete"), vec![]),
            (format!("/class/groups/{group_id}/deactivate"), vec![]),
            ("/settings".into(), vec![("title", "Hacked"), ("tagline", "")]),
        ];
        for (path, fields) in &forms {
            student.post(path, fields).await.assert_status(StatusCode::FORBIDDEN);
        }

        assert_eq!(app.store().all_users().await.unwrap().len(), 3);
        assert_eq!(app.store().class_groups().await.unwrap()[0].name, "Period 5");
        assert_eq!(app.store().site_settings().await.unwrap().title, "Our class blog");
        for user in [&teacher, &ben] {
            assert!(app.store().user_by_id(user.id).await.unwrap().unwrap().active);
            app.client().sign_in(&user.username, PASSWORD).await.assert_redirect_to("/");
        }
    }

    async fn anonymous_readers_are_sent_to_sign_in_and_change_nothing(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut reader = app.client();
        for path in ["/write", "/account", "/class", "/moderation", "/settings"] {
            let page = reader.get(path).await;
            assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
            assert!(page.location().starts_with("/sign-in?next="), "{path}");
        }
        reader.post("/class/students", &[("names", "Mallory")]).await;
        reader.post("/class/bulk", &[("ids", &teacher.id.to_string()), ("action", "deactivate"), ("confirmed", "yes")]).await;
        assert_eq!(app.store().all_users().await.unwrap().len(), 1);
        assert!(app.store().user_by_id(teacher.id).await.unwrap().unwrap().active);
    }

    async fn a_post_from_another_site_is_refused_and_changes_nothing(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.signed_in(&teacher).await;
        let page = browser.post_from_another_site("/class/students", &[("names", "Mallory")]).await;
        page.assert_status(StatusCode::FORBIDDEN);
        assert!(page.body.contains("another site"));
        let page = browser.post_from_another_origin("/settings", &[("title", "Hacked")]).await;
        page.assert_status(StatusCode::FORBIDDEN);
        let me = teacher.id.to_string();
        let forged: [(&str, Vec<(&str, &str)>); 4] = [
            ("/class/students/confirm", vec![("name", "Mallory"), ("keep", "0"), ("step", "create")]),
            ("/class/bulk", vec![("ids", &me), ("action", "passwords"), ("confirmed", "yes")]),
            ("/class/groups", vec![("group_name", "Forged")]),
            ("/class/groups/1/deactivate", vec![]),
        ];
        for (path, fields) in &forged {
            browser.post_from_another_site(path, fields).await.assert_status(StatusCode::FORBIDDEN);
            browser.post_from_another_origin(path, fields).await.assert_status(StatusCode::FORBIDDEN);
        }
        assert!(app.store().class_groups().await.unwrap().is_empty());
        browser.post_from_another_site("/sign-out", &[]).await.assert_status(StatusCode::FORBIDDEN);

        assert_eq!(app.store().all_users().await.unwrap().len(), 1);
        assert_eq!(app.store().site_settings().await.unwrap().title, "Our class blog");
        assert_eq!(browser.get("/").await.nav().last().unwrap(), "Sign out");
        // The same forms from the site itself work.
        browser.post("/settings", &[("title", "Year 6"), ("tagline", ""), ("time_zone", "UTC")]).await
            .assert_redirect_to("/settings?saved=1");
    }

    async fn two_instances_on_one_database_share_sessions(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let other = app.second_instance().await;
        let mut browser = app.signed_in(&teacher).await;
        let token = browser.session_cookie().unwrap().to_owned();

        let mut same_browser_elsewhere = other.client();
        same_browser_elsewhere.set_session_cookie(&token);
        let page = same_browser_elsewhere.get("/class").await;
        page.assert_status(StatusCode::OK);
        // Signing out through one instance ends the session on the other, as soon as the
        // database tells it (the session it keeps is read again).
        same_browser_elsewhere.post("/sign-out", &[]).await;
        let to_sign_in = "/sign-in?next=%2Fclass";
        browser.get_until("/class", |page| page.location() == to_sign_in).await
            .assert_redirect_to(to_sign_in);
        // Throttling is shared too: failures seen by one instance lock the other.
        for _ in 0..10 {
            app.client().sign_in(&teacher.username, "guess").await;
        }
        other.client().sign_in(&teacher.username, PASSWORD).await
            .assert_status(StatusCode::TOO_MANY_REQUESTS);
    }
}
