//! What's new, as Ana meets it: a classmate's comment approved by the teacher shows as
//! "Your posts (1 new)" in her navigation; she opens Your posts, follows the comment, and
//! the number is gone, while the event stays listed.

use crate::audit::{Audit, Source};
use crate::class::Class;
use crate::driver::Browser;

/// Ana reads what's new after Ms Rivera approved Ben's comment on her post.
pub async fn ana_sees_whats_new(browser: &Browser, class: &Class, audit: &mut Audit) {
    browser
        .sign_in(&class.ana.username, &class.ana.password)
        .await;
    browser.click_link("Your posts (1 new)").await;
    assert_eq!(browser.heading().await, "Your posts");
    let listed = browser.text_at("//li[@class='unread']").await;
    assert!(
        listed.starts_with("New") && listed.contains("Ben Okafor commented on"),
        "{listed}"
    );
    audit
        .page(browser, "Your posts", Source::Get, Some("your-posts"))
        .await;
    browser
        .click_link(&format!(
            "Ben Okafor commented on “{}”",
            crate::article::TITLE
        ))
        .await;
    assert!(
        browser
            .has("//nav//a[normalize-space(.)='Your posts']")
            .await,
        "the number is gone once the comment is seen"
    );
    browser.click_link("Your posts").await;
    assert!(!browser.has("//li[@class='unread']").await);
    assert!(
        browser
            .main_text()
            .await
            .contains("Ben Okafor commented on")
    );
    browser.sign_out().await;
}
