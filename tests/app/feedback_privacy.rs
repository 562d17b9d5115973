//! Private feedback never leaves its readers: not on a page kept in memory, not for a
//! classmate or a family reader, not in feeds, search, the sitemap or the video player.

use axum::http::StatusCode;

use crate::family::{family_browser, make_class_only, renew};
use crate::feedback::{SECRET, give_feedback};
use crate::helpers::{Client, TestApp, both};
use crate::page_cache::kept;

/// A word of [`SECRET`] that nothing else in these classes says (the search asks for
/// another one, which its page repeats).
const TELLTALE: &str = "Kilimanjaro";

/// Every address a reader might find the post's words at.
fn addresses(author: &str, post_id: i64) -> Vec<String> {
    [
        "/",
        "/posts/clouds",
        "/posts/clouds?feedback=saved",
        "/labels",
        "/labels/weather",
        "/labels/weather/feed.xml",
        "/feed.xml",
        "/archive",
        "/search?q=Zanzibar",
        "/sitemap.xml",
        "/embed/youtube/dQw4w9WgXcQ",
    ]
    .into_iter()
    .map(str::to_owned)
    .chain([format!("/u/{author}"), format!("/u/{author}/feed.xml")])
    .chain([format!("/posts/{post_id}/feedback/history")])
    .collect()
}

/// Asserts that no address shows `reader` the feedback.
async fn sees_none(reader: &mut Client, who: &str, author: &str, post_id: i64) {
    for path in addresses(author, post_id) {
        let page = reader.get(&path).await;
        assert!(
            !page.body.contains(TELLTALE),
            "{who} got the feedback at {path}"
        );
        assert!(page.texts("#feedback").is_empty(), "{who}: {path}");
    }
}

both! {
    async fn no_kept_page_feed_search_sitemap_or_player_carries_feedback(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Clouds", "Fluffy.\n\nhttps://youtu.be/dQw4w9WgXcQ", "weather").await;
        // Kept before the feedback, then read again from memory after it.
        kept(&app, "/posts/clouds").await;
        let mut staff = app.signed_in(&teacher).await;
        give_feedback(&mut staff, &post, SECRET).await.assert_status(StatusCode::SEE_OTHER);
        // The author and a teacher look at it (their pages are never kept)...
        let mut author = app.signed_in(&ana).await;
        for browser in [&mut author, &mut staff] {
            let page = browser.get("/posts/clouds").await;
            assert!(page.body.contains(TELLTALE));
            assert_eq!(page.header("cache-control"), "private, no-store");
            assert_ne!(page.header(quire::web::CACHE_STATUS.as_str()), "hit");
        }
        // ... and what is kept for everyone else is still without it.
        let page = kept(&app, "/posts/clouds").await;
        assert!(!page.body.contains(TELLTALE), "a kept page never holds feedback");
        sees_none(&mut app.client(), "a signed-out reader", &ana.username, post.id).await;
        sees_none(&mut app.signed_in(&ben).await, "a classmate", &ana.username, post.id).await;
        // The search page repeats what was asked; it finds no post by the feedback's words.
        for reader in [&mut app.client(), &mut app.signed_in(&ben).await, &mut author] {
            let search = reader.get("/search?q=Kilimanjaro+Press").await;
            assert!(search.texts(".post-card").is_empty(), "no search hit");
        }
        assert_eq!(app.client().get("/search?q=fluffy").await.texts(".post-card h2"), ["Clouds"], "the search works");
    }

    async fn a_family_reader_of_a_class_only_blog_never_sees_feedback(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Clouds", "Fluffy.", "weather").await;
        let mut staff = app.signed_in(&teacher).await;
        make_class_only(&mut staff).await;
        let link = renew(&mut staff).await;
        give_feedback(&mut staff, &post, SECRET).await.assert_status(StatusCode::SEE_OTHER);
        let mut family = family_browser(&app, &link).await;
        let page = family.get("/posts/clouds").await;
        page.assert_status(StatusCode::OK);
        assert_eq!(page.heading(), "Clouds", "the family reads the post");
        sees_none(&mut family, "a family reader", &ana.username, post.id).await;
        let search = family.get("/search?q=Kilimanjaro+Press").await;
        assert!(search.texts(".post-card").is_empty(), "no search hit");
        let forged = family
            .post(&format!("/posts/{}/feedback", post.id), &[("body", "Forged by a parent")])
            .await;
        assert!(forged.location().starts_with("/sign-in?next=") || forged.status == StatusCode::FORBIDDEN, "{}", forged.status);
        assert_eq!(app.store().feedback_on(post.id).await.unwrap().map(|f| f.body), Some(SECRET.to_owned()));
    }
}
