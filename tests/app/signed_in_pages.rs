//! Signed-in readers' pages drawn from the parts every reader shares (`web/post_parts`):
//! a reader's own waiting comment, every approved one and every change show on the next
//! request, on this instance at once and on another as soon as the database tells it;
//! what is about the reader themself (their session, name, permission to comment, the
//! numbers in their navigation) is kept by the sessions' generation, so it changes at
//! once on the instance that changed it and on another as soon as the database tells it.
//! The threads are kept drawn for each kind of reader with no comment of their own in
//! them (`web/views/kept_thread`); each reader still gets exactly their own links.

use axum::http::StatusCode;

use crate::comments::{bodies, comment, comment_id};
use crate::helpers::{Page, TestApp, both};

/// The links beside comment `id`, as their visible words.
fn links(page: &Page, id: i64) -> Vec<String> {
    let actions =
        format!("#comment-{id} > article .comment-actions a, #comment-{id} > article form button");
    page.texts(&actions)
        .into_iter()
        .map(|t| t.split(' ').next().unwrap_or_default().to_owned())
        .collect()
}

both! {
    async fn a_signed_in_reader_sees_their_waiting_comment_and_each_approval_at_once(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Tides", "The moon pulls.", "").await;
        let mut author = app.signed_in(&ana).await;
        let mut commenter = app.signed_in(&ben).await;
        let mut staff = app.signed_in(&teacher).await;
        // Every reader's page is drawn once, so the post's parts are kept.
        for reader in [&mut author, &mut commenter, &mut staff] {
            assert!(bodies(&reader.get("/posts/tides").await).is_empty());
        }

        let sent = comment(&mut commenter, post.id, "Twice a day!", None).await;
        sent.assert_status(StatusCode::SEE_OTHER);
        let id = comment_id(&sent);
        assert_eq!(bodies(&commenter.get("/posts/tides").await), ["Twice a day!"]);
        assert_eq!(bodies(&staff.get("/posts/tides").await), ["Twice a day!"]);
        assert!(bodies(&author.get("/posts/tides").await).is_empty());
        assert!(staff.get("/").await.nav().iter().any(|n| n.starts_with("Moderation (1")));

        staff.post("/moderation", &[("one", &format!("approve:{id}"))]).await;
        assert!(author.get("/").await.nav().iter().any(|n| n.starts_with("Your posts (1")), "the author is told");
        assert_eq!(bodies(&author.get("/posts/tides").await), ["Twice a day!"]);
    }

    async fn a_comment_waiting_rejected_or_deleted_on_one_instance_shows_on_the_other(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Tides", "The moon pulls.", "").await;
        let other = app.second_instance().await;
        let mut commenter = app.signed_in(&ben).await;
        let mut staff = app.signed_in(&teacher).await;
        let mut commenter_there = other.client();
        commenter_there.set_session_cookie(commenter.session_cookie().unwrap());
        let mut staff_there = other.client();
        staff_there.set_session_cookie(staff.session_cookie().unwrap());
        // The other instance keeps the post's parts from here on.
        assert!(bodies(&commenter_there.get("/posts/tides").await).is_empty());
        assert!(bodies(&staff_there.get("/posts/tides").await).is_empty());

        let id = comment_id(&comment(&mut commenter, post.id, "Twice a day!", None).await);
        let waiting = |page: &Page| bodies(page) == ["Twice a day!"];
        assert!(waiting(&commenter_there.get_until("/posts/tides", waiting).await), "its author sees it waiting");
        assert!(waiting(&staff_there.get_until("/posts/tides", waiting).await), "the teacher sees it waiting");
        // The teacher's session, kept there, is read again for the number in their navigation.
        let counted = |page: &Page| page.nav().iter().any(|item| item.starts_with("Moderation (1"));
        assert!(counted(&staff_there.get_until("/posts/tides", counted).await), "and counts it");

        staff.post("/moderation", &[("one", &format!("reject:{id}"))]).await;
        let rejected = |page: &Page| page.texts(".comment-body.rejected").len() == 1;
        assert!(rejected(&commenter_there.get_until("/posts/tides", rejected).await), "its author sees it rejected");

        staff.post("/moderation", &[("one", &format!("delete:{id}"))]).await;
        let gone = |page: &Page| bodies(page).is_empty();
        assert!(gone(&commenter_there.get_until("/posts/tides", gone).await), "deleted, it is gone");
    }

    async fn comments_closed_on_one_instance_are_refused_on_the_other_as_soon_as_told(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Tides", "The moon pulls.", "").await;
        let other = app.second_instance().await;
        let mut commenter = app.signed_in(&ben).await;
        let mut commenter_there = other.client();
        commenter_there.set_session_cookie(commenter.session_cookie().unwrap());
        // The other instance keeps the post (every comment sent asks for it) and its page
        // from here on: the page shows when that instance has heard of the change.
        comment(&mut commenter_there, post.id, "First!", None).await.assert_status(StatusCode::SEE_OTHER);
        assert!(commenter_there.get("/posts/tides").await.attributes("#comment-body", "name").len() == 1);

        let mut staff = app.signed_in(&teacher).await;
        staff.post(&format!("/posts/{}/comments-open", post.id), &[("open", "false")]).await;
        comment(&mut commenter, post.id, "Here?", None).await.assert_status(StatusCode::FORBIDDEN);
        let closed = |page: &Page| page.text("#comments p.quiet") == "Comments are closed on this post.";
        assert!(closed(&commenter_there.get_until("/posts/tides", closed).await));
        comment(&mut commenter_there, post.id, "There?", None).await.assert_status(StatusCode::FORBIDDEN);
    }

    async fn a_session_ended_on_one_instance_is_refused_on_the_other_as_soon_as_told(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        app.published_post(&ana, "Tides", "The moon pulls.", "").await;
        let other = app.second_instance().await;
        let mut here = app.signed_in(&ben).await;
        let mut there = other.client();
        there.set_session_cookie(here.session_cookie().unwrap());
        assert_eq!(there.get("/posts/tides").await.nav().last().unwrap(), "Sign out");

        here.post("/sign-out", &[]).await;
        let signed_out = |page: &Page| page.nav().last().is_some_and(|last| last == "Sign in");
        assert!(signed_out(&here.get("/posts/tides").await), "at once where it was ended");
        assert!(signed_out(&there.get_until("/posts/tides", signed_out).await));

        // A deactivation ends every session of the account, on every instance.
        let mut here = app.signed_in(&ben).await;
        there.set_session_cookie(here.session_cookie().unwrap());
        assert_eq!(there.get("/posts/tides").await.nav().last().unwrap(), "Sign out");
        let mut staff = app.signed_in(&teacher).await;
        staff.post("/class/bulk", &[("ids", &ben.id.to_string()), ("action", "deactivate"), ("confirmed", "yes")]).await;
        assert!(signed_out(&here.get("/posts/tides").await), "at once where it was ended");
        assert!(signed_out(&there.get_until("/posts/tides", signed_out).await));
    }

    async fn a_renamed_or_paused_member_shows_so_on_both_instances(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Tides", "The moon pulls.", "").await;
        let other = app.second_instance().await;
        let mut staff = app.signed_in(&teacher).await;
        let mut here = app.signed_in(&ben).await;
        let mut there = other.client();
        there.set_session_cookie(here.session_cookie().unwrap());
        let mut reader_there = other.client();
        reader_there.set_session_cookie(app.signed_in(&ana).await.session_cookie().unwrap());
        let sent = comment(&mut here, post.id, "Twice a day!", None).await;
        staff.post("/moderation", &[("one", &format!("approve:{}", comment_id(&sent)))]).await;
        let author = |page: &crate::helpers::Page| page.text(".comment-author");
        let shown = reader_there.get_until("/posts/tides", |page| author(page) == "Ben Okafor").await;
        assert_eq!(author(&shown), "Ben Okafor");

        staff.post(&format!("/class/students/{}/name", ben.id), &[("display_name", "Ben O.")]).await;
        // Their own name, kept with their session: at once here, there when told.
        let signed_in_as = |page: &Page| page.text(".signed-in-as") == "Signed in as Ben O.";
        assert!(signed_in_as(&here.get("/posts/tides").await));
        assert!(signed_in_as(&there.get_until("/posts/tides", signed_in_as).await));
        // On their comment: at once here, and there as soon as the database tells it.
        assert_eq!(author(&app.signed_in(&ana).await.get("/posts/tides").await), "Ben O.");
        let shown = reader_there.get_until("/posts/tides", |page| author(page) == "Ben O.").await;
        assert_eq!(author(&shown), "Ben O.");

        staff.post("/class/bulk", &[("ids", &ben.id.to_string()), ("action", "pause"), ("confirmed", "yes")]).await;
        let paused = |page: &Page| page.text("#comments p.quiet") == "Your teacher has paused your commenting for now.";
        assert!(paused(&here.get("/posts/tides").await));
        assert!(paused(&there.get_until("/posts/tides", paused).await));
    }

    async fn each_reader_gets_their_own_links_beside_comments_drawn_once(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let cleo = app.student("Cleo Park").await;
        let dan = app.student("Dan Wu").await;
        let post = app.published_post(&ana, "Tides", "The moon pulls.", "").await;
        let mut staff = app.signed_in(&teacher).await;
        let mut author = app.signed_in(&ana).await;
        let mut commenter = app.signed_in(&ben).await;
        let mut classmate = app.signed_in(&cleo).await;
        let mut other = app.signed_in(&dan).await;
        let teachers = comment_id(&comment(&mut staff, post.id, "Well spotted.", None).await);
        let sent = comment(&mut commenter, post.id, "Twice a day!", None).await;
        let id = comment_id(&sent);
        staff.post("/moderation", &[("one", &format!("approve:{id}"))]).await;

        // Two classmates with no comment here share one drawing: reply and report.
        for reader in [&mut classmate, &mut other] {
            let page = reader.get("/posts/tides").await;
            assert_eq!(bodies(&page), ["Well spotted.", "Twice a day!"]);
            assert_eq!(links(&page, id), ["Reply", "Report"]);
        }
        // The author may hide; a teacher may edit; signed out, only a guest's reply if any.
        assert_eq!(links(&author.get("/posts/tides").await, id), ["Reply", "Report", "Hide"]);
        let page = app.signed_in(&teacher).await.get("/posts/tides").await;
        assert_eq!(links(&page, id), ["Reply", "Edit", "Report"]);
        assert!(links(&app.client().get("/posts/tides").await, id).is_empty());
        // Their own comment: edit and delete in the window, no report; others' as before.
        let own = commenter.get("/posts/tides").await;
        assert_eq!(links(&own, id), ["Reply", "Edit", "Delete"]);
        assert_eq!(links(&own, teachers), ["Reply", "Report"]);

        // Paused: the same comments, no reply, on a page drawn for them alone.
        staff.post("/class/bulk", &[("ids", &cleo.id.to_string()), ("action", "pause"), ("confirmed", "yes")]).await;
        assert_eq!(links(&classmate.get("/posts/tides").await, id), ["Report"]);
        assert_eq!(links(&other.get("/posts/tides").await, id), ["Reply", "Report"]);
    }
}
