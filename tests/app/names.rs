//! Names nobody can fake: only teachers name people unless the setting lets students,
//! and no name may equal or look like another member's.

use axum::http::StatusCode;

use crate::comments::comment;
use crate::helpers::{TestApp, both};

both! {
    async fn by_default_a_student_sees_their_name_as_text_and_cannot_forge_a_change(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut browser = app.signed_in(&ana).await;
        let page = browser.get("/account").await;
        assert!(page.html().select(&"#display_name".parse().unwrap()).next().is_none());
        assert!(page.text("#profile-heading ~ form p").contains("Ana López"));

        browser.post("/account/profile", &[("display_name", "Ms Rivera"), ("bio", "Hi")]).await
            .assert_status(StatusCode::FORBIDDEN);
        // The bio alone still saves.
        browser.post("/account/profile", &[("bio", "I like volcanoes.")]).await
            .assert_redirect_to("/account?saved=profile");
        let stored = app.store().user_by_id(ana.id).await.unwrap().unwrap();
        assert_eq!((stored.display_name.as_str(), stored.bio.as_str()), ("Ana López", "I like volcanoes."));
    }

    async fn names_that_look_like_a_teachers_or_a_classmates_are_refused(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        app.student("Ben Okafor").await;
        app.settings(|s| s.students_rename = true).await;
        let mut browser = app.signed_in(&ana).await;
        for name in [
            "Ms Rivera",
            "ms  rivera",
            "MS RIVERA",
            "Ms. Rivera",
            "Ms Rívera",
            "Ms Rivеra",  // a Cyrillic е
            "Мs Rivera",  // a Cyrillic М
            "Ｍｓ Ｒｉｖｅｒａ", // full-width letters
            "Ben 0kafor", // a zero for an O
        ] {
            let page = browser.post("/account/profile", &[("display_name", name), ("bio", "")]).await;
            page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
            assert!(page.field_error("display_name").contains("Choose a different name"), "{name}");
            assert_eq!(page.field_value("display_name"), name);
        }
        let stored = app.store().user_by_id(ana.id).await.unwrap().unwrap();
        assert_eq!(stored.display_name, "Ana López");
        // Her own name in another spelling is fine, and so is a new one.
        browser.post("/account/profile", &[("display_name", "ana lopez"), ("bio", "")]).await
            .assert_redirect_to("/account?saved=profile");
        browser.post("/account/profile", &[("display_name", "Ana the Brave"), ("bio", "")]).await
            .assert_redirect_to("/account?saved=profile");
    }

    async fn a_teachers_own_new_name_is_checked_against_the_class(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        app.student("Ana López").await;
        let mut browser = app.signed_in(&teacher).await;
        let page = browser.post("/account/profile", &[("display_name", "Ana Lopez"), ("bio", "")]).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.field_error("display_name").contains("Ana López"));
        browser.post("/account/profile", &[("display_name", "Ms R. Rivera"), ("bio", "")]).await
            .assert_redirect_to("/account?saved=profile");
    }

    async fn a_teacher_renames_a_student_from_class(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut browser = app.signed_in(&teacher).await;
        let path = format!("/class/students/{}/name", ana.id);
        let class = browser.get("/class").await;
        assert!(class.attributes("td.actions a", "href").contains(&path));

        let page = browser.get(&path).await;
        assert_eq!(page.field_value("display_name"), "Ana López");
        // Not even a teacher may make a student look like a teacher.
        let page = browser.post(&path, &[("display_name", "ms rívera")]).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.field_error("display_name").contains("Ms Rivera"));
        assert_eq!(page.field_value("display_name"), "ms rívera");

        browser.post(&path, &[("display_name", "Ana López García")]).await
            .assert_redirect_to("/class?done=renamed");
        let class = browser.get("/class?done=renamed").await;
        assert_eq!(class.text("[role=status]"), "The name is changed everywhere it shows.");
        assert!(class.texts("td").contains(&"Ana López García".to_owned()));
    }

    async fn students_and_other_sites_are_refused_on_the_rename_route(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let path = format!("/class/students/{}/name", ben.id);
        let mut student = app.signed_in(&ana).await;
        student.get(&path).await.assert_status(StatusCode::FORBIDDEN);
        student.post(&path, &[("display_name", "Ben the Silly")]).await
            .assert_status(StatusCode::FORBIDDEN);
        let mut browser = app.signed_in(&teacher).await;
        let page = browser.post_from_another_site(&path, &[("display_name", "Ben the Silly")]).await;
        page.assert_status(StatusCode::FORBIDDEN);
        let stored = app.store().user_by_id(ben.id).await.unwrap().unwrap();
        assert_eq!(stored.display_name, "Ben Okafor");
    }

    async fn a_teachers_posts_and_comments_carry_a_teacher_badge_everywhere(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        app.published_post(&teacher, "Welcome", "Hello, class.", "News").await;
        let student_post = app.published_post(&ana, "Volcanoes", "Hot.", "").await;
        let mut staff = app.signed_in(&teacher).await;
        comment(&mut staff, student_post.id, "Well done, Ana!", None).await;
        comment(&mut app.signed_in(&ana).await, student_post.id, "Thank you", None).await;
        let badge = |page: &crate::helpers::Page, selector: &str| page.texts(selector);

        let reader = &mut app.client();
        assert_eq!(badge(&reader.get("/posts/welcome").await, ".byline .role-badge"), ["Teacher"]);
        let cards = reader.get("/").await;
        assert_eq!(cards.texts(".byline").len(), 2);
        assert_eq!(badge(&cards, ".byline .role-badge"), ["Teacher"], "on the teacher's card only");
        for path in ["/labels/news", "/u/ms.rivera", "/search?q=welcome"] {
            assert_eq!(badge(&reader.get(path).await, ".byline .role-badge"), ["Teacher"], "{path}");
        }
        let thread = reader.get("/posts/volcanoes").await;
        assert_eq!(thread.texts(".comment-author"), ["Ms Rivera Teacher"]);
        assert!(badge(&thread, ".byline .role-badge").is_empty(), "Ana is no teacher");

        let queue = staff.get(&format!("/moderation?state=all&post={}", student_post.id)).await;
        assert_eq!(badge(&queue, ".queue-item .role-badge"), ["Teacher"]);
        let log = staff.get("/moderation/log").await;
        assert!(badge(&log, "td .role-badge").contains(&"Teacher".to_owned()), "{:?}", log.texts("td"));

        let feed = reader.get("/feed.xml").await;
        let feed = feed_rs::parser::parse(feed.body.as_bytes()).unwrap();
        let authors: Vec<String> = feed.entries.iter().flat_map(|e| e.authors.iter().filter_map(|a| a.name.clone())).collect();
        assert!(authors.contains(&"Ms Rivera (Teacher)".to_owned()), "{authors:?}");
        assert!(authors.contains(&"Ana López".to_owned()), "{authors:?}");
    }
}
