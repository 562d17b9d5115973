//! The story with JavaScript switched off, as on a locked-down school computer: a post
//! is written and published, commented on and moderated with plain forms and links.

use crate::article::{BODY_END, BODY_START, TITLE};
use crate::audit::Audit;
use crate::class::set_up_class;
use crate::driver::Browser;
use crate::quire::Quire;

/// Post, comment, moderate, read, play: every step a plain request.
pub async fn story_without_script(quire: &Quire, browser: &Browser, audit: &mut Audit) {
    let class = set_up_class(browser, quire, audit).await;

    browser
        .sign_in(&class.ana.username, &class.ana.password)
        .await;
    browser.click_link("Write").await;
    browser.fill_by_label("Title", TITLE).await;
    browser
        .fill_by_label("Body", &format!("{BODY_START}\n\n{BODY_END}"))
        .await;
    a_phone_photo_too_big_keeps_the_text(browser).await;
    browser.click_button("Preview").await;
    assert!(browser.has("//section[.//h2[.='Preview']]//table").await);
    browser.click_button("Publish").await;
    assert_eq!(browser.heading().await, TITLE);
    let post_path = browser.path().await;
    browser.sign_out().await;

    browser
        .sign_in(&class.ben.username, &class.ben.password)
        .await;
    browser.visit(&post_path).await;
    browser.fill_by_label("Comment", "Great table, Ana!").await;
    browser.click_button("Post comment").await;
    assert!(
        browser
            .main_text()
            .await
            .contains("waiting for a teacher's approval")
    );
    browser.sign_out().await;

    browser
        .sign_in(&class.teacher.username, &class.teacher.password)
        .await;
    browser.click_link("Moderation (1 waiting)").await;
    browser
        .find("//label[normalize-space(.)='Select the comment by Ben Okafor']")
        .await
        .click()
        .await
        .expect("the box is ticked");
    // The Approve button for the ticked comments, above the list.
    browser.click_button("Approve").await;
    assert!(
        browser
            .main_text()
            .await
            .contains("No comments are waiting")
    );
    browser.sign_out().await;

    browser.visit(&post_path).await;
    assert_eq!(
        browser.text_at("//h2[@id='comments-heading']").await,
        "1 comment"
    );
    // Without the script the placeholder is a link to quire's own player page.
    let link = browser
        .find("//a[contains(normalize-space(.), 'Play video: How volcanoes erupt')]")
        .await;
    browser.and_wait_for_next_page(|| link.click()).await;
    assert!(
        browser
            .path()
            .await
            .starts_with("/embed/youtube/lAmqsMQG3RM")
    );
    assert!(
        browser
            .has("//iframe[starts-with(@src, 'https://www.youtube-nocookie.com/embed/')]")
            .await
    );
}

/// A 14 MB phone photo, with no script to make it smaller: the page comes back with the
/// title and body as typed and, beside Picture, what to do.
async fn a_phone_photo_too_big_keeps_the_text(browser: &Browser) {
    let photo = tempfile::Builder::new()
        .suffix(".jpg")
        .tempfile()
        .expect("a temporary file");
    std::fs::write(photo.path(), vec![0xA5_u8; 14 * 1024 * 1024]).expect("14 MB written");
    browser.choose_file("Picture", photo.path()).await;
    browser.click_button("Upload picture").await;
    let message = browser.text_at("//*[@id='image-error']").await;
    assert!(message.contains("14 MB"), "{message}");
    assert!(message.contains("10 MB"), "{message}");
    let kept = browser
        .run("return [document.getElementById('title').value, document.getElementById('body').value];")
        .await;
    assert_eq!(
        kept,
        serde_json::json!([TITLE, format!("{BODY_START}\n\n{BODY_END}")])
    );
}
