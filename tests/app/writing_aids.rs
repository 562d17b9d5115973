//! The writing aids of issue 11, driven over HTTP: the heading outline and line breaks
//! everywhere a post is shown, the `#Heading` hint in the preview, paste conversion,
//! pictures (JSON uploads, big photos, "Your pictures", undescribed pictures), autosave,
//! text kept across an expired session, and the help page.

use axum::http::StatusCode;

use crate::helpers::{TestApp, both};

const OUTLINE: &str = "## Volcanoes\nRoses are red\nViolets are blue\n\n#### Lava\n\n### Ash";

fn heading_levels(page: &crate::helpers::Page, scope: &str) -> Vec<String> {
    let html = page.html();
    let selector = scraper::Selector::parse(&format!(
        "{scope} h2, {scope} h3, {scope} h4, {scope} h5, {scope} h6"
    ))
    .unwrap();
    html.select(&selector)
        .map(|h| format!("{}:{}", h.value().name(), h.text().collect::<String>()))
        .collect()
}

both! {
    async fn the_post_page_preview_and_feed_share_one_outline_without_skips(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        app.published_post(&ana, "Fire mountains", OUTLINE, "").await;
        let mut reader = app.client();
        let page = reader.get("/posts/fire-mountains").await;
        assert_eq!(
            heading_levels(&page, ".post-body"),
            ["h2:Volcanoes", "h3:Lava", "h3:Ash"]
        );
        assert!(page.body.contains("Roses are red<br>\nViolets are blue"), "{}", page.body);
        let feed = reader.get("/feed.xml").await;
        assert!(feed.body.contains("&#60;h3&#62;Lava&#60;/h3&#62;"), "{}", feed.body);
        let mut author = app.signed_in(&ana).await;
        let preview = author.post("/preview", &[("body", OUTLINE)]).await;
        assert!(preview.body.contains("<h3>Lava</h3>") && preview.body.contains("<br>"));
    }

    async fn the_preview_hints_at_a_heading_without_its_space_and_the_post_does_not(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut author = app.signed_in(&ana).await;
        let body = "#Introduction\nLava is hot.";
        let preview = author.post("/preview", &[("body", body)]).await;
        preview.assert_status(StatusCode::OK);
        assert!(preview.body.contains("Did you mean a heading? Add a space after the #."));
        let form = author
            .post("/write", &[("title", "Hot"), ("body", body), ("labels", ""), ("action", "preview")])
            .await;
        assert!(form.text(".preview small.heading-hint").contains("Did you mean a heading?"));
        app.published_post(&ana, "Hot", body, "").await;
        let page = app.client().get("/posts/hot").await;
        assert!(!page.body.contains("Did you mean"), "{}", page.body);
    }

    async fn stored_posts_are_rendered_again_when_the_renderer_changes(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Old one", OUTLINE, "").await;
        let store = app.store();
        store
            .set_renderings(&[(post.id, "<h3>Volcanoes</h3>".into(), "Volcanoes".into(), "Volcanoes".into())])
            .await
            .unwrap();
        store.set_rendering_version("1").await.unwrap();
        let rendered = quire::posts::rerender::refresh_stored_posts(store).await.unwrap();
        assert_eq!(rendered, 1);
        let page = app.client().get("/posts/old-one").await;
        assert_eq!(heading_levels(&page, ".post-body"), ["h2:Volcanoes", "h3:Lava", "h3:Ash"]);
        // Once done, a restart renders nothing.
        assert_eq!(quire::posts::rerender::refresh_stored_posts(store).await.unwrap(), 0);
    }

    async fn a_pasted_docs_fragment_comes_back_as_markdown(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut author = app.signed_in(&ana).await;
        let html = "<b style=\"font-weight:normal\" id=\"docs-internal-guid-x\"><h2>Types</h2>\
            <p><span style=\"font-weight:700\">Shield</span> volcanoes, \
            <a href=\"https://example.org/a\">more</a></p><ul><li>One</li><li>Two</li></ul></b>";
        let answer = author.post("/write/convert-paste", &[("html", html)]).await;
        answer.assert_status(StatusCode::OK);
        assert!(answer.header("content-type").starts_with("text/plain"));
        assert_eq!(
            answer.body.as_str(),
            "## Types\n\n**Shield** volcanoes, [more](https://example.org/a)\n\n- One\n- Two"
        );
    }

    async fn an_oversized_paste_is_refused_with_a_sentence(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut author = app.signed_in(&ana).await;
        let html = "a".repeat(quire::posts::from_html::MAX_PASTE_BYTES + 1);
        let answer = author.post("/write/convert-paste", &[("html", &html)]).await;
        answer.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(answer.body.contains("Paste it in parts"), "{}", answer.body);
        app.client()
            .post("/write/convert-paste", &[("html", "<p>x</p>")])
            .await
            .assert_status(StatusCode::SEE_OTHER);
    }
}
