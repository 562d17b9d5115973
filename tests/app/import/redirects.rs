//! An imported blog's old addresses answer 308 to the post (and the comment's place).

use axum::http::StatusCode;
use quire::import::SourceKind;

use super::{fixture, import};
use crate::helpers::{TestApp, both};

/// The comment id the page shows for the comment whose text is `text`.
fn comment_anchor(page: &crate::helpers::Page, text: &str) -> String {
    let ids = page.attributes("li.comment", "id");
    let texts = page.texts("li.comment > .comment-body .comment-text");
    let at = texts.iter().position(|t| t == text).unwrap();
    format!("#{}", ids[at])
}

both! {
    async fn blogger_addresses_lead_to_the_imported_post_and_comment(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let dir = tempfile::tempdir().unwrap();
        import(&app, SourceKind::Blogger, &fixture(dir.path(), "blogger.xml", "http://127.0.0.1:9")).await.unwrap();
        let mut reader = app.client();
        let post = reader.get("/posts/our-trip-to-volcano").await;
        let page = reader.get("/2014/12/our-trip-to-volcano.html").await;
        page.assert_status(StatusCode::PERMANENT_REDIRECT);
        assert_eq!(page.location(), "/posts/our-trip-to-volcano");
        assert_eq!(reader.get("/2014/12/our-trip-to-volcano.html?m=1").await.location(), "/posts/our-trip-to-volcano");
        // 13:05 on the source's clock is the comment "Thank you, Jo!".
        let shown = reader.get("/2014/12/our-trip-to-volcano.html?showComment=1418591100000").await;
        shown.assert_status(StatusCode::PERMANENT_REDIRECT);
        assert_eq!(shown.location(), format!("/posts/our-trip-to-volcano{}", comment_anchor(&post, "Thank you, Jo!")));
        reader.get("/2014/12/never-was.html").await.assert_status(StatusCode::NOT_FOUND);
    }

    async fn wordpress_addresses_lead_to_the_imported_post(app: TestApp) {
        app.teacher("Mr Ito").await;
        let dir = tempfile::tempdir().unwrap();
        import(&app, SourceKind::WordPress, &fixture(dir.path(), "wordpress.xml", "http://127.0.0.1:9")).await.unwrap();
        let mut reader = app.client();
        for old in ["/?p=12", "/2015/03/02/butterflies/", "/butterflies/"] {
            let page = reader.get(old).await;
            page.assert_status(StatusCode::PERMANENT_REDIRECT);
            assert_eq!(page.location(), "/posts/butterflies", "{old}");
        }
        // The draft's old address leads to it too (its author can read it there).
        assert_eq!(reader.get("/?p=13").await.location(), "/posts/my-pet-snail");
        reader.get("/?p=99").await.assert_status(StatusCode::OK);
        reader.get("/about/").await.assert_status(StatusCode::NOT_FOUND);
    }
}
