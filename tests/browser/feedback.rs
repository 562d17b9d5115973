//! Private feedback, as the people in it meet it: Ms Rivera saves an empty feedback by
//! mistake (refused beside the box), writes it, edits it and reads the earlier version;
//! Ana follows What's new to it, above the comments; Ben, a classmate, never sees it.

use crate::audit::{Audit, Source};
use crate::class::Class;
use crate::driver::Browser;

const FIRST: &str = "Your **sources** are well chosen. Add a date to the second one.";
const SECOND: &str = "Your **sources** are well chosen. Add dates to the second and third.";

/// Ms Rivera gives feedback on Ana's post at `post_path`; Ana reads it; Ben does not.
/// Starts with whoever was signed in signing out.
pub async fn feedback_on_anas_post(
    browser: &Browser,
    class: &Class,
    post_path: &str,
    audit: &mut Audit,
) {
    browser.sign_out().await;
    browser
        .sign_in(&class.teacher.username, &class.teacher.password)
        .await;
    browser.visit(post_path).await;
    assert_eq!(
        browser.text_at("//h2[@id='feedback-heading']").await,
        format!("Feedback for {}", class.ana.name)
    );
    browser.click_button("Save feedback").await;
    assert!(
        browser
            .main_text()
            .await
            .contains("Write your feedback before saving it.")
    );
    audit
        .page(
            browser,
            "feedback refused",
            Source::Form("feedback-body", ""),
            None,
        )
        .await;
    browser.fill_by_label("Feedback", FIRST).await;
    browser.click_button("Save feedback").await;
    assert!(
        browser
            .main_text()
            .await
            .contains("Your feedback is saved.")
    );
    let summary = browser
        .find("//summary[normalize-space(.)='Edit the feedback']")
        .await;
    summary.click().await.expect("the summary opens");
    browser.fill_by_label("Feedback", SECOND).await;
    browser.click_button("Save feedback").await;
    audit
        .page(
            browser,
            "post with feedback",
            Source::Get,
            Some("feedback-teacher"),
        )
        .await;
    browser.click_link("Earlier versions (1)").await;
    assert!(
        browser
            .main_text()
            .await
            .contains("Add a date to the second one.")
    );
    audit
        .page(browser, "feedback history", Source::Get, None)
        .await;
    browser.sign_out().await;

    browser
        .sign_in(&class.ben.username, &class.ben.password)
        .await;
    browser.visit(post_path).await;
    assert!(!browser.has("//section[@id='feedback']").await);
    assert!(!browser.main_text().await.contains("well chosen"));
    browser.sign_out().await;

    browser
        .sign_in(&class.ana.username, &class.ana.password)
        .await;
    browser.visit("/posts").await;
    browser
        .click_link(&format!(
            "Your teacher wrote feedback on “{}”",
            crate::article::TITLE
        ))
        .await;
    assert_eq!(
        browser.text_at("//h2[@id='feedback-heading']").await,
        "Feedback from your teacher"
    );
    assert!(
        browser
            .text_at("//section[@id='feedback']//div[@class='feedback-body']")
            .await
            .contains("Add dates to the second and third.")
    );
    audit
        .page(
            browser,
            "post with feedback for its author",
            Source::Get,
            Some("feedback-author"),
        )
        .await;
    browser.sign_out().await;
}
