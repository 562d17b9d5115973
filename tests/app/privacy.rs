//! The personal-data guard: a comment or post that looks like it holds a phone number,
//! an address or where a child lives waits for a teacher, with the reason shown.

use crate::comments::{bodies, comment, comment_id};
use crate::helpers::{Client, TestApp, both};
use quire::comments::ApprovalPolicy;

const REASON: &str = "looks like personal information";

async fn publish(author: &mut Client, title: &str, body: &str) -> String {
    let page = author
        .post(
            "/write",
            &[
                ("title", title),
                ("body", body),
                ("labels", ""),
                ("action", "publish"),
            ],
        )
        .await;
    page.location().to_owned()
}

both! {
    async fn a_comment_with_a_phone_number_is_held_even_in_a_trusted_class(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        app.discussion(|d| d.approval = ApprovalPolicy::ApproveMembers).await;
        let post = app.published_post(&ana, "Volcanoes", "Lava.", "").await;
        let mut student = app.signed_in(&ben).await;
        let held = comment_id(&comment(&mut student, post.id, "Call me on 07700 900123!", None).await);
        comment(&mut student, post.id, "Great research!", None).await;

        assert_eq!(bodies(&app.client().get("/posts/volcanoes").await), ["Great research!"]);
        let own = student.get("/posts/volcanoes").await;
        assert!(own.text(&format!("#comment-{held} .held-reason")).contains(REASON));
        let queue = app.signed_in(&teacher).await.get("/moderation").await;
        assert_eq!(queue.texts(".queue-item .comment-text"), ["Call me on 07700 900123!"]);
        assert_eq!(queue.text(".queue-item .held-reason"), format!("Held because it {REASON}."));
    }

    async fn a_post_with_a_street_address_goes_to_review_with_the_reason(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut author = app.signed_in(&ana).await;
        let location = publish(&mut author, "My street", "Come and play at 12 Oak Street.").await;
        assert!(location.ends_with("/edit?saved=review"), "{location}");
        assert!(app.client().get("/").await.texts(".post-card h2").is_empty());
        let own = author.get("/posts").await;
        assert!(own.text(".held-reason").contains(REASON));
        let review = app.signed_in(&teacher).await.get("/review").await;
        assert_eq!(review.text(".review-item .held-reason"), format!("Held because it {REASON}."));
        // A harmless post by the same student is published as before.
        let location = publish(&mut author, "Lava", "Hot rocks from 1914 to 1918.").await;
        assert_eq!(location, "/posts/lava");
    }

    async fn with_the_guard_off_personal_looking_text_goes_through(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        app.discussion(|d| {
            d.approval = ApprovalPolicy::ApproveMembers;
            d.hold_personal_data = false;
        }).await;
        let mut author = app.signed_in(&ana).await;
        assert_eq!(publish(&mut author, "Hello", "I live in Leeds, at 12 Oak Street.").await, "/posts/hello");
        let post = app.published_post(&ana, "Lava", "Hot.", "").await;
        comment(&mut author, post.id, "Email me: ana at school dot org", None).await;
        assert_eq!(bodies(&app.client().get("/posts/lava").await), ["Email me: ana at school dot org"]);
    }

    async fn the_guard_is_on_by_default_and_a_setting_turns_it_off(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let mut staff = app.signed_in(&teacher).await;
        let page = staff.get("/settings").await;
        assert_eq!(page.attributes("#hold_personal_data", "checked"), [""]);
        assert!(page.attributes("#students_rename", "checked").is_empty());
        staff.post("/settings", &[("title", "Year 6"), ("tagline", ""), ("time_zone", "UTC"), ("students_rename", "on")]).await
            .assert_redirect_to("/settings?saved=1");
        let settings = app.store().site_settings().await.unwrap();
        assert!(!settings.discussion.hold_personal_data);
        assert!(settings.students_rename);
    }
}
