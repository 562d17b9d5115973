//! Private feedback (issue 14, item 4): a teacher writes it on a student's post; only the
//! author and the teachers ever see it; the author is told in What's new; every version
//! is kept; students and other sites are refused.

use axum::http::StatusCode;
use quire::feedback::FeedbackState;
use quire::posts::Post;

use crate::helpers::{Client, Page, TestApp, both};

/// Feedback a test can look for anywhere: nobody but the author and teachers may see it.
pub const SECRET: &str = "Zanzibar is a fine example; cite Kilimanjaro Press too.";

/// Saves feedback on `post` as `staff` would, from the post's page.
pub async fn give_feedback(staff: &mut Client, post: &Post, body: &str) -> Page {
    staff
        .post(&format!("/posts/{}/feedback", post.id), &[("body", body)])
        .await
}

/// A student's post waiting for a teacher's review, made through the store.
async fn waiting_post(app: &TestApp, author: &quire::accounts::User, title: &str) -> Post {
    use quire::posts::{Body, Labels, PostContent, Title};
    let content = PostContent::new(
        Title::parse(title).unwrap(),
        Body::parse("Draft words.").unwrap(),
        Labels::parse("").unwrap(),
    );
    let store = app.store();
    let id = store
        .create_post(&quire::store::NewPost {
            author_id: author.id,
            content: &content,
        })
        .await
        .unwrap();
    store.submit_post_for_review(id).await.unwrap();
    store.post_by_id(id).await.unwrap().unwrap()
}

