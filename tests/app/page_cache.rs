//! Pages kept in memory for readers who are not signed in: used while nothing changed,
//! dropped the moment a comment is approved or removed (not when one arrives to wait),
//! on this instance and on every other one; never given to a signed-in reader;
//! revalidated with `ETag` and sent gzipped.

use std::io::Read;

use axum::body::{Body, to_bytes};
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use quire::web::CACHE_STATUS;
use tower::ServiceExt;

use crate::comments::{bodies, comment, comment_id};
use crate::family::{family_browser, make_class_only, renew};
use crate::helpers::{Page, TestApp, both};

fn cache_status(page: &Page) -> &str {
    page.header(CACHE_STATUS.as_str())
}

/// Waits until the generation has stood still for longer than the SQLite watcher's
/// pause: this instance hears its own earlier writes again from the database (read
/// from the counter on SQLite, notified on Postgres), which drops what it kept.
async fn settled(app: &TestApp) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let mut seen = app.store().content_version();
    while std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        let now = app.store().content_version();
        if now.is_some() && now == seen {
            return;
        }
        seen = now;
    }
}

/// Asserts that `path`, kept, is still answered from memory right after `$act`.
/// Tried a few times: on Postgres every test's writes notify every listener on the
/// database, so one miss may be another test's doing, while a request that drops kept
/// pages misses every time.
macro_rules! stays_kept {
    ($app:ident, $path:expr, $what:expr, $act:block) => {{
        let mut statuses = Vec::new();
        for _ in 0..5 {
            settled(&$app).await;
            kept(&$app, $path).await;
            $act
            let status = cache_status(&$app.client().get($path).await).to_owned();
            let hit = status == "hit";
            statuses.push(status);
            if hit {
                break;
            }
        }
        assert_eq!(statuses.last().map(String::as_str), Some("hit"), "{} after {}: {statuses:?}", $path, $what);
    }};
}

/// A small JPEG, as a phone would upload it.
fn small_photo() -> Vec<u8> {
    let picture = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8, y as u8, 90]));
    let mut jpeg = Vec::new();
    picture
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new(&mut jpeg))
        .expect("a JPEG");
    jpeg
}

