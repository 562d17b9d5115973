//! A teacher imports a blog from Settings: upload, preview (on another instance too),
//! import, progress, report and password sheet; the posts keep their dates and old
//! addresses; the file is deleted; the same file again adds nothing.

use axum::http::StatusCode;

use super::pictures::picture_server;
use super::{count, counts, fetching_locally, fixture_bytes, import_and_wait, upload};
use crate::helpers::{TestApp, both};

both! {
    async fn a_teacher_imports_a_blogger_blog_from_settings(app: TestApp) {
        let app = fetching_locally(app);
        let teacher = app.teacher("Ms Rivera").await;
        let server = picture_server().await;
        let bytes = fixture_bytes("blogger.xml", &server);
        let mut browser = app.signed_in(&teacher).await;
        let settings = browser.get("/settings").await;
        assert!(settings.attributes("a", "href").contains(&"/settings/import".to_owned()));
        browser.get("/settings/import").await.assert_status(StatusCode::OK);

        let uploaded = upload(&mut browser, "blogger", &bytes).await;
        uploaded.assert_status(StatusCode::SEE_OTHER);
        let preview = uploaded.location().to_owned();
        assert_eq!(counts(&app).await[1], 0, "nothing is imported before Import");

        // Another instance shows the same preview: the file is in the database.
        let other = app.second_instance().await;
        let mut elsewhere = other.client();
        elsewhere.set_session_cookie(browser.session_cookie().unwrap());
        let page = elsewhere.get(&preview).await;
        page.assert_status(StatusCode::OK);
        assert_eq!(page.texts("#import-summary li")[..3], [
            "2 posts with 10 comments".to_owned(),
            "2 pictures to fetch from the old blog".to_owned(),
            "1 new student account for authors without one: Ana Lopez. You get their passwords on a sheet to print when the import is done.".to_owned(),
        ]);
        assert_eq!(page.texts("#import-posts tbody tr td:first-child"), ["Our Trip to the Volcano", "Rocks I found Draft"]);
        assert_eq!(page.texts("#import-posts tbody tr td:nth-child(2)")[0], "Sunday, December 14, 2014");
        assert!(page.texts("#import-skipped li").iter().any(|s| s.starts_with("Page “About Room 12”: ")), "{:?}", page.texts("#import-skipped li"));

        let report = import_and_wait(&mut browser, &preview).await;
        assert_eq!(report.heading(), "Import finished");
        assert_eq!(report.texts("#import-report li")[0], "2 posts and 10 comments imported");
        assert_eq!(report.texts("#import-links li").len(), 1, "missing.png stays a link");
        assert!(report.text("#import-links li").contains("missing.png"));
        let accounts = report.texts("#import-accounts li");
        assert!(accounts.len() == 1 && accounts[0].starts_with("Ana Lopez: "), "{accounts:?}");
        assert!(!report.html().html().contains("password:"), "no password on the report");
        // Another instance shows the report too.
        assert_eq!(elsewhere.get(&format!("{preview}/progress")).await.heading(), "Import finished");

        let sheet_at = report.attributes("#import-sheet", "href")[0].clone();
        let sheet = browser.get(&sheet_at).await;
        sheet.assert_status(StatusCode::OK);
        assert!(sheet.html().html().contains("Ana Lopez"));
        assert_eq!(count(&app, "select count(*) from blog_imports where export is not null").await, 0, "the file is deleted");

        let mut reader = app.client();
        let post = reader.get("/posts/our-trip-to-volcano").await;
        assert_eq!(post.text(".byline time"), "Sunday, December 14, 2014");
        let pictures = post.attributes(".post-body figure img", "src");
        assert!(pictures.len() == 1 && pictures[0].starts_with("/media/"), "{pictures:?}");
        let old = reader.get("/2014/12/our-trip-to-volcano.html").await;
        old.assert_status(StatusCode::PERMANENT_REDIRECT);
        assert_eq!(old.location(), "/posts/our-trip-to-volcano");

        // The same file again: everything is already here, and nothing is added.
        let before = counts(&app).await;
        let again = upload(&mut browser, "blogger", &bytes).await.location().to_owned();
        let page = browser.get(&again).await;
        assert!(page.texts("#import-summary li").contains(&"2 posts were imported before and will be left as they are".to_owned()), "{:?}", page.texts("#import-summary li"));
        let report = import_and_wait(&mut browser, &again).await;
        assert_eq!(report.texts("#import-report li")[0], "0 posts and 0 comments imported");
        assert_eq!(counts(&app).await, before);
    }

    async fn cancelling_the_preview_deletes_the_file_and_imports_nothing(app: TestApp) {
        let teacher = app.teacher("Mr Ito").await;
        let mut browser = app.signed_in(&teacher).await;
        let bytes = fixture_bytes("wordpress.xml", "http://127.0.0.1:9");
        let preview = upload(&mut browser, "wordpress", &bytes).await.location().to_owned();
        assert!(browser.get(&preview).await.texts("#import-posts tbody tr").len() == 2);
        browser.post(&format!("{preview}/cancel"), &[]).await.assert_redirect_to("/settings/import");
        assert_eq!(count(&app, "select count(*) from blog_imports").await, 0);
        browser.get(&preview).await.assert_status(StatusCode::NOT_FOUND);
        assert_eq!(counts(&app).await[1], 0);
    }

    async fn the_web_import_leaves_pictures_on_private_addresses_as_links(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let server = picture_server().await;
        let mut browser = app.signed_in(&teacher).await;
        let preview = upload(&mut browser, "blogger", &fixture_bytes("blogger.xml", &server)).await.location().to_owned();
        let report = import_and_wait(&mut browser, &preview).await;
        let links = report.texts("#import-links li");
        assert_eq!(links.len(), 2, "{links:?}");
        assert!(links.iter().all(|l| l.contains("private network address")), "{links:?}");
        assert_eq!(count(&app, "select count(*) from images").await, 0);
    }
}
