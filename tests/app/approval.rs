//! With "posts need approval" on, nothing a student changes reaches readers before a
//! teacher has seen it, whichever path the change takes: the edit form (text, title,
//! labels, pictures), a revision restored from History, a post brought back from the
//! trash, unpublishing and publishing again.

use axum::http::StatusCode;

use crate::helpers::{Client, Page, TestApp, Upload, both};

/// The class's rule, set through the store as the Settings page would.
async fn approval_on(app: &TestApp) {
    let mut settings = app.store().site_settings().await.unwrap();
    settings.posts_need_approval = true;
    app.store().save_site_settings(&settings).await.unwrap();
}

/// A student's post "My holiday", submitted through the Write page and approved by the
/// teacher.
async fn approved_post(app: &TestApp, staff: &mut Client, author: &mut Client, body: &str) -> i64 {
    approved_post_titled(app, staff, author, "My holiday", body)
        .await
        .0
}

/// A student's post, submitted and approved; its id and slug.
async fn approved_post_titled(
    app: &TestApp,
    staff: &mut Client,
    author: &mut Client,
    title: &str,
    body: &str,
) -> (i64, String) {
    let submitted = author
        .post(
            "/write",
            &[
                ("title", title),
                ("body", body),
                ("labels", "Summer"),
                ("action", "publish"),
            ],
        )
        .await;
    let id: i64 = submitted
        .location()
        .trim_start_matches("/posts/")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        submitted.location(),
        format!("/posts/{id}/edit?saved=review")
    );
    staff
        .post(&format!("/posts/{id}/approve"), &[])
        .await
        .assert_redirect_to("/review?done=published");
    let slug = app.store().post_by_id(id).await.unwrap().unwrap().slug;
    assert!(live_text(app, &slug).await.is_some());
    (id, slug)
}

/// What a reader sees of the post at this address, if it is live.
async fn live_text(app: &TestApp, slug: &str) -> Option<String> {
    let page = app.client().get(&format!("/posts/{slug}")).await;
    (page.status == StatusCode::OK).then(|| page.text(".post-body"))
}

/// The titles on the teacher's review list, and the text of each.
async fn review_list(staff: &mut Client) -> Vec<(String, String)> {
    let page = staff.get("/review").await;
    page.assert_status(StatusCode::OK);
    let titles = page.texts(".review-item h2");
    let bodies = page.texts(".review-item .post-body");
    titles.into_iter().zip(bodies).collect()
}

/// The class with approval on: the teacher and Jack, each signed in.
async fn class(app: &TestApp) -> (Client, Client) {
    let teacher = app.teacher("Ms Rivera").await;
    let jack = app.student("Jack Brown").await;
    approval_on(app).await;
    (app.signed_in(&teacher).await, app.signed_in(&jack).await)
}

fn edit_form<'a>(
    title: &'a str,
    body: &'a str,
    labels: &'a str,
    action: &'a str,
) -> [(&'a str, &'a str); 4] {
    [
        ("title", title),
        ("body", body),
        ("labels", labels),
        ("action", action),
    ]
}

/// The first revision (the oldest) on the post's History page.
async fn oldest_revision(author: &mut Client, post_id: i64) -> String {
    let history: Page = author.get(&format!("/posts/{post_id}/history")).await;
    history.attributes("td a", "href").last().unwrap().clone()
}

