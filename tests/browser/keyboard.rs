//! Using quire with the keyboard alone: the skip link, a focus ring on every stop,
//! and the moderation queue cleared with Tab, Space and Enter.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::Value;

use crate::driver::Browser;

/// What has the focus: its tag, type, text (or label), and whether it is ticked.
const FOCUSED: &str = "var e = document.activeElement;\
     var label = e.labels && e.labels.length ? e.labels[0].textContent : '';\
     var r = e.getBoundingClientRect();\
     var s = getComputedStyle(e);\
     return { tag: e.tagName.toLowerCase(), type: e.type || '', id: e.id || '',\
              text: (e.textContent || '').replace(/\\s+/g, ' ').trim(), label: label.replace(/\\s+/g, ' ').trim(),\
              checked: !!e.checked, top: r.top, bottom: r.bottom,\
              outline: s.outlineStyle !== 'none' ? parseFloat(s.outlineWidth) : 0,\
              shadow: s.boxShadow !== 'none' };";

impl Browser {
    /// Presses and releases one key.
    pub async fn press(&self, key: Key) {
        let key: char = key.into();
        let keys = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        self.client
            .perform_actions(keys)
            .await
            .expect("the key is pressed");
    }

    /// What has the focus now.
    pub async fn focused(&self) -> Value {
        self.run(FOCUSED).await
    }

    /// Presses Tab until `wanted` holds for the focused element, at most `limit` times.
    pub async fn tab_until(
        &self,
        what: &str,
        limit: usize,
        wanted: impl Fn(&Value) -> bool,
    ) -> Value {
        for _ in 0..limit {
            self.press(Key::Tab).await;
            let focused = self.focused().await;
            if wanted(&focused) {
                return focused;
            }
        }
        panic!("{what}: not reached in {limit} presses of Tab");
    }
}

/// The first Tab shows "Skip to content"; Enter moves the focus to the main region.
pub async fn skip_link_leads_to_the_content(browser: &Browser) {
    let first = browser
        .tab_until("the skip link", 1, |f| f["text"] == "Skip to content")
        .await;
    assert!(
        first["top"].as_f64().unwrap_or(-1.0) >= 0.0,
        "the skip link shows when focused"
    );
    browser.press(Key::Enter).await;
    let focused = browser.focused().await;
    assert_eq!(
        focused["id"], "main",
        "Enter on the skip link focuses the content"
    );
}

/// Each of the first `stops` Tab stops has a visible focus ring.
pub async fn focus_is_always_visible(browser: &Browser, stops: usize) {
    browser
        .run("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")
        .await;
    for _ in 0..stops {
        browser.press(Key::Tab).await;
        let focused = browser.focused().await;
        if focused["tag"] == "body" {
            break;
        }
        let ring = focused["outline"].as_f64().unwrap_or(0.0) >= 2.0 || focused["shadow"] == true;
        assert!(ring, "no visible focus ring on {focused}");
    }
}

/// Tab to the comment's checkbox, Space to tick it, Tab to its Approve button, Enter.
pub async fn approve_by_keyboard(browser: &Browser, author: &str) {
    let label = format!("Select the comment by {author}");
    let checkbox = browser
        .tab_until(&label, 60, |f| {
            f["type"] == "checkbox" && f["label"] == label.as_str()
        })
        .await;
    assert_eq!(checkbox["checked"], false);
    browser.press(Key::Space).await;
    assert_eq!(
        browser.focused().await["checked"],
        true,
        "Space ticks the comment"
    );
    browser
        .tab_until("the comment's Approve button", 10, |f| {
            f["tag"] == "button" && f["text"].as_str().is_some_and(|t| t.starts_with("Approve"))
        })
        .await;
    browser
        .and_wait_for_next_page(|| async {
            browser.press(Key::Enter).await;
            Ok(())
        })
        .await;
}
