//! A Blogger export comes in whole, and a second import adds nothing.

use quire::import::SourceKind;

use super::{counts, fixture, import};
use crate::helpers::{TestApp, both};

both! {
    async fn a_blogger_export_keeps_dates_labels_threads_and_states(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let dir = tempfile::tempdir().unwrap();
        let file = fixture(dir.path(), "blogger.xml", "http://127.0.0.1:9");
        let imported = import(&app, SourceKind::Blogger, &file).await.unwrap();
        assert_eq!((imported.posts, imported.comments), (2, 10));
        let names: Vec<&str> = imported.accounts.iter().map(|a| a.display_name.as_str()).collect();
        assert_eq!(names, ["Ana Lopez"], "Ms Rivera matched her account");
        assert!(imported.skipped.iter().any(|s| s.what == "Page “About Room 12”"), "{:?}", imported.skipped);

        let mut reader = app.client();
        let page = reader.get("/posts/our-trip-to-volcano").await;
        assert_eq!(page.text("h1"), "Our Trip to the Volcano");
        assert_eq!(page.text(".byline time"), "Sunday, December 14, 2014");
        assert_eq!(page.texts(".labels a"), ["Science", "Trips"]);
        assert_eq!(page.text("#comments-heading"), "7 comments");
        let body = page.html().html();
        assert!(body.contains("<strong>eight</strong>") && body.contains("<em>cold</em>"), "{body}");
        assert!(page.text(".post-body h2").contains("The bus"));
        assert_eq!(page.texts(".post-body li"), ["Lava", "Ash"]);
        assert!(page.text(".post-body blockquote").contains("Hot rocks are hot."));
        assert_eq!(page.texts(".post-body td"), ["Basalt", "3 kg"]);
        assert_eq!(page.attributes(".post-body a.video-placeholder", "href"), ["/embed/youtube/dQw4w9WgXcQ", "/embed/youtube/9bZkp7q19f0"]);
        // Threads: four levels deep become quire's three, the fourth beside the third.
        assert_eq!(page.texts(".comment.depth-1 > .comment-body .comment-author").len(), 4);
        assert_eq!(page.texts(".comment.depth-2 .comment-author a")[0], "Ms Rivera");
        assert_eq!(page.texts(".comment.depth-3 .comment-author"), ["Ana Lopez", "Grandma Jo"]);
        assert!(page.texts(".comment-text").iter().any(|t| t == "It was so hot & loud."));
        assert!(!page.html().html().contains("Buy cheap watches"));

        let archive = reader.get("/archive/2014/12").await;
        assert!(archive.texts("a").iter().any(|t| t == "Our Trip to the Volcano"));
        // The draft stays a draft: not on the site.
        reader.get("/posts/rocks-i-found").await.assert_status(axum::http::StatusCode::NOT_FOUND);
    }

    async fn importing_the_same_blogger_file_twice_adds_nothing(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let dir = tempfile::tempdir().unwrap();
        let file = fixture(dir.path(), "blogger.xml", "http://127.0.0.1:9");
        import(&app, SourceKind::Blogger, &file).await.unwrap();
        let before = counts(&app).await;
        let again = import(&app, SourceKind::Blogger, &file).await.unwrap();
        assert_eq!((again.posts, again.comments, again.already_here), (0, 0, 2));
        assert!(again.accounts.is_empty());
        assert_eq!(counts(&app).await, before);
    }
}
