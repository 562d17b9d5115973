//! The roster on Class: counts and last sign-in, actions on ticked students behind a
//! confirmation page, removing students, and groups with their filters.

use axum::http::StatusCode;

use crate::class::slips;
use crate::comments::comment;
use crate::helpers::{Client, PASSWORD, Page, TestApp, both};

/// Ticks students on Class and presses one of the bulk buttons.
async fn bulk(
    browser: &mut Client,
    action: &str,
    ids: &[i64],
    extra: &[(&str, &str)],
) -> crate::helpers::Page {
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    let mut fields: Vec<(&str, &str)> = ids.iter().map(|id| ("ids", id.as_str())).collect();
    fields.push(("action", action));
    fields.extend_from_slice(extra);
    browser.post("/class/bulk", &fields).await
}

/// Makes a group through the Class page; its id.
async fn make_group(app: &TestApp, browser: &mut Client, name: &str) -> i64 {
    browser
        .post("/class/groups", &[("group_name", name)])
        .await
        .assert_redirect_to("/class?done=group-added#groups-heading");
    let groups = app.store().class_groups().await.unwrap();
    groups.into_iter().find(|g| g.name == name).unwrap().id
}

both! {
    async fn the_class_page_counts_each_students_work_and_last_sign_in(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Volcanoes", "Hot.", "").await;
        comment(&mut app.signed_in(&ben).await, post.id, "Wow", None).await;
        let mut browser = app.signed_in(&teacher).await;
        let class = browser.get("/class").await;
        let rows = class.texts("#roster tbody tr");
        assert!(rows[0].starts_with("Ana López ana.lopez 1 posts by Ana López 0 comments by Ana López 0"), "{}", rows[0]);
        assert!(rows[1].contains("1 waiting from Ben Okafor"), "{}", rows[1]);
        assert!(rows[0].contains("Never"), "{}", rows[0]);
        assert!(!rows[1].contains("Never"), "Ben signed in to comment: {}", rows[1]);
        assert!(class.attributes("#roster a", "href").contains(&"/u/ana.lopez".to_owned()));
        assert!(class.attributes("#roster a", "href").contains(&format!("/moderation?state=all&author={}", ana.id)));
    }

    async fn bulk_actions_that_take_something_away_ask_first(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let mut browser = app.signed_in(&teacher).await;
        for action in ["deactivate", "passwords", "pause", "remove"] {
            let page = bulk(&mut browser, action, &[ana.id, ben.id], &[]).await;
            page.assert_status(StatusCode::OK);
            assert_eq!(page.texts("main li"), ["Ana López (ana.lopez)", "Ben Okafor (ben.okafor)"], "{action}");
        }
        for user in [&ana, &ben] {
            let stored = app.store().user_by_id(user.id).await.unwrap().unwrap();
            assert!(stored.active && stored.can_comment);
            app.client().sign_in(&user.username, PASSWORD).await.assert_redirect_to("/");
        }

        bulk(&mut browser, "deactivate", &[ana.id, ben.id], &[("confirmed", "yes")]).await
            .assert_redirect_to("/class?done=deactivated");
        let class = browser.get("/class?done=deactivated").await;
        assert!(class.text("#students-heading").contains("(0)"));
        app.client().sign_in(&ana.username, PASSWORD).await.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        // Reactivating takes nothing away: it happens at once.
        bulk(&mut browser, "reactivate", &[ana.id], &[]).await
            .assert_redirect_to("/class?done=reactivated");
        app.client().sign_in(&ana.username, PASSWORD).await.assert_redirect_to("/");
    }

    async fn new_passwords_for_ticked_students_come_on_one_sheet(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        app.student("Cleo Diaz").await;
        let mut student = app.signed_in(&ana).await;
        let mut browser = app.signed_in(&teacher).await;
        let made = bulk(&mut browser, "passwords", &[ana.id, ben.id], &[("confirmed", "yes")]).await;
        let sheet = slips(&browser.get(made.location()).await);
        assert_eq!(sheet.len(), 2);
        student.get("/account").await.assert_redirect_to("/sign-in?next=%2Faccount");
        app.client().sign_in(&ana.username, PASSWORD).await.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        for (_, username, password) in sheet {
            app.client().sign_in(&username, &password).await.assert_redirect_to("/");
        }
        // One student's own button leads to the same confirmation.
        let page = browser.post("/class/bulk", &[("one", &format!("passwords:{}", ben.id))]).await;
        assert_eq!(page.texts("main li"), ["Ben Okafor (ben.okafor)"]);
    }

    async fn a_teacher_cannot_switch_off_themselves_nor_remove_a_teacher(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut browser = app.signed_in(&teacher).await;
        browser.post("/class/bulk", &[("one", &format!("deactivate:{}", teacher.id)), ("confirmed", "yes")]).await
            .assert_status(StatusCode::BAD_REQUEST);
        browser.post("/class/bulk", &[("one", &format!("remove:{}", teacher.id))]).await
            .assert_status(StatusCode::BAD_REQUEST);
        browser.post("/class/bulk", &[("one", "deactivate:999999")]).await.assert_status(StatusCode::NOT_FOUND);
        assert!(app.store().user_by_id(teacher.id).await.unwrap().unwrap().active);
    }

    async fn a_removed_students_work_can_stay_as_former_student(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        app.published_post(&ana, "Volcanoes", "Hot.", "").await;
        let mut browser = app.signed_in(&teacher).await;
        let page = bulk(&mut browser, "remove", &[ana.id], &[("confirmed", "yes")]).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.field_error("removal").contains("Choose"));
        assert!(app.store().user_by_id(ana.id).await.unwrap().unwrap().active);

        bulk(&mut browser, "remove", &[ana.id], &[("confirmed", "yes"), ("removal", "keep")]).await
            .assert_redirect_to("/class?done=removed");
        let post = app.client().get("/posts/volcanoes").await;
        post.assert_status(StatusCode::OK);
        assert!(post.body.contains("Former student") && !post.body.contains("Ana López"));
        app.client().sign_in("ana.lopez", PASSWORD).await.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        let class = browser.get("/class").await;
        assert!(!class.body.contains("Former student") && class.text("#students-heading").contains("(0)"));
    }

    async fn a_removed_students_work_can_be_deleted(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        app.published_post(&ana, "Volcanoes", "Hot.", "").await;
        let bens = app.published_post(&ben, "Rivers", "Wet.", "").await;
        comment(&mut app.signed_in(&ana).await, bens.id, "Rivers are great", None).await;
        let mut browser = app.signed_in(&teacher).await;
        browser.post("/moderation", &[("action", "approve"), ("ids", &app.store().moderation_queue(&Default::default(), 10).await.unwrap()[0].comment.id.to_string())]).await;
        assert!(app.client().get("/posts/rivers").await.body.contains("Rivers are great"));

        bulk(&mut browser, "remove", &[ana.id], &[("confirmed", "yes"), ("removal", "delete")]).await
            .assert_redirect_to("/class?done=removed");
        app.client().get("/posts/volcanoes").await.assert_status(StatusCode::NOT_FOUND);
        let rivers = app.client().get("/posts/rivers").await;
        assert!(!rivers.body.contains("Rivers are great"));
        let home = app.client().get("/").await;
        assert!(!home.body.contains("Volcanoes") && !home.body.contains("1 comment"));
    }

    async fn groups_are_made_renamed_filled_and_deleted(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let mut browser = app.signed_in(&teacher).await;
        let period = make_group(&app, &mut browser, "Period 5").await;
        let page = browser.post("/class/groups", &[("group_name", "period 5")]).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.field_error("group_name").contains("already"));
        assert_eq!(page.field_value("group_name"), "period 5");

        bulk(&mut browser, "move", &[ana.id], &[("to_group", &period.to_string())]).await
            .assert_redirect_to("/class?done=moved");
        let only = browser.get(&format!("/class?group={period}")).await;
        assert_eq!(only.texts("#roster tbody td:nth-child(2)"), ["Ana López"]);
        assert_eq!(browser.get("/class").await.texts("#roster tbody td:nth-child(2)"), ["Ana López", "Ben Okafor"]);

        browser.post(&format!("/class/groups/{period}/rename"), &[("group_name", "Period 6")]).await
            .assert_redirect_to("/class?done=group-renamed#groups-heading");
        assert_eq!(browser.get("/class").await.texts("#roster tbody td:nth-child(4)"), ["Period 6", ""]);
        browser.post(&format!("/class/groups/{period}/delete"), &[]).await
            .assert_redirect_to("/class?done=group-deleted#groups-heading");
        assert!(app.store().class_groups().await.unwrap().is_empty());
        assert!(app.store().user_by_id(ben.id).await.unwrap().unwrap().active);
    }

    async fn a_group_made_filled_renamed_or_deleted_shows_on_every_instance(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut here = app.signed_in(&teacher).await;
        let other = app.second_instance().await;
        let mut there = other.client();
        there.set_session_cookie(here.session_cookie().unwrap());
        let groups = |page: &Page| page.texts("#filter-group option");
        // Both instances keep the groups (none yet, so no filter) from here on.
        assert!(groups(&here.get("/moderation").await).is_empty());
        assert!(groups(&there.get("/moderation").await).is_empty());

        let period = make_group(&app, &mut here, "Period 5").await;
        assert_eq!(groups(&here.get("/moderation").await), ["Everyone", "Period 5"], "at once here");
        let made = |page: &Page| groups(page) == ["Everyone", "Period 5"];
        assert!(made(&there.get_until("/moderation", made).await), "there as soon as told");

        // A student moved into the group on one instance: the group's count on Class and
        // the queue filtered by the group (both kept) follow on the other.
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Caves", "Dark.", "").await;
        let mut student = app.signed_in(&ana).await;
        comment(&mut student, post.id, "From Ana", None).await;
        let queue_path = format!("/moderation?group={period}");
        let count = format!("a[href=\"/class?group={period}\"]");
        let queued = |page: &Page| page.texts(".queue-item .comment-text");
        assert!(queued(&there.get(&queue_path).await).is_empty());
        assert!(there.get("/class").await.text(&count).starts_with('0'));
        bulk(&mut here, "move", &[ana.id], &[("to_group", &period.to_string())]).await
            .assert_redirect_to("/class?done=moved");
        let has_ana = |page: &Page| queued(page) == ["From Ana"];
        assert!(has_ana(&there.get_until(&queue_path, has_ana).await), "the queue there");
        let counted = |page: &Page| page.text(&count).starts_with('1');
        assert!(counted(&there.get_until("/class", counted).await), "the count there");

        here.post(&format!("/class/groups/{period}/rename"), &[("group_name", "Period 6")]).await;
        let renamed = |page: &Page| groups(page) == ["Everyone", "Period 6"];
        assert!(renamed(&here.get("/moderation").await));
        assert!(renamed(&there.get_until("/moderation", renamed).await));

        here.post(&format!("/class/groups/{period}/delete"), &[]).await;
        let gone = |page: &Page| groups(page).is_empty();
        assert!(gone(&here.get("/moderation").await));
        assert!(gone(&there.get_until("/moderation", gone).await));
    }

    async fn moderation_and_the_review_list_filter_by_group(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let mut browser = app.signed_in(&teacher).await;
        let period = make_group(&app, &mut browser, "Period 5").await;
        bulk(&mut browser, "move", &[ana.id], &[("to_group", &period.to_string())]).await;
        let post = app.published_post(&teacher, "Welcome", "Hello.", "").await;
        let mut settings = app.store().site_settings().await.unwrap();
        settings.posts_need_approval = true;
        app.store().save_site_settings(&settings).await.unwrap();
        for (student, body) in [(&ana, "From Ana"), (&ben, "From Ben")] {
            let mut client = app.signed_in(student).await;
            comment(&mut client, post.id, body, None).await;
            client.post("/write", &[("title", body), ("body", "Text."), ("labels", ""), ("action", "publish")]).await;
        }
        let queue = browser.get(&format!("/moderation?group={period}")).await;
        assert_eq!(queue.texts(".queue-item .comment-text"), ["From Ana"]);
        assert_eq!(browser.get("/moderation").await.texts(".queue-item .comment-text").len(), 2);
        let review = browser.get(&format!("/review?group={period}")).await;
        assert_eq!(review.texts("article h2"), ["From Ana"]);
        assert_eq!(browser.get("/review").await.texts("article h2").len(), 2);
    }

    async fn deactivating_a_group_ends_the_year_and_keeps_the_posts(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        app.published_post(&ana, "Volcanoes", "Hot.", "").await;
        let mut student = app.signed_in(&ana).await;
        let mut browser = app.signed_in(&teacher).await;
        let year = make_group(&app, &mut browser, "2026–27").await;
        bulk(&mut browser, "move", &[ana.id], &[("to_group", &year.to_string())]).await;
        let confirm = browser.get(&format!("/class/groups/{year}/deactivate")).await;
        confirm.assert_status(StatusCode::OK);
        assert!(app.store().user_by_id(ana.id).await.unwrap().unwrap().active);
        browser.post(&format!("/class/groups/{year}/deactivate"), &[]).await
            .assert_redirect_to("/class?done=group-deactivated#groups-heading");
        assert!(!app.store().user_by_id(ana.id).await.unwrap().unwrap().active);
        assert!(app.store().user_by_id(ben.id).await.unwrap().unwrap().active);
        student.get("/account").await.assert_redirect_to("/sign-in?next=%2Faccount");
        let post = app.client().get("/posts/volcanoes").await;
        post.assert_status(StatusCode::OK);
        assert!(post.body.contains("Ana López"));
    }
}
