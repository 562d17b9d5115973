//! The start of every story: the teacher opens the set-up link, makes an account and
//! adds three students (pasting a heading line with them, which the preview leaves out),
//! reading their usernames and passwords off the printed sheet.

use crate::audit::{Audit, Source};
use crate::driver::Browser;
use crate::quire::Quire;
use crate::screenshots;

/// Someone who can sign in.
#[derive(Clone, Debug)]
pub struct Person {
    /// As the class knows them.
    pub name: String,
    /// What they type to sign in.
    pub username: String,
    /// Their password.
    pub password: String,
}

/// The teacher and three students.
pub struct Class {
    /// Ms Rivera.
    pub teacher: Person,
    /// Ana writes; Ben and Chloé comment.
    pub ana: Person,
    /// The first commenter.
    pub ben: Person,
    /// The second commenter, who replies to Ben.
    pub chloe: Person,
}

/// Sets quire up as the teacher would, ending signed out on the home page.
pub async fn set_up_class(browser: &Browser, quire: &Quire, audit: &mut Audit) -> Class {
    let link = quire.setup_link().await;
    browser
        .client
        .goto(&link)
        .await
        .expect("the set-up link opens");
    assert_eq!(browser.heading().await, "Set up quire");
    let teacher = Person {
        name: "Ms Rivera".to_owned(),
        username: "ms.rivera".to_owned(),
        password: "lava-lamp-orbit-1987".to_owned(),
    };
    browser.fill_by_label("Your name", &teacher.name).await;
    browser.fill_by_label("Username", &teacher.username).await;
    browser.fill_by_label("Password", &teacher.password).await;
    browser
        .fill_by_label("Password again", &teacher.password)
        .await;
    browser.click_button("Create account").await;
    assert_eq!(browser.path().await, "/class");

    browser
        .fill_by_label("Names", "Period 5:\nAna López\nBen Okafor\nChloé Martin")
        .await;
    browser.click_button("Check the names").await;
    assert_eq!(browser.heading().await, "Check the new students");
    assert!(
        browser
            .main_text()
            .await
            .contains("Looks like a heading, not a name.")
    );
    audit
        .page(
            browser,
            "Class: check new students",
            Source::Form("name-0", "check"),
            Some("class-preview"),
        )
        .await;
    phone_shot(browser, audit, "class-preview", "//table").await;
    preview_fits_a_phone(browser).await;
    browser.click_button("Create 3 accounts").await;
    assert!(browser.path().await.starts_with("/class/sheets/"));
    let mut students = read_printed_sheet(browser).await;
    assert_eq!(students.len(), 3, "three students on the sheet");
    audit
        .page(
            browser,
            "Class: passwords to print",
            Source::Get,
            Some("password-sheet"),
        )
        .await;
    print_layout(browser, audit).await;
    browser.click_link("Back to the class").await;
    assert!(browser.main_text().await.contains("Students (3)"));
    audit
        .page(browser, "Class", Source::Get, Some("class"))
        .await;
    look_at_rename_and_removal(browser, audit).await;
    look_at_groups(browser, audit).await;

    browser.sign_out().await;
    let chloe = students.pop().expect("three students");
    let ben = students.pop().expect("three students");
    let ana = students.pop().expect("three students");
    Class {
        teacher,
        ana,
        ben,
        chloe,
    }
}

/// Opens the rename page and the removal confirmation for Ana, checks both, and leaves
/// each without changing anything (the story needs Ana as she is).
async fn look_at_rename_and_removal(browser: &Browser, audit: &mut Audit) {
    browser.click_link("Rename Ana López").await;
    assert_eq!(browser.heading().await, "Change Ana López's name");
    audit
        .page(browser, "Class: rename", Source::Get, None)
        .await;
    browser.click_link("Back to Class").await;

    browser.click_button("Remove Ana López").await;
    assert_eq!(browser.heading().await, "Remove: 1 person");
    audit
        .page(
            browser,
            "Class: confirm a removal",
            Source::Form("removal", ""),
            None,
        )
        .await;
    browser.click_link("Cancel").await;
    assert!(browser.main_text().await.contains("Students (3)"));
}

/// Makes the group "Period 5" (so Class, Moderation and the review list show their group
/// filter from here on), checks the filter on Class and on the review list, and opens the
/// "Deactivate group" confirmation, leaving it with Cancel.
async fn look_at_groups(browser: &Browser, audit: &mut Audit) {
    browser.fill_by_label("New group's name", "Period 5").await;
    browser.click_button("Make group").await;
    assert!(browser.has("//select[@id='filter-group']").await);
    audit
        .page(browser, "Class: group filter", Source::Get, None)
        .await;
    phone_shot(
        browser,
        audit,
        "class-group-filter",
        "//form[@class='filters']",
    )
    .await;

    browser.click_link("Deactivate group Period 5").await;
    assert_eq!(browser.heading().await, "Deactivate Period 5");
    audit
        .page(browser, "Class: deactivate a group", Source::Get, None)
        .await;
    phone_shot(browser, audit, "class-group-deactivate", "//h1").await;
    browser.click_link("Cancel").await;
    assert!(browser.main_text().await.contains("Students (3)"));

    browser.visit("/review").await;
    assert!(browser.has("//select[@id='filter-group']").await);
    audit
        .page(browser, "Review list: group filter", Source::Get, None)
        .await;
    phone_shot(browser, audit, "review-group-filter", "//h1").await;
    browser.visit("/class").await;
}

/// On a 360 px phone the preview's rows stack: nothing in its table scrolls sideways.
async fn preview_fits_a_phone(browser: &Browser) {
    browser.resize(360, 800).await;
    let fits = browser
        .run(
            "var box = document.getElementById('names').parentElement;\
             return box.scrollWidth <= box.clientWidth;",
        )
        .await;
    browser.resize(1280, 800).await;
    assert_eq!(
        fits,
        serde_json::json!(true),
        "the preview scrolls sideways at 360 px"
    );
}

/// A 360 px phone screenshot for review (kept under `target/`, not committed).
async fn phone_shot(browser: &Browser, audit: &Audit, stem: &str, xpath: &str) {
    if audit.screenshots_wanted() {
        screenshots::review_at(browser, stem, 360, 800, xpath).await;
    }
}

/// The sheet as paper shows it: print media emulated, for the README and for review.
async fn print_layout(browser: &Browser, audit: &Audit) {
    if screenshots::wanted() {
        browser.media("print").await;
        screenshots::take_sized(
            browser,
            "password-sheet-print",
            &[("a4", 794, 1123)],
            "//h1",
        )
        .await;
        browser.media("").await;
        audit.print_preview(browser, "password-sheet").await;
    }
}

/// The slips of the sheet quire keeps for an hour, with each new student's password.
async fn read_printed_sheet(browser: &Browser) -> Vec<Person> {
    let mut people = Vec::new();
    for slip in browser.find_all("//li[@class='slip']").await {
        let name = slip
            .find(fantoccini::Locator::Css(".slip-name"))
            .await
            .expect("the slip's name")
            .text()
            .await
            .expect("a name");
        let mut details = Vec::new();
        for detail in slip
            .find_all(fantoccini::Locator::XPath(".//dd"))
            .await
            .expect("the slip's details")
        {
            details.push(detail.text().await.expect("a detail's text"));
        }
        let [_address, username, password] = details.as_slice() else {
            panic!("a slip has {} details", details.len());
        };
        people.push(Person {
            name,
            username: username.clone(),
            password: password.clone(),
        });
    }
    people
}
