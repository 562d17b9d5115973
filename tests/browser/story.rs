//! The class story of issue 5, with JavaScript on, told as the people in it would:
//! Ana writes and publishes, Ben and Chloé comment, Chloé replies, Ms Rivera moderates,
//! Ana sees what's new, a reader outside the class reads and plays the video, Chloé fixes
//! her comment, Ms Rivera gives Ana private feedback.

use crate::article::{BODY_END, BODY_START, CAPTION, TITLE, lines_are_readable, picture_file};
use crate::audit::{Audit, Source};
use crate::class::{Class, set_up_class};
use crate::driver::Browser;
use crate::keyboard;
use crate::quire::Quire;

/// Tells the whole story; `audit` checks each page type on the way.
pub async fn class_story(quire: &Quire, browser: &Browser, audit: &mut Audit) {
    let class = set_up_class(browser, quire, audit).await;
    teacher_pages(browser, &class, audit).await;
    let post_path = ana_writes(browser, &class, audit).await;
    first_comments(browser, &class, &post_path, audit).await;
    first_moderation(browser, &class, audit).await;
    crate::whats_new::ana_sees_whats_new(browser, &class, audit).await;
    chloe_reads_the_note_and_replies(browser, &class, &post_path).await;
    browser
        .sign_in(&class.teacher.username, &class.teacher.password)
        .await;
    browser.click_link("Moderation (1 waiting)").await;
    browser
        .click_button("Approve the comment by Chloé Martin")
        .await;
    browser.sign_out().await;
    a_reader_outside_the_class(browser, &post_path, audit).await;
    chloe_resubmits(browser, &class, &post_path, audit).await;
    crate::feedback::feedback_on_anas_post(browser, &class, &post_path, audit).await;
}

async fn teacher_pages(browser: &Browser, class: &Class, audit: &mut Audit) {
    browser
        .sign_in(&class.teacher.username, &class.teacher.password)
        .await;
    browser.click_link("Settings").await;
    audit.page(browser, "Settings", Source::Get, None).await;
    browser.click_link("Backups").await;
    assert!(
        browser
            .main_text()
            .await
            .contains("No backup has been made yet.")
    );
    audit
        .page(browser, "Backups", Source::Get, Some("backups"))
        .await;
    family_link(browser, audit).await;
    browser.click_link("Account").await;
    audit.page(browser, "Account", Source::Get, None).await;
    browser.sign_out().await;
}

/// Ms Rivera turns the family link on, sees the address and the note for families, and
/// turns it off again (the blog of the story is public).
async fn family_link(browser: &Browser, audit: &mut Audit) {
    browser.click_link("Settings").await;
    browser.click_link("Family link").await;
    assert_eq!(browser.heading().await, "Family link");
    browser.click_button("Turn on the family link").await;
    let address = browser.text_at("//code[@id='family-address']").await;
    assert!(address.contains("/family/"), "{address}");
    assert!(browser.text_at("//blockquote").await.contains(&address));
    audit
        .page(browser, "Family link", Source::Get, Some("family-link"))
        .await;
    browser.click_button("Turn off the family link").await;
    assert!(
        browser
            .main_text()
            .await
            .contains("The family link is off.")
    );
}

