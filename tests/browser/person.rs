//! What a person does in a browser, found the way a person finds it: a field by its
//! label's text, a button or link by the words on it, never by a CSS class.

use std::time::Duration;

use fantoccini::Locator;
use fantoccini::elements::Element;

use crate::driver::Browser;

/// How long a page may take to appear after a click.
const PATIENCE: Duration = Duration::from_secs(15);

/// `text` as an XPath string literal, whatever quotes it holds.
pub fn literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|part| format!("'{part}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

impl Browser {
    /// Opens a path of this quire.
    pub async fn visit(&self, path: &str) {
        let url = format!("{}{path}", self.base);
        self.client.goto(&url).await.expect("the page opens");
    }

    /// The path (and query) of the page shown.
    pub async fn path(&self) -> String {
        let url = self
            .client
            .current_url()
            .await
            .expect("the current address");
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// The first element at `xpath`, waiting for it to appear.
    pub async fn find(&self, xpath: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::XPath(xpath))
            .await
        {
            Ok(element) => element,
            Err(error) => panic!("nothing at {xpath} on {}: {error}", self.path().await),
        }
    }

    /// Every element at `xpath`, now.
    pub async fn find_all(&self, xpath: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::XPath(xpath))
            .await
            .expect("a valid XPath")
    }

    /// Whether anything is at `xpath` now.
    pub async fn has(&self, xpath: &str) -> bool {
        !self.find_all(xpath).await.is_empty()
    }

    /// The form field whose label reads `label`.
    pub async fn field_by_label(&self, label: &str) -> Element {
        let label_element = self
            .find(&format!("//label[normalize-space(.)={}]", literal(label)))
            .await;
        let id = label_element
            .attr("for")
            .await
            .expect("the label's attributes")
            .unwrap_or_else(|| panic!("the label {label:?} names no field"));
        self.find(&format!("//*[@id={}]", literal(&id))).await
    }

    /// Types `text` into the field labelled `label`, replacing what was there.
    pub async fn fill_by_label(&self, label: &str, text: &str) {
        let field = self.field_by_label(label).await;
        field.clear().await.expect("the field clears");
        field.send_keys(text).await.expect("typing works");
    }

    /// Chooses a file in the file field labelled `label`.
    pub async fn choose_file(&self, label: &str, path: &std::path::Path) {
        let field = self.field_by_label(label).await;
        field
            .send_keys(&path.display().to_string())
            .await
            .expect("the file is chosen");
    }

    /// Presses the button whose words are `text` and waits for the next page.
    pub async fn click_button(&self, text: &str) {
        let button = self
            .find(&format!("//button[normalize-space(.)={}]", literal(text)))
            .await;
        self.and_wait_for_next_page(|| button.click()).await;
    }

    /// Follows the link whose words are `text` and waits for the next page.
    pub async fn click_link(&self, text: &str) {
        let link = self
            .find(&format!("//a[normalize-space(.)={}]", literal(text)))
            .await;
        self.and_wait_for_next_page(|| link.click()).await;
    }

    /// Clicks the link whose words include `text`, without waiting for a new page.
    pub async fn press_link_containing(&self, text: &str) {
        let link = self
            .find(&format!(
                "//a[contains(normalize-space(.), {})]",
                literal(text)
            ))
            .await;
        link.click().await.expect("the click lands");
    }

    /// Does `act`, then waits until the page it was on has been replaced.
    pub async fn and_wait_for_next_page<F, Fut>(&self, act: F)
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<(), fantoccini::error::CmdError>>,
    {
        let old_page = self
            .client
            .find(Locator::XPath("/html"))
            .await
            .expect("a page is shown");
        act().await.expect("the click lands");
        let deadline = tokio::time::Instant::now() + PATIENCE;
        // The old page's root goes stale once the browser has moved on.
        while old_page.tag_name().await.is_ok() {
            if tokio::time::Instant::now() > deadline {
                panic!("no new page after the click on {}", self.path().await);
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::XPath("/html/body"))
            .await
            .expect("the next page loads");
    }

    /// The page's `<h1>`, as shown.
    pub async fn heading(&self) -> String {
        self.text_at("//h1").await
    }

    /// The visible text of the first element at `xpath`.
    pub async fn text_at(&self, xpath: &str) -> String {
        self.find(xpath)
            .await
            .text()
            .await
            .expect("the element's text")
    }

    /// The visible text of the page's main region.
    pub async fn main_text(&self) -> String {
        self.text_at("//main").await
    }

    /// Signs in through the form and lands on the home page.
    pub async fn sign_in(&self, username: &str, password: &str) {
        self.visit("/sign-in").await;
        self.fill_by_label("Username", username).await;
        self.fill_by_label("Password", password).await;
        self.click_button("Sign in").await;
        assert_eq!(self.path().await, "/", "signing in as {username} failed");
    }

    /// Signs out with the button in the navigation.
    pub async fn sign_out(&self) {
        self.click_button("Sign out").await;
        assert!(self.has("//a[normalize-space(.)='Sign in']").await);
    }

    /// Runs a script in the page and returns its result.
    pub async fn run(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|error| panic!("the script fails: {error}\n{script}"))
    }
}
