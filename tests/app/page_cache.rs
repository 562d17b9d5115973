//! Pages kept in memory for readers who are not signed in: used while nothing changed,
//! dropped the moment a comment is approved or removed, on this instance and on every
//! other one; never given to a signed-in reader; revalidated with `ETag` and sent gzipped.

use std::io::Read;

use axum::body::{Body, to_bytes};
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use quire::web::CACHE_STATUS;
use tower::ServiceExt;

use crate::comments::{bodies, comment, comment_id};
use crate::helpers::{Page, TestApp, both};

fn cache_status(page: &Page) -> &str {
    page.header(CACHE_STATUS.as_str())
}

/// Reads `path` as a reader who is not signed in until the page comes from memory (the
/// instance trusts its generation only once it hears the database).
async fn kept(app: &TestApp, path: &str) -> Page {
    let page = app
        .client()
        .get_until(path, |page| cache_status(page) == "hit")
        .await;
    assert_eq!(cache_status(&page), "hit", "{path} is answered from memory");
    page
}

both! {
    async fn a_kept_page_shows_an_approved_comment_and_loses_a_removed_one_at_once(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Volcanoes", "Lava.", "").await;
        let page = kept(&app, "/posts/volcanoes").await;
        assert_eq!(page.text("#comments-heading"), "No comments");

        let mut commenter = app.signed_in(&ben).await;
        let id = comment_id(&comment(&mut commenter, post.id, "Great research!", None).await);
        let page = app.client().get("/posts/volcanoes").await;
        assert!(bodies(&page).is_empty(), "a waiting comment never reaches a reader");

        let mut staff = app.signed_in(&teacher).await;
        kept(&app, "/posts/volcanoes").await;
        staff.post("/moderation", &[("one", &format!("approve:{id}"))]).await;
        let page = app.client().get("/posts/volcanoes").await;
        assert_eq!(cache_status(&page), "miss");
        assert_eq!(bodies(&page), ["Great research!"]);
        assert_eq!(app.client().get("/").await.text(".comment-count"), "1 comment on Volcanoes");

        kept(&app, "/posts/volcanoes").await;
        kept(&app, "/").await;
        staff.post("/moderation", &[("one", &format!("delete:{id}"))]).await;
        assert!(bodies(&app.client().get("/posts/volcanoes").await).is_empty());
        assert_eq!(app.client().get("/").await.text(".comment-count"), "No comments on Volcanoes");

        // Closing comments changes the page too.
        kept(&app, "/posts/volcanoes").await;
        staff.post(&format!("/posts/{}/comments-open", post.id), &[("open", "false")]).await;
        let page = app.client().get("/posts/volcanoes").await;
        assert_eq!(page.text("#comments p.quiet"), "Comments are closed on this post.");
    }

    async fn another_instance_drops_its_kept_page_when_the_database_tells_it(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Tides", "Moon.", "").await;
        let mut commenter = app.signed_in(&ben).await;
        let id = comment_id(&comment(&mut commenter, post.id, "The moon pulls!", None).await);

        let other = app.second_instance().await;
        let page = kept(&other, "/posts/tides").await;
        assert!(bodies(&page).is_empty());
        // Approved on the first instance: the second hears it from the database.
        app.signed_in(&teacher).await.post("/moderation", &[("one", &format!("approve:{id}"))]).await;
        let page = other.client().get_until("/posts/tides", |page| !bodies(page).is_empty()).await;
        assert_eq!(bodies(&page), ["The moon pulls!"]);

        // Marked as spam there: it goes from the second instance's page as well.
        kept(&other, "/posts/tides").await;
        app.signed_in(&teacher).await.post("/moderation", &[("one", &format!("spam:{id}"))]).await;
        let page = other.client().get_until("/posts/tides", |page| bodies(page).is_empty()).await;
        assert!(bodies(&page).is_empty(), "{:?}", bodies(&page));
    }

    async fn a_signed_in_reader_never_gets_a_kept_page(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        app.published_post(&ana, "Lava", "Hot.", "").await;
        kept(&app, "/posts/lava").await;
        let page = app.signed_in(&ana).await.get("/posts/lava").await;
        assert_eq!(page.header(CACHE_STATUS.as_str()), "");
        assert!(page.nav().iter().any(|link| link == "Sign out"), "{:?}", page.nav());
    }

    async fn a_kept_page_is_revalidated_with_its_etag_and_sent_gzipped(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        app.published_post(&ana, "Lava", "Hot.", "").await;
        let page = kept(&app, "/posts/lava").await;
        let etag = page.header("etag").to_owned();
        assert!(etag.starts_with('"'), "a strong validator: {etag}");

        let again = app.client().send_raw(
            Request::get("/posts/lava").header(header::IF_NONE_MATCH, &etag),
            Body::empty(),
        ).await;
        again.assert_status(StatusCode::NOT_MODIFIED);
        assert!(again.body.is_empty());

        let mut request = Request::get("/posts/lava")
            .header(header::ACCEPT_ENCODING, "gzip, deflate, br")
            .body(Body::empty())
            .unwrap();
        request.extensions_mut().insert(ConnectInfo(app.client().address));
        let response = app.router.clone().oneshot(request).await.unwrap();
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(response.headers()[header::VARY], "accept-encoding");
        let packed = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let mut unpacked = String::new();
        flate2::read::GzDecoder::new(&packed[..]).read_to_string(&mut unpacked).unwrap();
        assert_eq!(unpacked, *page.body);
    }

    async fn a_post_with_the_guest_comment_form_is_drawn_for_every_reader(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        app.published_post(&ana, "Tides", "Moon.", "").await;
        app.discussion(|d| d.anyone_may_comment = true).await;
        let mut guest = app.client();
        let first = guest.get_until("/posts/tides", |_| app.store().content_version().is_some()).await;
        let second = guest.get("/posts/tides").await;
        assert_eq!(cache_status(&second), "", "neither kept nor given from memory");
        // Each reader's form says when it was drawn; a kept page would hand out an old time.
        assert!(!first.attributes("input[name=started]", "value").is_empty());
        kept(&app, "/").await;
    }
}