/// Ana writes, uploads a picture, previews and publishes. Returns the post's path.
async fn ana_writes(browser: &Browser, class: &Class, audit: &mut Audit) -> String {
    browser.visit("/sign-in").await;
    audit.page(browser, "sign-in", Source::Get, None).await;
    browser.fill_by_label("Username", &class.ana.username).await;
    browser.fill_by_label("Password", "not her password").await;
    browser.click_button("Sign in").await;
    assert!(
        browser.has("//*[@role='alert']").await,
        "the problem is announced"
    );
    audit
        .page(
            browser,
            "sign-in with an error",
            Source::Form("username", ""),
            None,
        )
        .await;
    browser
        .sign_in(&class.ana.username, &class.ana.password)
        .await;

    browser.click_link("Write").await;
    audit.page(browser, "Write", Source::Get, None).await;
    browser.visit("/help/writing").await;
    audit
        .page(browser, "How to write a post", Source::Get, None)
        .await;
    browser.visit("/media/mine").await;
    audit
        .page(browser, "Your pictures", Source::Get, None)
        .await;
    browser.click_link("Write a post").await;
    browser.click_button("Publish").await;
    assert!(
        browser
            .has("//*[@role='alert']//h2[.='There is a problem']")
            .await
    );
    audit
        .page(
            browser,
            "Write with errors",
            Source::Form("title", "publish"),
            None,
        )
        .await;
    // A fresh form for the real writing, as after following the Write link again.
    browser.click_link("Write").await;

    browser.fill_by_label("Title", TITLE).await;
    browser.fill_by_label("Labels", "Volcanoes, Science").await;
    browser.fill_by_label("Body", BODY_START).await;
    wait_for_live_preview(browser).await;
    audit.screenshot(browser, "write").await;
    // The toolbar's Picture: the file goes up and its line appears at the cursor (the
    // end of the text), with the placeholder selected for Ana to type over.
    let picture = picture_file();
    browser
        .find("//input[@type='file'][@id='image']")
        .await
        .send_keys(&picture.path().display().to_string())
        .await
        .expect("the file is chosen");
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
    while !browser
        .run("return document.getElementById('body').value.indexOf('](/media/') !== -1;")
        .await
        .as_bool()
        .unwrap_or(false)
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the picture never arrived in Body"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let selected = browser
        .run("var b = document.getElementById('body'); return b.value.slice(b.selectionStart, b.selectionEnd);")
        .await;
    assert_eq!(selected, "Describe the picture");
    let address = browser
        .run("var v = document.getElementById('body').value; return v.slice(v.indexOf('](/media/') + 2, v.lastIndexOf(')'));")
        .await;
    let address = address.as_str().unwrap_or_default().to_owned();
    let whole = format!(
        "{BODY_START}\n\n![A cone-shaped volcano with red lava]({address} \"{CAPTION}\")\n\n{BODY_END}"
    );
    browser
        .run(&format!(
            "var b = document.getElementById('body'); b.value = {}; b.dispatchEvent(new Event('input'));",
            serde_json::json!(whole)
        ))
        .await;

    browser.click_button("Preview").await;
    let preview = browser.text_at("//section[.//h2[.='Preview']]").await;
    for part in [
        "What happens inside",
        "Krakatoa",
        CAPTION,
        "Play video",
        "Bibliography",
    ] {
        assert!(
            preview.contains(part),
            "the preview shows {part:?}: {preview}"
        );
    }
    audit
        .page(
            browser,
            "preview",
            Source::Form("title", "preview"),
            Some("preview"),
        )
        .await;

    browser.click_button("Publish").await;
    assert_eq!(browser.heading().await, TITLE);
    let figure = browser.text_at("//figure[.//img]").await;
    assert!(
        figure.contains(CAPTION),
        "the picture has its caption: {figure}"
    );
    lines_are_readable(browser).await;
    let post_path = browser.path().await;
    browser.sign_out().await;
    post_path
}

async fn first_comments(browser: &Browser, class: &Class, post_path: &str, audit: &mut Audit) {
    browser
        .sign_in(&class.ben.username, &class.ben.password)
        .await;
    browser.click_link(TITLE).await;
    browser.click_button("Post comment").await;
    assert!(
        browser
            .has("//*[@role='alert'][contains(., 'Write a comment first')]")
            .await
    );
    audit
        .page(
            browser,
            "post: comment with an error",
            Source::Form("comment-body", ""),
            None,
        )
        .await;
    browser
        .fill_by_label(
            "Comment",
            "I loved the table! Did Krakatoa really make the loudest sound ever heard?",
        )
        .await;
    browser.click_button("Post comment").await;
    assert!(
        browser
            .main_text()
            .await
            .contains("waiting for a teacher's approval")
    );
    browser.sign_out().await;

    browser
        .sign_in(&class.chloe.username, &class.chloe.password)
        .await;
    browser.visit(post_path).await;
    browser
        .fill_by_label("Comment", "Volcanoes are boring lol")
        .await;
    browser.click_button("Post comment").await;
    browser.sign_out().await;
}

/// Ms Rivera approves Ben's comment by keyboard alone and rejects Chloé's with a note.
async fn first_moderation(browser: &Browser, class: &Class, audit: &mut Audit) {
    browser
        .sign_in(&class.teacher.username, &class.teacher.password)
        .await;
    browser.click_link("Moderation (2 waiting)").await;
    audit
        .page(browser, "Moderation", Source::Get, Some("moderation"))
        .await;
    keyboard::approve_by_keyboard(browser, "Ben Okafor").await;
    assert!(browser.main_text().await.contains("1 comment updated."));
    browser
        .fill_by_label(
            "Note to Chloé Martin if you reject it (optional)",
            "Please say one thing you learned from the post.",
        )
        .await;
    browser
        .click_button("Reject the comment by Chloé Martin")
        .await;
    assert!(
        browser
            .main_text()
            .await
            .contains("No comments are waiting")
    );
    browser.sign_out().await;
}

