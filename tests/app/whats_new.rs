//! What's new: "Your posts (N)" in a member's navigation, the events listed on Your posts,
//! each told once to the right person and never to whoever acted, read when seen.

use axum::http::StatusCode;

use crate::comments::{comment, comment_id};
use crate::helpers::{Client, TestApp, both};

/// The navigation's "Your posts" entry, as a reader hears it.
async fn your_posts_link(browser: &mut Client) -> String {
    let page = browser.get("/account").await;
    page.nav()
        .into_iter()
        .find(|item| item.starts_with("Your posts"))
        .unwrap_or_default()
}

/// The headlines on Your posts, newest first, and which of them are unread.
async fn events(browser: &mut Client) -> (Vec<String>, Vec<String>) {
    let page = browser.get("/posts").await;
    (
        page.texts(".events li a"),
        page.texts(".events li.unread a"),
    )
}

both! {
    async fn each_comment_event_reaches_the_right_person_once_and_never_the_actor(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Clouds", "Fluffy.", "").await;
        let (mut author, mut classmate, mut staff) =
            (app.signed_in(&ana).await, app.signed_in(&ben).await, app.signed_in(&teacher).await);
        assert_eq!(your_posts_link(&mut author).await, "Your posts");

        let first = comment_id(&comment(&mut classmate, post.id, "I love clouds", None).await);
        assert_eq!(your_posts_link(&mut author).await, "Your posts", "nothing before approval");
        staff.post("/moderation", &[("one", &format!("approve:{first}"))]).await;
        assert_eq!(your_posts_link(&mut author).await, "Your posts (1 new)");
        assert_eq!(your_posts_link(&mut classmate).await, "Your posts", "not for the commenter");
        assert_eq!(your_posts_link(&mut staff).await, "Your posts", "not for the approver");

        // The post's author answers: the classmate is told of a reply, the author of nothing.
        let reply = comment_id(&comment(&mut author, post.id, "Me too", Some(first)).await);
        staff.post("/moderation", &[("one", &format!("approve:{reply}"))]).await;
        // A teacher's comment is published at once: the author is told.
        comment(&mut staff, post.id, "Lovely photo words", None).await.assert_status(StatusCode::SEE_OTHER);
        // A rejection with a note tells the commenter, with the note.
        let second = comment_id(&comment(&mut classmate, post.id, "boring", None).await);
        staff.post("/moderation", &[("one", &format!("reject:{second}")), (&format!("note-{second}"), "Say why, kindly")]).await;
        // Approving one comment twice (reported, approved again) tells nobody twice.
        classmate.post(&format!("/comments/{reply}/report"), &[("reason", "Mistake")]).await;
        staff.post("/moderation", &[("one", &format!("approve:{reply}"))]).await;

        let (headlines, unread) = events(&mut author).await;
        assert_eq!(headlines, ["Ms Rivera commented on “Clouds”", "Ben Okafor commented on “Clouds”"]);
        assert_eq!(unread, headlines);
        let page = classmate.get("/posts").await;
        assert_eq!(page.texts(".events li a"), [
            "Your comment on “Clouds” was not approved",
            "Ana López replied to your comment on “Clouds”",
        ]);
        assert_eq!(page.attributes(".events li a", "href"), [
            format!("/posts/clouds#comment-{second}"),
            format!("/posts/clouds#comment-{reply}"),
        ]);
        assert!(page.text(".events li").contains("Note: Say why, kindly"));
        assert_eq!(your_posts_link(&mut classmate).await, "Your posts (2 new)");
        assert_eq!(events(&mut staff).await.0, Vec::<String>::new());
    }

    async fn a_post_sent_back_or_published_after_review_tells_its_author(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut settings = app.store().site_settings().await.unwrap();
        settings.posts_need_approval = true;
        app.store().save_site_settings(&settings).await.unwrap();
        let (mut author, mut staff) = (app.signed_in(&ana).await, app.signed_in(&teacher).await);
        let form = [("title", "Volcanoes"), ("body", "Hot."), ("labels", ""), ("action", "publish")];
        let submitted = author.post("/write", &form).await;
        let edit = submitted.location().split('?').next().unwrap().to_owned();
        let id: i64 = edit.trim_start_matches("/posts/").trim_end_matches("/edit").parse().unwrap();
        assert!(staff.get("/review").await.nav().contains(&"Moderation (1 waiting)".to_owned()), "posts count");

        staff.post(&format!("/posts/{id}/send-back"), &[("note", "Add a picture")]).await.assert_redirect_to("/review?done=sent-back");
        let page = author.get("/posts").await;
        assert_eq!(page.texts(".events li.unread a"), ["Your post “Volcanoes” was sent back to you"]);
        assert_eq!(page.attributes(".events li a", "href"), [edit.as_str()]);
        assert!(page.text(".events li").contains("Note: Add a picture"));
        assert_eq!(your_posts_link(&mut staff).await, "Your posts", "not for the teacher who acted");
        author.get(&edit).await.assert_status(StatusCode::OK);
        assert_eq!(your_posts_link(&mut author).await, "Your posts", "read on its edit page");

        author.post(&edit, &form).await;
        staff.post(&format!("/posts/{id}/approve"), &[]).await.assert_redirect_to("/review?done=published");
        assert!(staff.get("/review").await.nav().contains(&"Moderation".to_owned()));
        let (headlines, unread) = events(&mut author).await;
        assert_eq!(headlines, ["Your post “Volcanoes” is published", "Your post “Volcanoes” was sent back to you"]);
        assert_eq!(unread, ["Your post “Volcanoes” is published"]);
    }

    async fn events_are_read_when_their_post_is_seen_or_all_at_once_and_survive_a_visit(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let clouds = app.published_post(&ana, "Clouds", "Fluffy.", "").await;
        let rain = app.published_post(&ana, "Rain", "Wet.", "").await;
        let mut staff = app.signed_in(&teacher).await;
        comment(&mut staff, clouds.id, "Nice clouds", None).await;
        comment(&mut staff, rain.id, "Nice rain", None).await;
        let mut author = app.signed_in(&ana).await;
        for _ in 0..2 {
            let (headlines, unread) = events(&mut author).await;
            assert_eq!(unread.len(), 2, "{headlines:?}");
        }
        let seen = author.get("/posts/clouds").await;
        assert!(seen.nav().contains(&"Your posts (1 new)".to_owned()), "{:?}", seen.nav());
        let (headlines, unread) = events(&mut author).await;
        assert_eq!(headlines.len(), 2, "kept after reading");
        assert_eq!(unread, ["Ms Rivera commented on “Rain”"]);

        author.post_from_another_site("/events/read", &[]).await.assert_status(StatusCode::FORBIDDEN);
        assert_eq!(your_posts_link(&mut author).await, "Your posts (1 new)", "a forged request changes nothing");
        author.post("/events/read", &[]).await.assert_redirect_to("/posts?done=read");
        let page = author.get("/posts?done=read").await;
        assert_eq!(page.text("[role=status]"), "Everything is marked as read.");
        assert!(page.texts(".events li.unread").is_empty());
        assert_eq!(page.texts(".events li").len(), 2);
        assert!(page.texts(".whats-new button").is_empty(), "nothing left to mark");
        assert!(page.nav().contains(&"Your posts".to_owned()));
    }

    async fn the_counts_reach_every_instance(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Tides", "Moon.", "").await;
        let id = comment_id(&comment(&mut app.signed_in(&ben).await, post.id, "The moon pulls!", None).await);
        let other = app.second_instance().await;
        let mut there = other.signed_in(&ana).await;
        assert_eq!(your_posts_link(&mut there).await, "Your posts");
        assert!(other.client().get("/posts/tides").await.nav().iter().all(|item| !item.starts_with("Your posts")));
        app.signed_in(&teacher).await.post("/moderation", &[("one", &format!("approve:{id}"))]).await;
        // The other instance keeps her session: it is read again when the database tells.
        let told = |page: &crate::helpers::Page| page.nav().contains(&"Your posts (1 new)".to_owned());
        assert!(told(&there.get_until("/account", told).await), "on the other instance");
        there.get("/posts/tides").await.assert_status(StatusCode::OK);
        assert_eq!(your_posts_link(&mut app.signed_in(&ana).await).await, "Your posts", "read there, read here");
        let anonymous = other.client().get("/posts/tides").await;
        assert!(anonymous.nav().iter().all(|item| !item.starts_with("Your posts")), "a kept page names nobody");
    }
}
