//! quire in a real browser: headless Debian Chromium, driven through chromedriver,
//! tells the class story of issue 5 with JavaScript on and off, on SQLite and (with
//! `QUIRE_TEST_POSTGRES`) on Postgres, and checks every page type on the way for
//! accessibility (axe-core, WCAG 2.1 A and AA), validity (the Nu HTML Checker),
//! keyboard use and narrow screens. `QUIRE_SCREENSHOTS=1` also saves the README's
//! screenshots to `docs/screenshots/`.
//!
//! Without Chromium each test prints a notice and passes; with `CI` set it fails.

mod article;
mod assignments;
mod audit;
mod class;
mod driver;
mod editor;
mod exported;
mod feedback;
mod importing;
mod keyboard;
mod no_script;
mod page_checks;
mod person;
#[path = "../support/postgres_schema.rs"]
mod postgres_schema;
#[path = "../support/publishing.rs"]
mod publishing;
mod quire;
mod screenshots;
mod story;
mod tools;
mod vnu;
mod whats_new;

use audit::Audit;
use driver::{Browser, Script};
use quire::Quire;

/// Every page type the issue names, each checked by axe and vnu in the story.
const PAGE_TYPES: &[&str] = &[
    "home",
    "post with comments",
    "post with feedback",
    "feedback history",
    "author page",
    "label page",
    "archive",
    "search results",
    "Write",
    "preview",
    "Moderation",
    "Class",
    "Settings",
    "Backups",
    "Family link",
    "Account",
    "sign-in",
    "403",
    "404",
];

/// Runs one story in a fresh browser against `quire`, then the audit's verdict.
async fn tell(quire: Quire, script: Script, mut audit: Audit) {
    let browser = Browser::launch(&quire.base, script).await;
    match script {
        Script::On => story::class_story(&quire, &browser, &mut audit).await,
        Script::Off => no_script::story_without_script(&quire, &browser, &mut audit).await,
    }
    browser.quit().await;
    audit.finish(PAGE_TYPES);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_class_story_passes_every_check_in_chromium_on_sqlite() {
    if tools::browser_installed() {
        tell(Quire::on_sqlite().await, Script::On, Audit::on()).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_class_story_works_in_chromium_on_postgres() {
    if tools::browser_installed()
        && let Some(quire) = Quire::on_postgres().await
    {
        tell(quire, Script::On, Audit::off()).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posting_commenting_and_moderating_work_without_javascript_on_sqlite() {
    if tools::browser_installed() {
        tell(Quire::on_sqlite().await, Script::Off, Audit::off()).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posting_commenting_and_moderating_work_without_javascript_on_postgres() {
    if tools::browser_installed()
        && let Some(quire) = Quire::on_postgres().await
    {
        tell(quire, Script::Off, Audit::off()).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_editor_toolbar_pictures_paste_and_autosave_work_in_chromium_on_sqlite() {
    if tools::browser_installed() {
        let quire = Quire::on_sqlite().await;
        let browser = Browser::launch(&quire.base, Script::On).await;
        let mut audit = Audit::on();
        editor::editor_journey(&quire, &browser, &mut audit).await;
        browser.quit().await;
        audit.finish(editor::EDITOR_PAGES);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pictures_paste_and_autosave_work_in_chromium_on_postgres() {
    if tools::browser_installed()
        && let Some(quire) = Quire::on_postgres().await
    {
        let browser = Browser::launch(&quire.base, Script::On).await;
        editor::editor_journey_short(&quire, &browser).await;
        browser.quit().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_assignment_story_passes_every_check_in_chromium_on_sqlite() {
    if tools::browser_installed() {
        let quire = Quire::on_sqlite().await;
        let browser = Browser::launch(&quire.base, Script::On).await;
        let mut audit = Audit::on();
        assignments::assignment_story(&quire, &browser, &mut audit).await;
        browser.quit().await;
        audit.finish(assignments::ASSIGNMENT_PAGES);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teacher_imports_a_blogger_blog_from_settings_in_chromium() {
    if tools::browser_installed() {
        let quire = Quire::on_sqlite().await;
        let browser = Browser::launch(&quire.base, Script::On).await;
        let mut audit = Audit::on();
        importing::import_story(&quire, &browser, &mut audit).await;
        browser.quit().await;
        audit.finish(importing::IMPORT_PAGES);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_exported_blog_and_a_students_work_open_from_a_folder_with_nothing_broken() {
    if tools::browser_installed() {
        let quire = Quire::on_sqlite().await;
        let author = exported::seeded_class(quire.store()).await;
        let browser = Browser::launch(&quire.base, Script::On).await;
        exported::open_the_copies(&quire.app(), quire.store(), &author, &browser).await;
        browser.quit().await;
    }
}