/// Reads `path` as a reader who is not signed in until the page comes from memory (the
/// instance trusts its generation only once it hears the database).
pub(crate) async fn kept(app: &TestApp, path: &str) -> Page {
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

    async fn a_kept_page_from_memory_carries_the_security_headers_and_takes_brotli(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let page = kept(&app, "/").await;
        assert!(page.header("content-security-policy").contains("default-src 'none'"));
        assert_eq!(page.header("x-content-type-options"), "nosniff");
        assert_eq!(page.header("x-frame-options"), "DENY");
        // The kept copy is only gzipped: a browser taking brotli alone gets it from the
        // compression layer, as from any other page.
        let mut request = Request::get("/").header(header::ACCEPT_ENCODING, "br").body(Body::empty()).unwrap();
        request.extensions_mut().insert(ConnectInfo(app.client().address));
        let response = app.router.clone().oneshot(request).await.unwrap();
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(response.headers()[CACHE_STATUS], "hit");
    }

    async fn a_stranger_is_not_given_the_page_kept_for_a_family(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        app.published_post(&ana, "Our trip", "We saw the sea.", "Trips").await;
        let mut staff = app.signed_in(&teacher).await;
        make_class_only(&mut staff).await;
        let link = renew(&mut staff).await;
        let mut family = family_browser(&app, &link).await;
        let page = family.get_until("/", |page| cache_status(page) == "hit").await;
        assert_eq!(cache_status(&page), "hit", "the family's home page is kept");
        let stranger = app.client().get("/").await;
        assert!(stranger.location().starts_with("/sign-in?next="), "{}", stranger.status);
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

    async fn a_refused_or_waiting_comment_and_a_sign_in_leave_kept_pages_kept(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Geysers", "Steam.", "").await;
        let mut commenter = app.signed_in(&ben).await;

        stays_kept!(app, "/posts/geysers", "a sign-in", {
            app.signed_in(&ana).await;
        });
        stays_kept!(app, "/posts/geysers", "a refused comment", {
            let refused = comment(&mut commenter, post.id, "   ", None).await;
            refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        });
        // Comments wait for the teacher by default: no reader sees one until approved,
        // so a busy lesson of comments must not empty the cache.
        stays_kept!(app, "/posts/geysers", "a comment waiting for the teacher", {
            let waiting = comment(&mut commenter, post.id, "Steam is water!", None).await;
            waiting.assert_status(StatusCode::SEE_OTHER);
        });
        stays_kept!(app, "/", "a failed sign-in", {
            let failed = app.client().sign_in(&ben.username, "not the password").await;
            assert_ne!(failed.status, StatusCode::SEE_OTHER);
        });
    }

    async fn a_post_published_edited_labelled_or_trashed_shows_at_once(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        app.published_post(&ana, "Geysers", "Steam.", "").await;
        let mut author = app.signed_in(&ana).await;

        kept(&app, "/").await;
        author.post("/write", &[("title", "Glaciers"), ("body", "Ice."), ("labels", ""), ("action", "publish")]).await
            .assert_redirect_to("/posts/glaciers");
        assert_eq!(app.client().get("/").await.texts(".post-card h2"), ["Glaciers", "Geysers"]);

        let glaciers = app.store().post_by_slug("glaciers").await.unwrap().unwrap();
        let edit = format!("/posts/{}/edit", glaciers.id);
        kept(&app, "/posts/glaciers").await;
        kept(&app, "/labels").await;
        author.post(&edit, &[("title", "Glaciers"), ("body", "Ice that flows."), ("labels", "Rocks"), ("action", "publish")]).await
            .assert_redirect_to("/posts/glaciers");
        assert_eq!(app.client().get("/posts/glaciers").await.text(".post-body"), "Ice that flows.");
        assert_eq!(app.client().get("/labels").await.texts(".label-cloud a"), ["Rocks"]);

        kept(&app, "/posts/glaciers").await;
        kept(&app, "/").await;
        author.post(&format!("/posts/{}/trash", glaciers.id), &[]).await;
        app.client().get("/posts/glaciers").await.assert_status(StatusCode::NOT_FOUND);
        assert_eq!(app.client().get("/").await.texts(".post-card h2"), ["Geysers"]);
    }

    async fn a_comment_marked_as_spam_or_edited_by_a_teacher_shows_at_once(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Caves", "Dark.", "").await;
        let id = comment_id(&comment(&mut app.signed_in(&ben).await, post.id, "Bats!", None).await);
        let mut staff = app.signed_in(&teacher).await;
        staff.post("/moderation", &[("one", &format!("approve:{id}"))]).await;

        kept(&app, "/posts/caves").await;
        staff.post(&format!("/comments/{id}/edit"), &[("comment-body", "Bats live here!")]).await;
        assert_eq!(bodies(&app.client().get("/posts/caves").await), ["Bats live here!"]);

        kept(&app, "/posts/caves").await;
        staff.post("/moderation", &[("one", &format!("spam:{id}"))]).await;
        assert!(bodies(&app.client().get("/posts/caves").await).is_empty());
    }

    async fn saved_settings_a_new_display_name_and_a_new_picture_show_at_once(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        app.published_post(&ana, "Reefs", "Coral.", "").await;

        kept(&app, "/").await;
        app.signed_in(&teacher).await
            .post("/settings", &[("title", "Year 6 Oceans"), ("tagline", "We dive"), ("time_zone", "UTC")]).await
            .assert_redirect_to("/settings?saved=1");
        assert_eq!(app.client().get("/").await.text(".site-title"), "Year 6 Oceans");

        kept(&app, "/posts/reefs").await;
        app.signed_in(&teacher).await
            .post(&format!("/class/students/{}/name", ana.id), &[("display_name", "Ana L.")]).await
            .assert_redirect_to("/class?done=renamed");
        assert_eq!(app.client().get("/posts/reefs").await.text(".byline a"), "Ana L.");

        // No page shows a picture until a post links it, but a picture is content all
        // the same: what is kept goes.
        kept(&app, "/").await;
        quire::media::store_upload(app.store(), teacher.id, "reef.jpg", small_photo()).await.unwrap();
        assert_eq!(cache_status(&app.client().get("/").await), "miss");
    }

    async fn another_instance_hears_of_posts_settings_names_and_closed_comments(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Storms", "Wind.", "").await;
        let mut author = app.signed_in(&ana).await;
        let mut staff = app.signed_in(&teacher).await;
        let other = app.second_instance().await;
        let mut reader = other.client();

        kept(&other, "/posts/storms").await;
        author.post(&format!("/posts/{}/edit", post.id), &[("title", "Storms"), ("body", "Wind and rain."), ("labels", "Weather"), ("action", "publish")]).await
            .assert_redirect_to("/posts/storms");
        let page = reader.get_until("/posts/storms", |page| page.text(".post-body") == "Wind and rain.").await;
        assert_eq!(page.text(".post-body"), "Wind and rain.");

        kept(&other, "/").await;
        staff.post("/settings", &[("title", "Year 6 Weather"), ("tagline", ""), ("time_zone", "UTC")]).await
            .assert_redirect_to("/settings?saved=1");
        let home = reader.get_until("/", |page| page.text(".site-title") == "Year 6 Weather").await;
        assert_eq!(home.text(".site-title"), "Year 6 Weather");

        kept(&other, "/posts/storms").await;
        staff.post(&format!("/class/students/{}/name", ana.id), &[("display_name", "Ana L.")]).await;
        let page = reader.get_until("/posts/storms", |page| page.text(".byline a") == "Ana L.").await;
        assert_eq!(page.text(".byline a"), "Ana L.");

        kept(&other, "/posts/storms").await;
        staff.post(&format!("/posts/{}/comments-open", post.id), &[("open", "false")]).await;
        let closed = "Comments are closed on this post.";
        let page = reader.get_until("/posts/storms", |page| page.text("#comments p.quiet") == closed).await;
        assert_eq!(page.text("#comments p.quiet"), closed);

        kept(&other, "/").await;
        author.post(&format!("/posts/{}/trash", post.id), &[]).await;
        let home = reader.get_until("/", |page| page.texts(".post-card h2").is_empty()).await;
        assert!(home.texts(".post-card h2").is_empty());
    }
}