both! {
    async fn a_teachers_feedback_is_shown_above_the_comments_to_the_author_and_teachers_only(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let co_teacher = app.teacher("Mr Ito").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Clouds", "Fluffy.", "weather").await;
        let mut staff = app.signed_in(&teacher).await;
        let page = staff.get("/posts/clouds").await;
        assert_eq!(page.text("#feedback-heading"), "Feedback for Ana López");
        assert_eq!(page.text(".feedback-edit summary"), "Write feedback");

        give_feedback(&mut staff, &post, &format!("**Well argued.** {SECRET}")).await
            .assert_redirect_to("/posts/clouds?feedback=saved#feedback");
        let page = staff.get("/posts/clouds?feedback=saved").await;
        assert!(page.text("#feedback .notice").starts_with("Your feedback is saved."));
        assert_eq!(page.texts("#feedback .feedback-body strong"), ["Well argued."], "Markdown, rendered");
        assert!(page.text("#feedback").contains("Not seen by the author yet."));
        assert_eq!(page.field_value("feedback-body"), format!("**Well argued.** {SECRET}"));
        let sections: Vec<String> = page.attributes("main section[id]", "id");
        assert_eq!(sections, ["feedback", "comments"], "feedback comes above the comments");

        let mut author = app.signed_in(&ana).await;
        let page = author.get("/posts/clouds").await;
        assert_eq!(page.text("#feedback-heading"), "Feedback from your teacher");
        assert!(page.text("#feedback .feedback-body").contains(SECRET));
        assert!(page.texts("#feedback form").is_empty(), "the author reads, never writes");
        assert_eq!(page.header("cache-control"), "private, no-store");

        let page = app.signed_in(&co_teacher).await.get("/posts/clouds").await;
        assert!(page.text("#feedback .feedback-body").contains(SECRET), "every teacher reads it");
        assert!(page.text("#feedback").contains("Seen by the author on"));

        let page = app.signed_in(&ben).await.get("/posts/clouds").await;
        page.assert_status(StatusCode::OK);
        assert!(page.texts("#feedback").is_empty());
        assert!(!page.body.contains("Kilimanjaro"), "a classmate never sees it");
        let page = app.client().get("/posts/clouds").await;
        assert!(!page.body.contains("Kilimanjaro"), "nor does a reader who is not signed in");
    }

    async fn the_author_is_told_in_whats_new_and_the_state_follows_what_they_saw(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Clouds", "Fluffy.", "").await;
        let other = app.published_post(&ana, "Rain", "Wet.", "").await;
        let store = app.store();
        let states = store.feedback_states(&[post.id, other.id]).await.unwrap();
        assert_eq!(states[&post.id], FeedbackState::None);

        let mut staff = app.signed_in(&teacher).await;
        give_feedback(&mut staff, &post, "First thoughts.").await.assert_status(StatusCode::SEE_OTHER);
        let given = store.feedback_states(&[post.id, other.id]).await.unwrap();
        assert_eq!(given[&post.id].as_str(), "given");
        assert_eq!(given[&other.id], FeedbackState::None);
        let mut author = app.signed_in(&ana).await;
        let nav = author.get("/account").await.nav();
        assert!(nav.contains(&"Your posts (1 new)".to_owned()), "{nav:?}");
        let list = author.get("/posts").await;
        assert_eq!(list.texts(".events li.unread a"), ["Your teacher wrote feedback on “Clouds”"]);
        assert_eq!(list.attributes(".events li a", "href"), ["/posts/clouds#feedback"]);
        assert!(!list.body.contains("First thoughts"), "the list names it, the post shows it");

        author.get("/posts/clouds").await;
        let FeedbackState::Seen { at, seen_at } = store.feedback_states(&[post.id]).await.unwrap()[&post.id] else {
            panic!("seen once the author looked");
        };
        assert!(seen_at >= at);
        assert!(author.get("/posts").await.texts(".events li.unread a").is_empty(), "read with the post");

        give_feedback(&mut staff, &post, "Second thoughts.").await.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(store.feedback_states(&[post.id]).await.unwrap()[&post.id].as_str(), "given", "a new version is unseen");
        assert_eq!(
            author.get("/posts").await.texts(".events li.unread a"),
            ["Your teacher updated the feedback on “Clouds”"]
        );
        give_feedback(&mut staff, &post, "Third thoughts.").await.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(author.get("/posts").await.texts(".events li.unread a").len(), 1, "told once while unread");
        give_feedback(&mut staff, &post, "Third thoughts.").await
            .assert_redirect_to("/posts/clouds?feedback=unchanged#feedback");
        assert!(staff.get("/posts").await.texts(".events li a").is_empty(), "the teacher is told nothing");

        let many: Vec<i64> = (0..70).map(|n| post.id + 1000 + n).chain([post.id]).collect();
        let states = store.feedback_states(&many).await.unwrap();
        assert_eq!(states.len(), 71, "every id asked for, in slices");
        assert_eq!(states[&post.id].as_str(), "given");
    }

    async fn editing_keeps_every_version_for_the_teachers_with_its_date(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Clouds", "Fluffy.", "").await;
        let mut staff = app.signed_in(&teacher).await;
        for body in ["First *draft* of feedback.", "Second version.", "Third version."] {
            give_feedback(&mut staff, &post, body).await.assert_status(StatusCode::SEE_OTHER);
        }
        let page = staff.get("/posts/clouds").await;
        assert!(page.text("#feedback .byline").ends_with("(edited)"));
        assert_eq!(page.attributes("#feedback a[href$='/feedback/history']", "href"), [format!("/posts/{}/feedback/history", post.id)]);
        assert!(page.text("#feedback").contains("Earlier versions (2)"));

        let history = staff.get(&format!("/posts/{}/feedback/history", post.id)).await;
        history.assert_status(StatusCode::OK);
        let headings = history.texts(".feedback-versions h2");
        assert_eq!(headings.len(), 3);
        assert!(headings[0].starts_with("Current version, saved "), "{headings:?}");
        assert!(headings[2].starts_with("Earlier version, saved "), "{headings:?}");
        assert_eq!(history.texts(".feedback-versions .feedback-body"), ["Third version.", "Second version.", "First draft of feedback."]);
        assert_eq!(history.texts(".feedback-versions em"), ["draft"]);

        let mut author = app.signed_in(&ana).await;
        let page = author.get("/posts/clouds").await;
        assert_eq!(page.text("#feedback .feedback-body"), "Third version.", "the author sees the current version");
        assert!(!page.body.contains("Second version"));
    }

    async fn a_rejected_feedback_keeps_the_text_with_the_problem_beside_the_field(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Clouds", "Fluffy.", "").await;
        let mut staff = app.signed_in(&teacher).await;
        let page = give_feedback(&mut staff, &post, "   \n  ").await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(page.field_error("feedback-body"), "Write your feedback before saving it.");
        assert_eq!(page.heading(), "Clouds", "back on the post's page");

        let long = format!("Keep this. {}", "word ".repeat(2_100));
        let page = give_feedback(&mut staff, &post, &long).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.field_error("feedback-body").starts_with("Feedback can be at most 10,000 characters"));
        assert_eq!(page.field_value("feedback-body"), long.trim(), "the typed text is kept");
        assert_eq!(page.attributes("#feedback details[open]", "class"), ["feedback-edit"]);
        assert!(app.store().feedback_on(post.id).await.unwrap().is_none(), "nothing saved");
    }

    async fn students_other_sites_and_the_wrong_posts_are_refused(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Clouds", "Fluffy.", "").await;
        let history = format!("/posts/{}/feedback/history", post.id);
        for student in [&ana, &ben] {
            let mut browser = app.signed_in(student).await;
            give_feedback(&mut browser, &post, "Forged praise.").await.assert_status(StatusCode::FORBIDDEN);
            browser.get(&history).await.assert_status(StatusCode::FORBIDDEN);
        }
        let page = app.client().post(&format!("/posts/{}/feedback", post.id), &[("body", "Hi")]).await;
        assert!(page.location().starts_with("/sign-in?next="), "signed out: {}", page.location());
        let mut staff = app.signed_in(&teacher).await;
        let path = format!("/posts/{}/feedback", post.id);
        staff.post_from_another_site(&path, &[("body", "Forged")]).await.assert_status(StatusCode::FORBIDDEN);
        staff.post_from_another_origin(&path, &[("body", "Forged")]).await.assert_status(StatusCode::FORBIDDEN);
        assert!(app.store().feedback_on(post.id).await.unwrap().is_none(), "nothing saved");

        // Not on a draft, nor a teacher's own post, nor one that does not exist.
        let mut author = app.signed_in(&ana).await;
        author.post(&format!("/posts/{}/unpublish", post.id), &[]).await;
        give_feedback(&mut staff, &post, "On a draft").await.assert_status(StatusCode::NOT_FOUND);
        assert!(staff.get("/posts/clouds").await.texts("#feedback").is_empty());
        let own = app.published_post(&teacher, "Homework", "Due Friday.", "").await;
        give_feedback(&mut staff, &own, "To myself").await.assert_status(StatusCode::NOT_FOUND);
        staff.post("/posts/999999/feedback", &[("body", "Nobody")]).await.assert_status(StatusCode::NOT_FOUND);

        // A post waiting for review takes feedback, and its author reads it there.
        let waiting = waiting_post(&app, &ana, "Storms").await;
        give_feedback(&mut staff, &waiting, "Nearly there.").await.assert_status(StatusCode::SEE_OTHER);
        let page = author.get(&format!("/posts/{}", waiting.slug)).await;
        assert_eq!(page.text("#feedback .feedback-body"), "Nearly there.");
    }
}