async fn chloe_reads_the_note_and_replies(browser: &Browser, class: &Class, post_path: &str) {
    browser
        .sign_in(&class.chloe.username, &class.chloe.password)
        .await;
    browser.visit(post_path).await;
    let text = browser.main_text().await;
    assert!(
        text.contains("Your teacher says: Please say one thing you learned"),
        "{text}"
    );
    browser.click_link("Reply to Ben Okafor").await;
    assert_eq!(browser.text_at("//form//h3").await, "Reply to Ben Okafor");
    browser
        .fill_by_label("Comment", "Yes! People heard it 4,800 km away.")
        .await;
    browser.click_button("Post comment").await;
    browser.sign_out().await;
}

async fn a_reader_outside_the_class(browser: &Browser, post_path: &str, audit: &mut Audit) {
    browser.visit("/").await;
    keyboard::skip_link_leads_to_the_content(browser).await;
    audit.page(browser, "home", Source::Get, Some("home")).await;
    browser.click_link(TITLE).await;
    assert_eq!(browser.path().await, post_path);
    assert_eq!(
        browser.text_at("//h2[@id='comments-heading']").await,
        "2 comments"
    );
    // The reply sits in a list inside the list item of the comment it answers.
    let nested = "//li[.//p[contains(., 'Did Krakatoa')]]//ol/li[contains(., '4,800 km')]";
    assert!(
        browser.has(nested).await,
        "the reply is nested under Ben's comment"
    );
    keyboard::focus_is_always_visible(browser, 25).await;
    audit
        .page(browser, "post with comments", Source::Get, Some("post"))
        .await;
    audit.dark_screenshot(browser, "post").await;
    audit.print_preview(browser, "post").await;

    // The script swaps the placeholder for the player in place: no new page to wait for.
    browser
        .press_link_containing("Play video: How volcanoes erupt")
        .await;
    let player = browser
        .find("//iframe[starts-with(@src, 'https://www.youtube-nocookie.com/embed/lAmqsMQG3RM')]")
        .await;
    assert!(player.attr("title").await.expect("attributes").is_some());

    browser.click_link("Ana López").await;
    audit.page(browser, "author page", Source::Get, None).await;
    browser.click_link("Volcanoes").await;
    audit.page(browser, "label page", Source::Get, None).await;
    browser.click_link("Archive").await;
    audit.page(browser, "archive", Source::Get, None).await;
    browser.fill_by_label("Search posts", "magma").await;
    browser.click_button("Search").await;
    assert!(browser.main_text().await.contains("1 post matches"));
    audit
        .page(browser, "search results", Source::Get, None)
        .await;
    browser.visit("/no-such-page").await;
    assert_eq!(browser.heading().await, "Not Found");
    audit.page(browser, "404", Source::Get, None).await;
}

async fn chloe_resubmits(browser: &Browser, class: &Class, post_path: &str, audit: &mut Audit) {
    browser
        .sign_in(&class.chloe.username, &class.chloe.password)
        .await;
    browser.visit("/class").await;
    audit.page(browser, "403", Source::Get, None).await;
    browser.visit(post_path).await;
    browser
        .click_link("Edit and resubmit comment by Chloé Martin")
        .await;
    assert!(
        browser
            .main_text()
            .await
            .contains("Please say one thing you learned")
    );
    browser
        .fill_by_label(
            "Comment",
            "I learned that magma rises because it is lighter than rock.",
        )
        .await;
    browser.click_button("Save comment").await;
    let text = browser.main_text().await;
    assert!(text.contains("Awaiting approval"), "{text}");
    assert!(!text.contains("Your teacher says"), "{text}");
}

/// The script renders a preview beside the editor as Ana types (the server renders it,
/// so it matches the page); the Write screenshot shows both.
async fn wait_for_live_preview(browser: &Browser) {
    browser
        .find("//*[@role='region'][@aria-label='Live preview']//h2[.='What happens inside']")
        .await;
}
