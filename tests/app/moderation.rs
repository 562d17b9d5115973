//! The teachers' moderation: the queue, bulk actions, notes, settings and the log.

use axum::http::StatusCode;

use crate::comments::{bodies, comment, comment_id};
use crate::helpers::{TestApp, both};

/// The queue's four kinds of address: by post, by author, what waits, and everything.
pub fn every_filter(post_id: i64, author_id: i64) -> [String; 4] {
    [
        format!("/moderation?post={post_id}"),
        format!("/moderation?author={author_id}"),
        "/moderation".to_owned(),
        "/moderation?state=all".to_owned(),
    ]
}

both! {
    async fn the_queue_shows_what_waits_with_its_context(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Deserts", "Dry.", "").await;
        let first = comment_id(&comment(&mut app.signed_in(&teacher).await, post.id, "What lives in deserts?", None).await);
        let mut student = app.signed_in(&ben).await;
        comment(&mut student, post.id, "Camels live there", Some(first)).await;
        comment(&mut student, post.id, "And lizards", None).await;

        let mut staff = app.signed_in(&teacher).await;
        let queue = staff.get("/moderation").await;
        assert!(queue.nav().contains(&"Moderation (2 waiting)".to_owned()), "{:?}", queue.nav());
        assert_eq!(queue.texts(".queue-item .comment-text"), ["And lizards", "Camels live there"], "newest first");
        assert_eq!(queue.texts(".queue-meta a")[0], "Deserts");
        assert_eq!(queue.text(".in-reply-to"), "In reply to: “What lives in deserts?”");
        let by_author = staff.get(&format!("/moderation?state=all&author={}", ben.id)).await;
        assert_eq!(by_author.texts(".queue-item .comment-text").len(), 2);
        let by_post = staff.get(&format!("/moderation?state=approved&post={}", post.id)).await;
        assert_eq!(by_post.texts(".queue-item .comment-text"), ["What lives in deserts?"]);
    }

    async fn every_filter_of_the_queue_shows_a_comment_the_moment_it_waits(app: TestApp) {
        // Each filter has its own statement (keyed on the index that filter can use):
        // a post, an author, a state, or none of them.
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Rivers", "Wet.", "").await;
        let other = app.published_post(&ana, "Hills", "High.", "").await;
        let mut staff = app.signed_in(&teacher).await;
        comment(&mut staff, other.id, "Teacher's word", None).await;
        let mut student = app.signed_in(&ben).await;
        let queues = every_filter(post.id, ben.id);
        for queue in &queues {
            staff.get(queue).await;
        }
        comment(&mut student, post.id, "Salmon swim up them", None).await;
        for queue in &queues {
            let texts = staff.get(queue).await.texts(".queue-item .comment-text");
            assert_eq!(texts.first().map(String::as_str), Some("Salmon swim up them"), "{queue}");
        }
        assert_eq!(staff.get("/moderation?state=all").await.texts(".queue-item .comment-text"), ["Salmon swim up them", "Teacher's word"]);
        assert_eq!(staff.get(&format!("/moderation?post={}", other.id)).await.texts(".queue-item").len(), 0);
    }

    async fn bulk_actions_decide_many_comments_at_once(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Forests", "Trees.", "").await;
        let mut student = app.signed_in(&ana).await;
        let mut made = Vec::new();
        for body in ["Oak", "Pine", "Birch", "Spam spam"] {
            made.push(comment_id(&comment(&mut student, post.id, body, None).await));
        }
        let mut staff = app.signed_in(&teacher).await;
        let none = staff.post("/moderation", &[("action", "approve")]).await;
        none.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(none.text("[role=alert]"), "Tick at least one comment first.");

        let (oak, pine, birch, spam) = (made[0].to_string(), made[1].to_string(), made[2].to_string(), made[3].to_string());
        staff.post("/moderation", &[("ids", &oak), ("ids", &pine), ("action", "approve"), ("state", "pending")]).await
            .assert_redirect_to("/moderation?state=pending&post=&author=&done=2");
        staff.post("/moderation", &[("ids", &spam), ("action", "spam")]).await;
        staff.post("/moderation", &[("ids", &birch), ("action", "delete")]).await;
        assert_eq!(bodies(&app.client().get("/posts/forests").await), ["Oak", "Pine"]);
        assert_eq!(app.client().get("/").await.text(".comment-count"), "2 comments on Forests");
        assert_eq!(staff.get("/moderation?state=spam").await.texts(".queue-item .comment-text"), ["Spam spam"]);
        assert_eq!(staff.get("/moderation?state=deleted").await.texts(".queue-item .comment-text"), ["Birch"]);
        assert!(staff.get("/moderation").await.texts(".queue-item").is_empty());
        staff.post("/moderation", &[("ids", &oak), ("action", "explode")]).await.assert_status(StatusCode::BAD_REQUEST);
        staff.post("/moderation", &[("ids", "not-a-number"), ("action", "approve")]).await.assert_status(StatusCode::BAD_REQUEST);
    }

    async fn a_bulk_approval_applies_every_ticked_comment_and_skips_one_that_is_gone(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Rivers", "Wet.", "").await;
        let mut student = app.signed_in(&ana).await;
        let mut ids = Vec::new();
        for body in ["Nile", "Amazon", "Danube"] {
            ids.push(comment_id(&comment(&mut student, post.id, body, None).await).to_string());
        }
        let gone = (ids.iter().filter_map(|id| id.parse::<i64>().ok()).max().unwrap_or(0) + 1000).to_string();
        let mut staff = app.signed_in(&teacher).await;
        staff.post("/moderation", &[("ids", &ids[0]), ("ids", &gone), ("ids", &ids[1]), ("ids", &ids[2]), ("action", "approve")]).await
            .assert_redirect_to("/moderation?state=pending&post=&author=&done=3");
        assert_eq!(bodies(&app.client().get("/posts/rivers").await), ["Nile", "Amazon", "Danube"]);
        assert_eq!(app.client().get("/").await.text(".comment-count"), "3 comments on Rivers");
        let log = staff.get("/moderation/log").await;
        assert_eq!(log.texts("table.log tbody td").iter().filter(|cell| *cell == "approve").count(), 3);
    }

    async fn a_bulk_decision_with_an_overlong_note_changes_nothing(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Lakes", "Still.", "").await;
        let mut student = app.signed_in(&ana).await;
        let first = comment_id(&comment(&mut student, post.id, "Baikal", None).await);
        let second = comment_id(&comment(&mut student, post.id, "Titicaca", None).await);
        let long = "n".repeat(501);
        let mut staff = app.signed_in(&teacher).await;
        staff.post("/moderation", &[
            ("ids", &first.to_string()), ("ids", &second.to_string()), ("action", "reject"),
            (&format!("note-{second}"), &long),
        ]).await.assert_status(StatusCode::BAD_REQUEST);
        for id in [first, second] {
            assert_eq!(app.store().comment_by_id(id).await.unwrap().unwrap().state, quire::comments::CommentState::Pending);
        }
    }

    async fn a_failed_log_write_undoes_the_whole_bulk_decision(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Dunes", "Sand.", "").await;
        let mut student = app.signed_in(&ana).await;
        let first = comment_id(&comment(&mut student, post.id, "Sahara", None).await);
        let second = comment_id(&comment(&mut student, post.id, "Gobi", None).await);
        app.execute("drop table moderation_log").await;
        let mut staff = app.signed_in(&teacher).await;
        staff.post("/moderation", &[("ids", &first.to_string()), ("ids", &second.to_string()), ("action", "approve")]).await
            .assert_status(StatusCode::INTERNAL_SERVER_ERROR);
        for id in [first, second] {
            assert_eq!(app.store().comment_by_id(id).await.unwrap().unwrap().state, quire::comments::CommentState::Pending);
        }
        assert_eq!(app.client().get("/").await.text(".comment-count"), "No comments on Dunes");
    }

    async fn a_rejected_commenter_sees_the_note_and_resubmits(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Oceans", "Deep.", "").await;
        let mut commenter = app.signed_in(&ben).await;
        let id = comment_id(&comment(&mut commenter, post.id, "Oceans are dumb", None).await);
        let mut staff = app.signed_in(&teacher).await;
        staff.post("/moderation", &[("one", &format!("reject:{id}")), (&format!("note-{id}"), "Please say this more kindly")]).await;

        let own = commenter.get("/posts/oceans").await;
        assert_eq!(own.text(&format!("#comment-{id} .rejection")), "Not published Your teacher says: Please say this more kindly");
        assert_eq!(own.text(&format!("#comment-{id} a[href$='/edit']")), "Edit and resubmit comment by Ben Okafor");
        assert!(bodies(&app.signed_in(&ana).await.get("/posts/oceans").await).is_empty());
        assert!(bodies(&staff.get("/posts/oceans").await).is_empty());

        let form = commenter.get(&format!("/comments/{id}/edit")).await;
        assert_eq!(form.text(".review-note p"), "Please say this more kindly");
        commenter.post(&format!("/comments/{id}/edit"), &[("comment-body", "Oceans are fascinating")]).await;
        let queue = staff.get("/moderation").await;
        assert_eq!(queue.texts(".queue-item .comment-text"), ["Oceans are fascinating"]);
        staff.post("/moderation", &[("one", &format!("approve:{id}"))]).await;
        assert_eq!(bodies(&app.client().get("/posts/oceans").await), ["Oceans are fascinating"]);
    }

    async fn each_discussion_setting_changes_where_a_comment_goes(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Weather", "Rain.", "").await;
        let mut staff = app.signed_in(&teacher).await;
        staff.post("/settings", &[
            ("title", "Year 6"), ("time_zone", "UTC"), ("comment_access", "members"),
            ("approval", "approve_known"), ("hold_links_over", "1"),
            ("hold_words", "homework"), ("reject_words", "stupid\nidiot"), ("close_after_days", "0"),
        ]).await.assert_redirect_to("/settings?saved=1");
        let settings = staff.get("/settings").await;
        assert_eq!(settings.attributes("#approval-known", "checked").len(), 1);
        assert_eq!(settings.field_value("hold_words"), "homework");
        assert_eq!(settings.field_value("reject_words"), "stupid idiot");

        let mut student = app.signed_in(&ben).await;
        let first = comment_id(&comment(&mut student, post.id, "First ever", None).await);
        assert!(bodies(&app.client().get("/posts/weather").await).is_empty(), "unknown commenters wait");
        staff.post("/moderation", &[("one", &format!("approve:{first}"))]).await;
        comment(&mut student, post.id, "Known now", None).await;
        assert_eq!(bodies(&app.client().get("/posts/weather").await), ["First ever", "Known now"]);

        comment(&mut student, post.id, "see https://a.example and https://b.example", None).await;
        comment(&mut student, post.id, "Help with my HOMEWORK?", None).await;
        let rejected = comment(&mut student, post.id, "That is stupid", None).await;
        assert!(rejected.location().contains("?comment=rejected"));
        assert_eq!(bodies(&app.client().get("/posts/weather").await), ["First ever", "Known now"]);
        let queue = staff.get("/moderation").await;
        assert_eq!(queue.texts(".queue-item .comment-text"), ["Help with my HOMEWORK?", "see https://a.example and https://b.example"]);
        assert_eq!(staff.get("/moderation?state=rejected").await.texts(".queue-item .comment-text"), ["That is stupid"]);

        let bad = staff.post("/settings", &[("title", "Year 6"), ("time_zone", "UTC"), ("hold_links_over", "lots"), ("close_after_days", "-1")]).await;
        bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.field_error("hold_links_over").contains("0 to 100"));
        assert!(bad.field_error("close_after_days").contains("days"));
        assert_eq!(bad.field_value("hold_links_over"), "lots");
    }

    async fn the_log_records_every_decision_and_filters_it(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Ice", "Cold.", "").await;
        let id = comment_id(&comment(&mut app.signed_in(&ben).await, post.id, "Brrr", None).await);
        let other = comment_id(&comment(&mut app.signed_in(&ana).await, post.id, "Chilly", None).await);
        let mut staff = app.signed_in(&teacher).await;
        staff.post("/moderation", &[("one", &format!("reject:{id}")), (&format!("note-{id}"), "Say more")]).await;
        staff.post("/moderation", &[("one", &format!("approve:{id}"))]).await;

        let log = staff.get(&format!("/moderation/log?comment={id}")).await;
        assert_eq!(log.texts("table.log tbody tr").len(), 3);
        let cells = log.texts("table.log tbody td");
        let rows: Vec<&[String]> = cells.chunks(6).map(|row| &row[1..]).collect();
        let on = format!("#{id} by Ben Okafor on Ice");
        assert_eq!(rows[0], ["Ms Rivera", "approve", "Rejected → Approved", on.as_str(), ""]);
        assert_eq!(rows[1], ["Ms Rivera", "reject", "Awaiting approval → Rejected", on.as_str(), "Say more"]);
        assert_eq!(rows[2][..4], ["Ben Okafor", "submit", "new → Awaiting approval", on.as_str()]);

        let by_student = staff.get(&format!("/moderation/log?student={}", ana.id)).await;
        assert!(by_student.texts("table.log tbody td").iter().any(|c| c.starts_with(&format!("#{other} "))));
        assert!(!by_student.texts("table.log tbody td").iter().any(|c| c.starts_with(&format!("#{id} "))));
        let future = staff.get("/moderation/log?from=2099-01-01").await;
        assert!(future.texts("table.log tbody tr").is_empty());
        let bad = staff.get("/moderation/log?from=yesterday").await;
        bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.text("[role=alert]").contains("YYYY-MM-DD"));
    }

    async fn a_failed_log_write_undoes_the_decision(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Sand", "Grains.", "").await;
        let id = comment_id(&comment(&mut app.signed_in(&ana).await, post.id, "Gritty", None).await);
        app.execute("drop table moderation_log").await;
        let mut staff = app.signed_in(&teacher).await;
        staff.post("/moderation", &[("one", &format!("approve:{id}"))]).await
            .assert_status(StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(app.store().comment_by_id(id).await.unwrap().unwrap().state, quire::comments::CommentState::Pending);
        assert!(bodies(&app.client().get("/posts/sand").await).is_empty());
        assert_eq!(app.client().get("/").await.text(".comment-count"), "No comments on Sand");
    }

    async fn a_student_cannot_moderate_even_by_direct_requests(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Snow", "White.", "").await;
        let id = comment_id(&comment(&mut app.signed_in(&ben).await, post.id, "Snowballs!", None).await);
        let mut student = app.signed_in(&ana).await;
        student.get("/moderation").await.assert_status(StatusCode::FORBIDDEN);
        student.get("/moderation/log").await.assert_status(StatusCode::FORBIDDEN);
        student.post("/moderation", &[("one", &format!("approve:{id}"))]).await.assert_status(StatusCode::FORBIDDEN);
        student.post("/moderation", &[("ids", &id.to_string()), ("action", "delete")]).await.assert_status(StatusCode::FORBIDDEN);
        assert!(!student.get("/").await.nav().iter().any(|n| n.starts_with("Moderation")));
        assert_eq!(app.store().comment_by_id(id).await.unwrap().unwrap().state, quire::comments::CommentState::Pending);
    }
}
