//! A WordPress export comes in whole, and a second import adds nothing.

use quire::import::SourceKind;

use super::{count, counts, fixture, import};
use crate::helpers::{TestApp, both};

both! {
    async fn a_wordpress_export_keeps_dates_labels_threads_and_states(app: TestApp) {
        app.teacher("Mr Ito").await;
        let dir = tempfile::tempdir().unwrap();
        let file = fixture(dir.path(), "wordpress.xml", "http://127.0.0.1:9");
        let imported = import(&app, SourceKind::WordPress, &file).await.unwrap();
        assert_eq!((imported.posts, imported.comments), (2, 5), "the pingback stays out");
        let names: Vec<&str> = imported.accounts.iter().map(|a| a.display_name.as_str()).collect();
        assert_eq!(names, ["Ben Okafor"]);
        let skipped: Vec<&str> = imported.skipped.iter().map(|s| s.what.as_str()).collect();
        assert_eq!(skipped[..2], ["Post “Old news”", "Page “About us”"]);
        assert!(skipped[2].starts_with("Picture http://127.0.0.1:9/"), "nothing answers there: {skipped:?}");

        let mut reader = app.client();
        let page = reader.get("/posts/butterflies").await;
        assert_eq!(page.text(".byline time"), "Monday, March 2, 2015");
        assert_eq!(page.texts(".labels a"), ["Science", "insects"]);
        assert_eq!(page.text("#comments-heading"), "2 comments");
        assert!(page.html().html().contains("<strong>caterpillars</strong> turn into <em>butterflies</em>.<br>"), "{}", page.html().html());
        assert_eq!(page.attributes(".post-body a.video-placeholder", "href"), ["/embed/vimeo/76979871", "/embed/youtube/dQw4w9WgXcQ"]);
        assert_eq!(page.texts(".post-body ol li"), ["Eggs", "Caterpillars"]);
        // Ben's comment is his account's; his mother's reply is a guest's, under it.
        assert_eq!(page.text(".comment.depth-1 .comment-author a"), "Ben Okafor");
        assert_eq!(page.text(".comment.depth-2 .comment-author"), "Ben's Mum");
        assert_eq!(page.text(".comment.depth-2 .comment-text"), "So proud of you. Love, Mum");
        assert_eq!(count(&app, "select count(*) from comments where state = 'pending'").await, 1);
        assert_eq!(count(&app, "select count(*) from comments where state = 'spam'").await, 1);
        assert_eq!(count(&app, "select count(*) from comments where state = 'deleted'").await, 1);
        assert_eq!(count(&app, "select count(*) from posts where status = 'draft' and title = 'My pet snail'").await, 1);
        let archive = reader.get("/archive/2015/03").await;
        assert!(archive.texts("a").iter().any(|t| t == "Butterflies"));
    }

    async fn importing_the_same_wordpress_file_twice_adds_nothing(app: TestApp) {
        let dir = tempfile::tempdir().unwrap();
        let file = fixture(dir.path(), "wordpress.xml", "http://127.0.0.1:9");
        import(&app, SourceKind::WordPress, &file).await.unwrap();
        let before = counts(&app).await;
        let again = import(&app, SourceKind::WordPress, &file).await.unwrap();
        assert_eq!((again.posts, again.already_here), (0, 2));
        assert_eq!(counts(&app).await, before);
    }
}
