//! The assignment story (issue 14): Ms Rivera sets an assignment, Ana and Ben answer it
//! and Chloé starts a draft, each comments on a classmate's answer, Ms Rivera approves
//! the comments and her table shows who stands where. Every new page is checked.

use crate::audit::{Audit, Source};
use crate::class::{Person, set_up_class};
use crate::driver::Browser;
use crate::quire::Quire;

/// The assignment pages the story checks.
pub const ASSIGNMENT_PAGES: &[&str] = &[
    "Assignments",
    "New assignment",
    "New assignment with errors",
    "assignment (teacher)",
    "assignment (student)",
    "Write an answer",
    "assignment table",
];

const TITLE: &str = "Volcanoes near you";

/// Tells the story; `audit` checks each page.
pub async fn assignment_story(quire: &Quire, browser: &Browser, audit: &mut Audit) {
    let class = set_up_class(browser, quire, audit).await;
    set_the_assignment(browser, &class.teacher, audit).await;
    answer(browser, &class.ana, "Etna", "Publish", Some(audit)).await;
    answer(browser, &class.ben, "Vesuvius", "Publish", None).await;
    answer(
        browser,
        &class.chloe,
        "Stromboli, a draft",
        "Save draft",
        None,
    )
    .await;
    comment_on(browser, &class.ben, "Etna", "I climbed it last summer!").await;
    comment_on(browser, &class.ana, "Vesuvius", "What about Pompeii?").await;
    comment_on(browser, &class.chloe, "Etna", "Great photos.").await;

    browser
        .sign_in(&class.teacher.username, &class.teacher.password)
        .await;
    browser.click_link("Moderation (3 waiting)").await;
    for name in ["Ben Okafor", "Ana López", "Chloé Martin"] {
        browser
            .click_button(&format!("Approve the comment by {name}"))
            .await;
    }
    browser.click_link("Assignments").await;
    browser.click_link(TITLE).await;
    browser
        .click_link("Answers and comments, student by student")
        .await;
    let rows = browser
        .find_all("//table[@class='assignment-table']/tbody/tr")
        .await;
    let mut seen = Vec::new();
    for row in rows {
        seen.push(row.text().await.expect("a row's text"));
    }
    assert!(
        seen[0].starts_with("Ana López published 1 of 1"),
        "{seen:?}"
    );
    assert!(
        seen[1].starts_with("Ben Okafor published 1 of 1"),
        "{seen:?}"
    );
    assert!(seen[2].starts_with("Chloé Martin draft 1 of 1"), "{seen:?}");
    audit
        .page(
            browser,
            "assignment table",
            Source::Get,
            Some("assignment-table"),
        )
        .await;
    browser.sign_out().await;
}

async fn set_the_assignment(browser: &Browser, teacher: &Person, audit: &mut Audit) {
    browser.sign_in(&teacher.username, &teacher.password).await;
    browser.click_link("Assignments").await;
    audit.page(browser, "Assignments", Source::Get, None).await;
    browser.click_link("New assignment").await;
    audit
        .page(browser, "New assignment", Source::Get, None)
        .await;
    browser.click_button("Set assignment").await;
    assert!(
        browser
            .main_text()
            .await
            .contains("Give the assignment a title.")
    );
    audit
        .page(
            browser,
            "New assignment with errors",
            Source::Form("title", ""),
            None,
        )
        .await;
    browser.fill_by_label("Title", TITLE).await;
    browser
        .fill_by_label(
            "Instructions",
            "Find a volcano near where you live and **describe it**.",
        )
        .await;
    // A date picker is the browser's own; its value is set as the picker would.
    browser
        .run("document.getElementById('due').value = '2099-06-12T15:00';")
        .await;
    browser
        .fill_by_label("Comments on classmates' answers", "1")
        .await;
    browser
        .field_by_label("Students can read classmates' answers before the due date")
        .await
        .click()
        .await
        .expect("the box ticks");
    browser.click_button("Set assignment").await;
    assert_eq!(browser.heading().await, TITLE);
    audit
        .page(browser, "assignment (teacher)", Source::Get, None)
        .await;
    browser.sign_out().await;
}

async fn answer(
    browser: &Browser,
    who: &Person,
    title: &str,
    button: &str,
    audit: Option<&mut Audit>,
) {
    browser.sign_in(&who.username, &who.password).await;
    browser.click_link("Assignments").await;
    browser.click_link(TITLE).await;
    if let Some(audit) = audit {
        audit
            .page(
                browser,
                "assignment (student)",
                Source::Get,
                Some("assignment-student"),
            )
            .await;
        browser.click_link("Write your answer").await;
        audit
            .page(browser, "Write an answer", Source::Get, None)
            .await;
    } else {
        browser.click_link("Write your answer").await;
    }
    browser.fill_by_label("Title", title).await;
    browser
        .fill_by_label("Body", "It is a big volcano, and it still erupts.")
        .await;
    browser.click_button(button).await;
    browser.sign_out().await;
}

async fn comment_on(browser: &Browser, who: &Person, answer: &str, text: &str) {
    browser.sign_in(&who.username, &who.password).await;
    browser.click_link("Assignments").await;
    browser.click_link(TITLE).await;
    browser.click_link(answer).await;
    assert!(
        browser
            .main_text()
            .await
            .contains(&format!("Answer to: {TITLE}"))
    );
    browser.fill_by_label("Comment", text).await;
    browser.click_button("Post comment").await;
    browser.sign_out().await;
}
