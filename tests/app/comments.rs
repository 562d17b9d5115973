//! Commenting: the thread as each reader sees it, replies, guests, limits, edits and flags.

use axum::http::StatusCode;
use quire::comments::ApprovalPolicy;

use crate::helpers::{Client, Page, TestApp, both};

/// Posts a comment (or a reply) as this browser.
pub async fn comment(browser: &mut Client, post_id: i64, body: &str, parent: Option<i64>) -> Page {
    let parent = parent.map(|p| p.to_string()).unwrap_or_default();
    browser
        .post(
            &format!("/posts/{post_id}/comments"),
            &[("body", body), ("parent_id", &parent)],
        )
        .await
}

/// The id in a redirect to `…#comment-{id}`.
pub fn comment_id(page: &Page) -> i64 {
    let location = page.location();
    location
        .rsplit("#comment-")
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no comment anchor in {location}"))
}

/// The bodies of the comments a page shows, in order.
pub fn bodies(page: &Page) -> Vec<String> {
    page.texts(".comment-text")
}

both! {
    async fn a_waiting_comment_is_seen_only_by_its_author_and_the_teachers(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let cleo = app.student("Cleo Park").await;
        let post = app.published_post(&ana, "Volcanoes", "Lava.", "").await;
        let mut commenter = app.signed_in(&ben).await;
        let answer = comment(&mut commenter, post.id, "Great research!", None).await;
        let id = comment_id(&answer);
        assert_eq!(answer.location(), format!("/posts/volcanoes?comment=waiting#comment-{id}"));

        let own = commenter.get("/posts/volcanoes?comment=waiting").await;
        assert_eq!(own.text("[role=status]"), "Thank you! Your comment is waiting for a teacher's approval.");
        assert_eq!(bodies(&own), ["Great research!"]);
        assert_eq!(own.text(&format!("#comment-{id} .badge")), "Awaiting approval");
        assert_eq!(own.text("#comments-heading"), "1 comment");

        let mut staff = app.signed_in(&teacher).await;
        assert_eq!(bodies(&staff.get("/posts/volcanoes").await), ["Great research!"]);
        for mut reader in [app.client(), app.signed_in(&ana).await, app.signed_in(&cleo).await] {
            let page = reader.get("/posts/volcanoes").await;
            assert!(bodies(&page).is_empty());
            assert_eq!(page.text("#comments-heading"), "No comments");
            assert_eq!(reader.get("/").await.text(".comment-count"), "No comments on Volcanoes");
            assert!(!reader.get("/search?q=research").await.body.contains("Great research"));
        }

        staff.post("/moderation", &[("one", &format!("approve:{id}"))]).await;
        let public = app.client().get("/posts/volcanoes").await;
        assert_eq!(bodies(&public), ["Great research!"]);
        assert_eq!(public.text("#comments-heading"), "1 comment");
        assert_eq!(public.text(".comment-author"), "Ben Okafor");
        assert_eq!(public.attributes(&format!("#comment-{id} .comment-meta a"), "href"), [format!("#comment-{id}")]);
        assert_eq!(app.client().get("/").await.text(".comment-count"), "1 comment on Volcanoes");
    }

    async fn replies_nest_three_levels_deep_and_no_deeper(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        app.discussion(|d| d.approval = ApprovalPolicy::ApproveMembers).await;
        let post = app.published_post(&ana, "Geysers", "Water.", "").await;
        let mut a = app.signed_in(&ana).await;
        let mut b = app.signed_in(&ben).await;
        let first = comment_id(&comment(&mut b, post.id, "First", None).await);
        let page = a.get(&format!("/posts/geysers?reply_to={first}")).await;
        assert_eq!(page.text("#comment-form-heading"), "Reply to Ben Okafor");
        assert_eq!(page.attributes("input[name=parent_id]", "value"), [first.to_string()]);
        let second = comment_id(&comment(&mut a, post.id, "Second", Some(first)).await);
        let third = comment_id(&comment(&mut b, post.id, "Third", Some(second)).await);
        let fourth = comment_id(&comment(&mut a, post.id, "Fourth", Some(third)).await);

        let page = app.client().get("/posts/geysers").await;
        assert_eq!(page.text("#comments-heading"), "4 comments");
        assert_eq!(page.texts("li.depth-1 > article .comment-text"), ["First"]);
        assert_eq!(page.texts(&format!("#comment-{first} > ol > li.depth-2 > article .comment-text")), ["Second"]);
        let third_level = page.texts(&format!("#comment-{second} > ol > li.depth-3 > article .comment-text"));
        assert_eq!(third_level, ["Third", "Fourth"], "a reply to the third level stays there");
        assert!(page.texts(&format!("#comment-{third} ol")).is_empty());
        let _ = fourth;
    }

    async fn a_bad_comment_comes_back_with_its_text_kept(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Magma", "Hot.", "").await;
        let mut browser = app.signed_in(&ana).await;
        let page = comment(&mut browser, post.id, "   ", None).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(page.field_error("comment-body"), "Write a comment first.");
        let long = "Lava! ".repeat(1000);
        let page = comment(&mut browser, post.id, &long, None).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.field_error("comment-body").contains("5,000"));
        assert_eq!(page.field_value("comment-body"), long.trim());
        assert_eq!(page.heading(), "Magma", "the post page itself comes back");
        comment(&mut browser, post.id, "x", Some(999_999)).await.assert_status(StatusCode::BAD_REQUEST);
    }

    async fn the_same_comment_twice_is_refused(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Ash", "Grey.", "").await;
        let mut browser = app.signed_in(&ana).await;
        comment(&mut browser, post.id, "Nice  post", None).await.assert_status(StatusCode::SEE_OTHER);
        let again = comment(&mut browser, post.id, "nice post", None).await;
        again.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(again.field_error("comment-body"), "You have already posted this comment here.");
    }

    async fn a_flood_of_comments_is_slowed_down(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Lava", "Red.", "").await;
        let mut browser = app.signed_in(&ana).await;
        for n in 0..5 {
            comment(&mut browser, post.id, &format!("Comment {n}"), None).await.assert_status(StatusCode::SEE_OTHER);
        }
        let page = comment(&mut browser, post.id, "One more", None).await;
        page.assert_status(StatusCode::TOO_MANY_REQUESTS);
        assert!(page.field_error("comment-body").contains("Wait a minute"));
        assert_eq!(page.field_value("comment-body"), "One more");
        // A classmate on the same school network is not held up.
        let ben = app.student("Ben Okafor").await;
        comment(&mut app.signed_in(&ben).await, post.id, "Hello", None).await.assert_status(StatusCode::SEE_OTHER);
    }

    async fn guests_comment_when_the_teacher_allows_and_always_wait(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Tides", "Moon.", "").await;
        let mut guest = app.client();
        let page = guest.get("/posts/tides").await;
        assert_eq!(page.attributes("a[href^='/sign-in']", "href").len(), 2, "sign in to comment");
        assert!(page.attributes("#comment-body", "name").is_empty());

        app.discussion(|d| { d.anyone_may_comment = true; d.approval = ApprovalPolicy::ApproveMembers; }).await;
        let page = guest.get("/posts/tides").await;
        assert_eq!(page.attributes("#comment-name", "name"), ["name"]);
        let started = page.attributes("input[name=started]", "value")[0].clone();
        // Sent at once: a person cannot have read the post yet.
        let quick = guest.post(&format!("/posts/{}/comments", post.id), &[
            ("name", "Grandma"), ("body", "Lovely!"), ("started", &started), ("website", ""),
        ]).await;
        quick.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(quick.field_value("comment-body"), "Lovely!");
        assert_eq!(quick.field_value("comment-name"), "Grandma");

        let secret = app.store().form_secret().await.unwrap();
        let earlier = quire::auth::token::sign_time(&secret, quire::db::Timestamp::now() - time::Duration::seconds(30));
        let missing_name = guest.post(&format!("/posts/{}/comments", post.id), &[
            ("name", " "), ("body", "Lovely!"), ("started", &earlier), ("website", ""),
        ]).await;
        assert_eq!(missing_name.field_error("comment-name"), "Enter your name.");
        let sent = guest.post(&format!("/posts/{}/comments", post.id), &[
            ("name", "Grandma"), ("body", "Lovely!"), ("started", &earlier), ("website", ""),
        ]).await;
        assert_eq!(sent.location(), "/posts/tides?comment=waiting#comments");
        assert!(bodies(&app.client().get("/posts/tides").await).is_empty());

        let robot = guest.post(&format!("/posts/{}/comments", post.id), &[
            ("name", "Bot"), ("body", "Buy pills"), ("started", &earlier), ("website", "http://spam.example"),
        ]).await;
        assert_eq!(robot.status, StatusCode::SEE_OTHER, "a robot is not told it was caught");
        let forged = guest.post(&format!("/posts/{}/comments", post.id), &[
            ("name", "Bot"), ("body", "Cheap watches"), ("started", "1.abc"), ("website", ""),
        ]).await;
        assert_eq!(forged.status, StatusCode::SEE_OTHER);

        let mut staff = app.signed_in(&teacher).await;
        let queue = staff.get("/moderation").await;
        assert_eq!(queue.texts(".queue-item .comment-text"), ["Lovely!"]);
        assert_eq!(staff.get("/moderation?state=spam").await.texts(".queue-item .comment-text"), ["Cheap watches", "Buy pills"]);
    }

    async fn a_commenter_edits_or_deletes_within_fifteen_minutes(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        app.discussion(|d| d.approval = ApprovalPolicy::ApproveMembers).await;
        let post = app.published_post(&ana, "Plates", "Moving.", "").await;
        let mut author = app.signed_in(&ben).await;
        let id = comment_id(&comment(&mut author, post.id, "Plates move slowly", None).await);
        let edit = format!("/comments/{id}/edit");
        assert_eq!(author.get(&edit).await.field_value("comment-body"), "Plates move slowly");
        author.post(&edit, &[("comment-body", "Plates move very slowly")]).await
            .assert_redirect_to(&format!("/posts/plates#comment-{id}"));
        assert_eq!(bodies(&app.client().get("/posts/plates").await), ["Plates move very slowly"]);

        let mut classmate = app.signed_in(&ana).await;
        classmate.get(&edit).await.assert_status(StatusCode::FORBIDDEN);
        classmate.post(&edit, &[("comment-body", "Hacked")]).await.assert_status(StatusCode::FORBIDDEN);
        classmate.post(&format!("/comments/{id}/delete"), &[]).await.assert_status(StatusCode::FORBIDDEN);

        let mut staff = app.signed_in(&teacher).await;
        staff.post(&edit, &[("comment-body", "Plates move very slowly (about 5 cm a year)")]).await;
        let page = app.client().get("/posts/plates").await;
        assert_eq!(page.text(".edited"), "edited by a teacher");

        app.execute("update comments set created_at = '2000-01-01T00:00:00.000Z'").await;
        author.get(&edit).await.assert_status(StatusCode::FORBIDDEN);
        author.post(&format!("/comments/{id}/delete"), &[]).await.assert_status(StatusCode::FORBIDDEN);

        let fresh = comment_id(&comment(&mut author, post.id, "Oops, wrong post", None).await);
        author.post(&format!("/comments/{fresh}/delete"), &[]).await
            .assert_redirect_to("/posts/plates?comment=deleted#comments");
        assert!(!bodies(&app.client().get("/posts/plates").await).contains(&"Oops, wrong post".to_owned()));
    }

    async fn a_reported_comment_leaves_the_page_until_a_teacher_decides(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let cleo = app.student("Cleo Park").await;
        app.discussion(|d| d.approval = ApprovalPolicy::ApproveMembers).await;
        let post = app.published_post(&ana, "Storms", "Wind.", "").await;
        let id = comment_id(&comment(&mut app.signed_in(&ben).await, post.id, "Storms are boring", None).await);
        let mut reporter = app.signed_in(&cleo).await;
        let form = reporter.get(&format!("/comments/{id}/report")).await;
        assert_eq!(form.heading(), "Report a comment");
        let empty = reporter.post(&format!("/comments/{id}/report"), &[("reason", "")]).await;
        empty.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(empty.field_error("reason"), "Say why in a few words.");
        reporter.post(&format!("/comments/{id}/report"), &[("reason", "It is unkind")]).await
            .assert_redirect_to("/posts/storms?comment=reported#comments");
        assert!(bodies(&app.client().get("/posts/storms").await).is_empty());
        assert!(bodies(&app.signed_in(&ana).await.get("/posts/storms").await).is_empty());

        let mut staff = app.signed_in(&teacher).await;
        let queue = staff.get("/moderation?state=flagged").await;
        assert_eq!(queue.texts(".queue-item .comment-text"), ["Storms are boring"]);
        assert_eq!(queue.text(".queue-item .badge"), "Reported by a reader: It is unkind");
        staff.post("/moderation", &[("one", &format!("approve:{id}"))]).await;
        assert_eq!(bodies(&app.client().get("/posts/storms").await), ["Storms are boring"]);
        // Nobody reports their own comment, and a reader needs an account.
        app.signed_in(&ben).await.post(&format!("/comments/{id}/report"), &[("reason", "x")]).await
            .assert_status(StatusCode::FORBIDDEN);
        app.client().post(&format!("/comments/{id}/report"), &[("reason", "x")]).await
            .assert_status(StatusCode::SEE_OTHER);
    }

    async fn a_post_author_hides_a_comment_on_their_post(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let cleo = app.student("Cleo Park").await;
        app.discussion(|d| d.approval = ApprovalPolicy::ApproveMembers).await;
        let post = app.published_post(&ana, "Rivers", "Flow.", "").await;
        let id = comment_id(&comment(&mut app.signed_in(&ben).await, post.id, "Rivers are wet lol", None).await);
        app.signed_in(&cleo).await.get(&format!("/comments/{id}/hide")).await.assert_status(StatusCode::FORBIDDEN);
        let mut author = app.signed_in(&ana).await;
        let page = author.get("/posts/rivers").await;
        assert_eq!(page.attributes(&format!("#comment-{id} a[href$='/hide']"), "href"), [format!("/comments/{id}/hide")]);
        author.post(&format!("/comments/{id}/hide"), &[("reason", "Not about my post")]).await
            .assert_redirect_to("/posts/rivers?comment=hidden#comments");
        assert!(bodies(&app.client().get("/posts/rivers").await).is_empty());
        let queue = app.signed_in(&teacher).await.get("/moderation").await;
        assert_eq!(queue.text(".queue-item .badge"), "Hidden by the post's author: Not about my post");
    }

    async fn closed_comments_take_no_new_ones(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Caves", "Dark.", "").await;
        let mut staff = app.signed_in(&teacher).await;
        staff.post(&format!("/posts/{}/comments-open", post.id), &[("open", "false")]).await
            .assert_redirect_to("/posts/caves#comments");
        let mut student = app.signed_in(&ana).await;
        let page = student.get("/posts/caves").await;
        assert_eq!(page.text("#comments p.quiet"), "Comments are closed on this post.");
        assert!(page.attributes("#comment-body", "name").is_empty());
        comment(&mut student, post.id, "Let me in", None).await.assert_status(StatusCode::FORBIDDEN);
        app.signed_in(&ana).await.post(&format!("/posts/{}/comments-open", post.id), &[("open", "true")]).await
            .assert_status(StatusCode::FORBIDDEN);

        staff.post(&format!("/posts/{}/comments-open", post.id), &[("open", "true")]).await;
        comment(&mut student, post.id, "Open again", None).await.assert_status(StatusCode::SEE_OTHER);
        // Posts older than the teacher's limit close by themselves.
        app.discussion(|d| d.close_after_days = 7).await;
        app.execute("update posts set published_at = '2000-01-01T00:00:00.000Z'").await;
        comment(&mut student, post.id, "Too late", None).await.assert_status(StatusCode::FORBIDDEN);
    }

    async fn a_paused_student_reads_and_writes_but_does_not_comment(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Dunes", "Sand.", "").await;
        let mut staff = app.signed_in(&teacher).await;
        let ben_id = ben.id.to_string();
        staff.post("/class/bulk", &[("ids", &ben_id), ("action", "pause"), ("confirmed", "yes")]).await
            .assert_redirect_to("/class?done=paused");
        let mut student = app.signed_in(&ben).await;
        assert_eq!(student.get("/posts/dunes").await.text("#comments p.quiet"), "Your teacher has paused your commenting for now.");
        comment(&mut student, post.id, "Hi", None).await.assert_status(StatusCode::FORBIDDEN);
        student.post("/write", &[("title", "My dunes"), ("body", "Sand."), ("labels", ""), ("action", "publish")]).await
            .assert_redirect_to("/posts/my-dunes");
        app.signed_in(&ana).await.post("/class/bulk", &[("ids", &ben_id), ("action", "allow")]).await
            .assert_status(StatusCode::FORBIDDEN);
        staff.post("/class/bulk", &[("ids", &ben_id), ("action", "allow")]).await;
        comment(&mut student, post.id, "Hi", None).await.assert_status(StatusCode::SEE_OTHER);
    }

    async fn markup_in_comments_and_names_is_inert(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        app.discussion(|d| { d.anyone_may_comment = true; d.approval = ApprovalPolicy::ApproveMembers; }).await;
        let post = app.published_post(&ana, "Quotes", "Say.", "").await;
        let hostile = "<script>alert('x')</script> <img src=x onerror=alert(1)> \"quoted\" 'single' javascript:alert(2)";
        let mut browser = app.signed_in(&ana).await;
        comment(&mut browser, post.id, hostile, None).await;
        let page = app.client().get("/posts/quotes").await;
        assert_eq!(bodies(&page), [hostile]);
        assert!(page.texts("#comments script").is_empty());
        assert!(page.attributes("#comments img", "src").is_empty());
        assert!(page.attributes("#comments [onerror]", "onerror").is_empty());
        assert!(page.attributes("#comments a", "href").iter().all(|href| !href.starts_with("javascript")));
    }

    async fn forty_students_sharing_a_school_address_each_comment_within_a_minute(app: TestApp) {
        // The report: 40 students posting one comment each from one school address,
        // the 31st on got 429. A member is limited by their own account only.
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Our trip", "The museum.", "").await;
        let started = quire::db::Timestamp::now();
        for n in 1..=40 {
            let student = app.student(&format!("Student {n}")).await;
            let mut browser = app.signed_in(&student).await;
            assert_eq!(browser.address, app.client().address, "one school address");
            let page = comment(&mut browser, post.id, &format!("I liked part {n}."), None).await;
            assert_eq!(page.status, StatusCode::SEE_OTHER, "student {n}: {}", page.field_error("comment-body"));
        }
        assert!(quire::db::Timestamp::now() - started < time::Duration::minutes(1), "all within the minute");
        let since = started - time::Duration::seconds(1);
        let sent = quire::store::CommentSent { post_id: post.id, author_id: None, address: "192.0.2.10", body_hash: "" };
        assert_eq!(app.store().sending_checks(&sent, since).await.unwrap().guests_from_address, 0, "members' comments do not count against the address");
    }

    async fn a_teacher_is_never_slowed_down(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Ferns", "Green.", "").await;
        let mut staff = app.signed_in(&teacher).await;
        for n in 0..12 {
            comment(&mut staff, post.id, &format!("Well done, point {n}."), None).await
                .assert_status(StatusCode::SEE_OTHER);
        }
        // The student next to the teacher, on the same address, still has their own five.
        let mut author = app.signed_in(&ana).await;
        for n in 0..5 {
            comment(&mut author, post.id, &format!("Thank you {n}"), None).await.assert_status(StatusCode::SEE_OTHER);
        }
        let over = comment(&mut author, post.id, "And one more", None).await;
        over.assert_status(StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(over.field_value("comment-body"), "And one more");
    }

    async fn guests_share_their_address_limit_and_members_do_not_use_it_up(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Moths", "Night.", "").await;
        app.discussion(|d| { d.anyone_may_comment = true; d.approval = ApprovalPolicy::ApproveMembers; }).await;
        // A busy class on the school's address first.
        let mut author = app.signed_in(&ana).await;
        for n in 0..5 {
            comment(&mut author, post.id, &format!("Class comment {n}"), None).await.assert_status(StatusCode::SEE_OTHER);
        }
        let secret = app.store().form_secret().await.unwrap();
        let earlier = quire::auth::token::sign_time(&secret, quire::db::Timestamp::now() - time::Duration::seconds(30));
        let mut guests = app.client();
        let send = |n: usize| (format!("Guest comment {n}"), earlier.clone());
        for n in 0..5 {
            let (body, started) = send(n);
            let page = guests.post(&format!("/posts/{}/comments", post.id), &[
                ("name", "A parent"), ("body", &body), ("started", &started), ("website", ""),
            ]).await;
            assert_eq!(page.location(), "/posts/moths?comment=waiting#comments", "guest comment {n}");
        }
        let (body, started) = send(5);
        let over = guests.post(&format!("/posts/{}/comments", post.id), &[
            ("name", "A parent"), ("body", &body), ("started", &started), ("website", ""),
        ]).await;
        over.assert_status(StatusCode::TOO_MANY_REQUESTS);
        assert!(over.field_error("comment-body").contains("Wait a minute"));
        assert_eq!(over.field_value("comment-body"), body);
        // A guest from another address is not held up by these.
        let mut elsewhere = app.client();
        elsewhere.address = std::net::SocketAddr::from(([198, 51, 100, 7], 40_000));
        let page = elsewhere.post(&format!("/posts/{}/comments", post.id), &[
            ("name", "Grandpa"), ("body", "Lovely moths"), ("started", &earlier), ("website", ""),
        ]).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
    }
}
