//! Importing a blog from Settings (issue 13), as a teacher meets it: she uploads her
//! old Blogger export, reads the preview, imports it, watches the page until the report
//! shows, and opens the new accounts' password sheet. Every new page is checked.

use std::time::{Duration, Instant};

use crate::audit::{Audit, Source};
use crate::driver::Browser;
use crate::quire::Quire;
use crate::screenshots;

/// The import pages the story checks.
pub const IMPORT_PAGES: &[&str] = &["Import a blog", "import preview", "import report"];

/// Tells the story; `audit` checks each page.
pub async fn import_story(quire: &Quire, browser: &Browser, audit: &mut Audit) {
    set_up_teacher(quire, browser).await;
    let dir = tempfile::tempdir().expect("a folder for the export");
    let export = dir.path().join("room12-blogger.xml");
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/blogger.xml");
    let text = std::fs::read_to_string(fixture).expect("the fixture");
    // Pictures on a private address: the web import keeps them as links.
    std::fs::write(&export, text.replace("PICTURES", "http://127.0.0.1:9"))
        .expect("the export is written");

    browser.visit("/settings").await;
    browser.click_link("Import a blog").await;
    assert_eq!(browser.heading().await, "Import a blog");
    audit
        .page(browser, "Import a blog", Source::Get, Some("import-upload"))
        .await;
    phone_shot(browser, "import-upload", "//h1").await;
    browser.choose_file("Export file", &export).await;
    browser.click_button("Upload and check").await;

    assert_eq!(browser.heading().await, "Check the import");
    assert!(
        browser
            .main_text()
            .await
            .contains("2 posts with 10 comments")
    );
    audit
        .page(
            browser,
            "import preview",
            Source::Get,
            Some("import-preview"),
        )
        .await;
    phone_shot(browser, "import-preview", "//table").await;
    browser.click_button("Import").await;

    // The page refreshes itself (no script) until the import is done.
    let deadline = Instant::now() + Duration::from_secs(60);
    while browser.heading().await != "Import finished" {
        assert!(
            Instant::now() < deadline,
            "the import finishes within a minute"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(
        browser
            .main_text()
            .await
            .contains("2 posts and 10 comments imported")
    );
    audit
        .page(browser, "import report", Source::Get, Some("import-report"))
        .await;
    phone_shot(browser, "import-report", "//h1").await;
    browser.click_link("Open the password sheet").await;
    assert_eq!(browser.heading().await, "New accounts from the import");
    assert!(browser.main_text().await.contains("Ana Lopez"));
}

/// The teacher's account, made through the set-up link; ends on Class.
async fn set_up_teacher(quire: &Quire, browser: &Browser) {
    let link = quire.setup_link().await;
    browser
        .client
        .goto(&link)
        .await
        .expect("the set-up link opens");
    browser.fill_by_label("Your name", "Ms Rivera").await;
    browser.fill_by_label("Username", "ms.rivera").await;
    browser
        .fill_by_label("Password", "lava-lamp-orbit-1987")
        .await;
    browser
        .fill_by_label("Password again", "lava-lamp-orbit-1987")
        .await;
    browser.click_button("Create account").await;
    assert_eq!(browser.path().await, "/class");
}

/// A 360 px phone's view, for review, when screenshots are wanted.
async fn phone_shot(browser: &Browser, stem: &str, xpath: &str) {
    if screenshots::wanted() {
        screenshots::review_at(browser, stem, 360, 800, xpath).await;
    }
}