both! {
    async fn a_restored_revision_waits_for_the_teacher_like_an_edit(app: TestApp) {
        // The scenario: Jack's post with an offensive word is approved, the teacher
        // edits the word out, Jack restores the old revision from History.
        let (mut staff, mut author) = class(&app).await;
        let id = approved_post(&app, &mut staff, &mut author, "We went to the beach. It was darn hot.").await;
        staff.post(&format!("/posts/{id}/edit"), &edit_form("My holiday", "We went to the beach. It was hot.", "Summer", "publish"))
            .await.assert_redirect_to("/posts/my-holiday");
        assert_eq!(live_text(&app, "my-holiday").await.unwrap(), "We went to the beach. It was hot.");

        let first = oldest_revision(&mut author, id).await;
        author.post(&format!("{first}/restore"), &[]).await.assert_redirect_to(&format!("/posts/{id}/edit?saved=review"));

        assert_eq!(live_text(&app, "my-holiday").await, None, "the removed text is not live");
        assert!(!app.client().get("/").await.body.contains("darn"));
        assert_eq!(review_list(&mut staff).await, [("My holiday".to_owned(), "We went to the beach. It was darn hot.".to_owned())]);
        let form = author.get(&format!("/posts/{id}/edit")).await;
        assert!(form.text(".notice").contains("waiting for a teacher's review"));

        // The teacher decides: sent back, it stays off the site.
        staff.post(&format!("/posts/{id}/send-back"), &[("note", "Please leave that word out.")]).await
            .assert_redirect_to("/review?done=sent-back");
        assert_eq!(live_text(&app, "my-holiday").await, None);
    }

    async fn a_teacher_restoring_a_revision_keeps_the_post_live(app: TestApp) {
        let (mut staff, mut author) = class(&app).await;
        let id = approved_post(&app, &mut staff, &mut author, "First version.").await;
        author.post(&format!("/posts/{id}/edit"), &edit_form("My holiday", "Second version.", "Summer", "publish")).await;
        staff.post(&format!("/posts/{id}/approve"), &[]).await.assert_redirect_to("/review?done=published");
        assert_eq!(live_text(&app, "my-holiday").await.unwrap(), "Second version.");

        let first = oldest_revision(&mut staff, id).await;
        staff.post(&format!("{first}/restore"), &[]).await.assert_redirect_to(&format!("/posts/{id}/edit"));
        assert_eq!(live_text(&app, "my-holiday").await.unwrap(), "First version.");
        assert!(review_list(&mut staff).await.is_empty());
    }

    async fn every_edit_of_a_live_post_waits_for_the_teacher(app: TestApp) {
        // Text, title (and so the address), labels, and a plain Save sent by hand: each
        // takes the post off the site until the teacher approves the change.
        let (mut staff, mut author) = class(&app).await;
        let changes = [
            ("text", "Sandcastles", edit_form("Sandcastles", "Changed text.", "Summer", "publish")),
            ("title", "Seashells", edit_form("Seashells rude", "Original.", "Summer", "publish")),
            ("labels", "Rockpools", edit_form("Rockpools", "Original.", "Summer, Rude words", "publish")),
            ("save", "Lighthouse", edit_form("Lighthouse", "Saved text.", "Summer", "save")),
        ];
        for (what, title, form) in changes {
            let (id, slug) = approved_post_titled(&app, &mut staff, &mut author, title, "Original.").await;
            let answer = author.post(&format!("/posts/{id}/edit"), &form).await;
            answer.assert_redirect_to(&format!("/posts/{id}/edit?saved=review"));
            assert_eq!(live_text(&app, &slug).await, None, "{what}: the old address");
            assert_eq!(live_text(&app, "seashells-rude").await, None, "{what}: the new address");
            assert!(!app.client().get("/labels/rude-words").await.body.contains(title), "{what}: the label page");
            assert!(!app.client().get("/").await.body.contains(title), "{what}: the front page");
            let (new_title, new_body) = (form[0].1.to_owned(), form[1].1.to_owned());
            assert_eq!(review_list(&mut staff).await, [(new_title, new_body)], "{what}");
            // Sent back, it stays off the site and leaves the review list for the next path.
            staff.post(&format!("/posts/{id}/send-back"), &[("note", "No.")]).await.assert_redirect_to("/review?done=sent-back");
            assert_eq!(live_text(&app, &slug).await, None, "{what}: sent back");
        }
    }

    async fn a_picture_added_to_a_live_post_waits_for_the_teacher(app: TestApp) {
        let (mut staff, mut author) = class(&app).await;
        let id = approved_post(&app, &mut staff, &mut author, "Original.").await;
        let picture = small_jpeg();
        let file = Upload { field: "image", file_name: "beach.jpg", content_type: "image/jpeg", bytes: &picture };
        let edit = format!("/posts/{id}/edit");
        let uploaded = author.post_multipart(&edit, &edit_form("My holiday", "Original. Soon a picture.", "Summer", "upload"), Some(file)).await;
        uploaded.assert_status(StatusCode::OK);
        assert_eq!(live_text(&app, "my-holiday").await.unwrap(), "Original.", "uploading changes nothing live");
        let markdown = uploaded.text("code.snippet").replace("Describe the picture", "The beach");
        let body = format!("Original.\n\n{markdown}");
        author.post_multipart(&edit, &edit_form("My holiday", &body, "Summer", "publish"), None).await
            .assert_redirect_to(&format!("{edit}?saved=review"));
        assert_eq!(live_text(&app, "my-holiday").await, None);
        assert_eq!(review_list(&mut staff).await.len(), 1);
    }

    async fn a_post_brought_back_from_the_trash_waits_for_the_teacher(app: TestApp) {
        // The teacher takes Jack's post down by putting it in the trash; Jack restores it.
        let (mut staff, mut author) = class(&app).await;
        let id = approved_post(&app, &mut staff, &mut author, "Original.").await;
        staff.post(&format!("/posts/{id}/trash"), &[]).await.assert_redirect_to("/posts?done=trashed");
        assert_eq!(live_text(&app, "my-holiday").await, None);
        author.post(&format!("/posts/{id}/restore"), &[]).await.assert_redirect_to("/trash?done=restored-for-review");
        assert!(author.get("/trash?done=restored-for-review").await.text(".notice").contains("waiting for a teacher's review"));
        assert_eq!(live_text(&app, "my-holiday").await, None);
        assert_eq!(review_list(&mut staff).await, [("My holiday".to_owned(), "Original.".to_owned())]);

        // A teacher's own restore needs no one's approval.
        staff.post(&format!("/posts/{id}/approve"), &[]).await;
        staff.post(&format!("/posts/{id}/trash"), &[]).await;
        staff.post(&format!("/posts/{id}/restore"), &[]).await.assert_redirect_to("/trash?done=restored");
        assert_eq!(live_text(&app, "my-holiday").await.unwrap(), "Original.");
    }

    async fn an_unpublished_post_published_again_waits_for_the_teacher(app: TestApp) {
        let (mut staff, mut author) = class(&app).await;
        let id = approved_post(&app, &mut staff, &mut author, "Original.").await;
        author.post(&format!("/posts/{id}/unpublish"), &[]).await.assert_redirect_to("/posts?done=unpublished");
        assert_eq!(live_text(&app, "my-holiday").await, None);
        // Unchanged or changed, publishing again is a new submission.
        author.post(&format!("/posts/{id}/edit"), &edit_form("My holiday", "Original.", "Summer", "publish")).await
            .assert_redirect_to(&format!("/posts/{id}/edit?saved=review"));
        assert_eq!(live_text(&app, "my-holiday").await, None);
        assert_eq!(review_list(&mut staff).await.len(), 1);
    }

    async fn without_approval_a_students_restore_stays_live(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let jack = app.student("Jack Brown").await;
        let post = app.published_post(&jack, "My holiday", "First.", "").await;
        let mut author = app.signed_in(&jack).await;
        author.post(&format!("/posts/{}/edit", post.id), &edit_form("My holiday", "Second.", "", "publish")).await
            .assert_redirect_to("/posts/my-holiday");
        let first = oldest_revision(&mut author, post.id).await;
        author.post(&format!("{first}/restore"), &[]).await.assert_redirect_to(&format!("/posts/{}/edit", post.id));
        assert_eq!(live_text(&app, "my-holiday").await.unwrap(), "First.");
        author.post(&format!("/posts/{}/trash", post.id), &[]).await;
        author.post(&format!("/posts/{}/restore", post.id), &[]).await.assert_redirect_to("/trash?done=restored");
        assert_eq!(live_text(&app, "my-holiday").await.unwrap(), "First.");
    }
}

/// A small photo, as a phone would send one.
fn small_jpeg() -> Vec<u8> {
    use image::codecs::jpeg::JpegEncoder;
    use image::{Rgb, RgbImage};
    let picture = RgbImage::from_fn(64, 48, |x, y| Rgb([(x * 4) as u8, (y * 5) as u8, 128]));
    let mut jpeg = Vec::new();
    picture
        .write_with_encoder(JpegEncoder::new_with_quality(&mut jpeg, 90))
        .unwrap();
    jpeg
}
