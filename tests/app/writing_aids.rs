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
        // A signed-out editor gets a 401 it can show, not the sign-in page as Markdown.
        let signed_out = app.client().post("/write/convert-paste", &[("html", "<p>x</p>")]).await;
        signed_out.assert_status(StatusCode::UNAUTHORIZED);
        assert!(signed_out.body.contains("signed out"), "{}", signed_out.body);
        let mut stranger = app.client();
        let refused = upload(&mut stranger, "/media", &[], &small_photo(), "application/json").await;
        refused.assert_status(StatusCode::UNAUTHORIZED);
    }
}

/// A small photo, as a phone's browser would send it once scaled.
fn small_photo() -> Vec<u8> {
    let picture =
        image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]));
    let mut jpeg = Vec::new();
    picture
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut jpeg, 90,
        ))
        .unwrap();
    jpeg
}

/// `fields` then a file field `image`, as multipart, with `accept` as the Accept header.
async fn upload(
    client: &mut crate::helpers::Client,
    path: &str,
    fields: &[(&str, &str)],
    file: &[u8],
    accept: &str,
) -> crate::helpers::Page {
    let boundary = "wserver-boundary-19";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"IMG_1.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let request = axum::http::Request::builder()
        .method("POST")
        .uri(path)
        .header("origin", crate::helpers::ORIGIN)
        .header("sec-fetch-site", "same-origin")
        .header("accept", accept)
        .header("content-length", body.len().to_string())
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        );
    // In pieces, as a browser's upload arrives: the fields before the file come first.
    let pieces: Vec<Result<Vec<u8>, std::io::Error>> = body
        .chunks(64 * 1024)
        .map(|piece| Ok(piece.to_vec()))
        .collect();
    let body = axum::body::Body::from_stream(futures_util::stream::iter(pieces));
    client.send_raw(request, body).await
}

both! {
    async fn a_picture_uploaded_by_script_answers_json_and_is_listed_in_your_pictures(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut author = app.signed_in(&ana).await;
        let answer = upload(&mut author, "/media", &[], &small_photo(), "application/json").await;
        answer.assert_status(StatusCode::OK);
        let json: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
        let id = json["id"].as_str().unwrap().to_owned();
        assert_eq!(json["url"], format!("/media/{id}"));
        assert_eq!(json["markdown"], format!("![Describe the picture](/media/{id})"));

        let list = author.get("/media/mine?format=json").await;
        let list: serde_json::Value = serde_json::from_str(&list.body).unwrap();
        assert_eq!(list[0]["url"], format!("/media/{id}"));
        assert_eq!(list[0]["thumbnail_url"], format!("/media/{id}/small"));
        assert_eq!(list[0]["description"], "", "not described in a post yet");
        assert_eq!(list[0]["file_name"], "IMG_1.jpg");

        let page = author.get("/media/mine").await;
        page.assert_status(StatusCode::OK);
        assert_eq!(page.text(".picture-item code"), format!("![Describe the picture](/media/{id})"));
        // A classmate sees only their own.
        let ben = app.student("Ben Okafor").await;
        let list = app.signed_in(&ben).await.get("/media/mine?format=json").await;
        assert_eq!(list.body.as_str(), "[]");
    }

    async fn your_pictures_offers_each_picture_with_the_description_last_given_in_a_post(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut author = app.signed_in(&ana).await;
        let answer = upload(&mut author, "/media", &[], &small_photo(), "application/json").await;
        let id = json(&answer)["id"].as_str().unwrap().to_owned();
        let first = format!("![Etna at dawn](/media/{id})");
        app.published_post(&ana, "Etna", &first, "").await;
        let later = format!("Again:\n\n![Etna *smoking* at dawn](/media/{id} \"Smoke\")\n\n![Describe the picture](/media/{id})");
        author
            .post("/write", &[("title", "Smoke"), ("body", &later), ("labels", ""), ("action", "save")])
            .await;

        let list = json(&author.get("/media/mine?format=json").await);
        assert_eq!(list[0]["description"], "Etna smoking at dawn", "the newest post's words: {list}");
        let page = author.get("/media/mine").await;
        assert_eq!(page.text(".picture-item code"), format!("![Etna smoking at dawn](/media/{id})"));
        assert_eq!(page.text(".picture-name"), "Etna smoking at dawn");
        // A classmate who copies the picture into a post does not name it for Ana.
        let ben = app.student("Ben Okafor").await;
        app.published_post(&ben, "Copied", &format!("![Ben's words](/media/{id})"), "").await;
        let list = json(&author.get("/media/mine?format=json").await);
        assert_eq!(list[0]["description"], "Etna smoking at dawn");
    }

    async fn a_picture_uploaded_without_script_comes_back_to_your_pictures(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut author = app.signed_in(&ana).await;
        let answer = upload(&mut author, "/media", &[], &small_photo(), "text/html").await;
        assert!(answer.location().starts_with("/media/mine?uploaded="), "{}", answer.location());
        let page = author.get(answer.location()).await;
        assert!(page.text("[role=status]").contains("Picture uploaded."));
        let refused = upload(&mut author, "/media", &[], b"not a picture", "application/json").await;
        refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("not a JPEG"), "{}", refused.body);
    }

    async fn a_heic_photo_is_refused_with_what_to_do(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut author = app.signed_in(&ana).await;
        let mut heic = vec![0, 0, 0, 24];
        heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
        heic.extend_from_slice(&[0; 64]);
        let page = upload(
            &mut author,
            "/write",
            &[("title", "My cat"), ("labels", "Pets"), ("body", "She sleeps.")],
            &heic,
            "text/html",
        )
        .await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.field_error("image").contains("take the photo as JPEG") || page.field_error("image").contains("Take the photo as JPEG"), "{}", page.field_error("image"));
        assert_eq!(page.field_value("title"), "My cat");
        assert_eq!(page.field_value("body"), "She sleeps.");
    }

    async fn a_photo_over_the_limit_without_script_keeps_every_field_and_says_what_to_do(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut author = app.signed_in(&ana).await;
        let big = vec![0xffu8; 14 * 1024 * 1024];
        let page = upload(
            &mut author,
            "/write",
            &[("title", "Our trip"), ("labels", "Trips"), ("body", "We went to the sea."), ("action", "publish")],
            &big,
            "text/html",
        )
        .await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        let message = page.field_error("image");
        assert!(message.contains("This photo is 14 MB; the limit is 10 MB."), "{message}");
        assert_eq!(page.field_value("title"), "Our trip");
        assert_eq!(page.field_value("labels"), "Trips");
        assert_eq!(page.field_value("body"), "We went to the sea.");
        // By script, the same photo gets a JSON refusal.
        let answer = upload(&mut author, "/media", &[], &big, "application/json").await;
        answer.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(answer.body.contains("the limit is 10 MB"), "{}", answer.body);
    }

    async fn publishing_is_refused_while_a_picture_keeps_its_placeholder(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut author = app.signed_in(&ana).await;
        let body = "Look:\n\n![Describe the picture](/media/abcdefghijklmnopqrstuv)";
        let page = author
            .post("/write", &[("title", "Look"), ("body", body), ("labels", ""), ("action", "publish")])
            .await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        let message = page.field_error("body");
        assert!(message.contains("Picture 1 (/media/abcdefghijklmnopqrstuv) still says \"Describe the picture\""), "{message}");
        assert!(page.field_value("body").contains("![Describe the picture](/media/abcdefghijklmnopqrstuv)"));
        assert_eq!(page.field_value("title"), "Look");
    }
}

fn json(page: &crate::helpers::Page) -> serde_json::Value {
    serde_json::from_str(&page.body).unwrap_or_else(|_| panic!("not JSON: {}", page.body))
}

both! {
    async fn autosave_keeps_a_draft_without_a_revision_and_refuses_a_stale_version(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut author = app.signed_in(&ana).await;
        let first = author
            .post("/write/autosave", &[("title", ""), ("body", "First words"), ("labels", "")])
            .await;
        first.assert_status(StatusCode::OK);
        let first = json(&first);
        let id = first["id"].as_i64().unwrap();
        assert!(first["saved_at"].as_str().unwrap().contains(':'));
        let version = first["version"].as_i64().unwrap().to_string();

        let path = format!("/posts/{id}/autosave");
        let second = author
            .post(&path, &[("title", "Volcanoes"), ("body", "More words"), ("labels", ""), ("version", &version)])
            .await;
        second.assert_status(StatusCode::OK);
        let edit = author.get(&format!("/posts/{id}/edit")).await;
        assert_eq!(edit.field_value("body"), "More words");
        assert_eq!(edit.field_value("title"), "Volcanoes");
        assert!(edit.text("[role=status]").contains("saved automatically"));
        assert_eq!(edit.attributes("input[name=version]", "value"), [json(&second)["version"].to_string()]);
        // Another tab saves the post; this page still holds the old version: refused.
        author
            .post(&format!("/posts/{id}/edit"), &[("title", "Volcanoes"), ("body", "Saved elsewhere"), ("labels", ""), ("action", "save")])
            .await;
        let stale = author
            .post(&path, &[("title", "Old"), ("body", "Old tab"), ("labels", ""), ("version", &version)])
            .await;
        stale.assert_status(StatusCode::CONFLICT);
        assert!(json(&stale)["error"].as_str().unwrap().contains("changed somewhere else"));
        assert_eq!(author.get(&format!("/posts/{id}/edit")).await.field_value("body"), "Saved elsewhere");
        // A draft has no history: autosaves made no revision.
        let revisions = app.store().revisions_of(id).await.unwrap();
        assert!(revisions.is_empty());
    }

    async fn the_first_autosave_keeps_every_word_typed_even_what_would_not_be_accepted(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut author = app.signed_in(&ana).await;
        let title = "Volcanoes ".repeat(20);
        let labels = format!("Science, {}", "x".repeat(50));
        let first = author
            .post("/write/autosave", &[("title", &title), ("body", "First words"), ("labels", &labels)])
            .await;
        first.assert_status(StatusCode::OK);
        let id = json(&first)["id"].as_i64().unwrap();
        let edit = author.get(&format!("/posts/{id}/edit")).await;
        assert_eq!(edit.field_value("title"), title, "the long title is all there");
        assert_eq!(edit.field_value("labels"), labels);
        assert_eq!(edit.field_value("body"), "First words");
        // The next autosave (same version) is taken too.
        let version = json(&first)["version"].to_string();
        author
            .post(&format!("/posts/{id}/autosave"), &[("title", &title), ("body", "More words"), ("labels", &labels), ("version", &version)])
            .await
            .assert_status(StatusCode::OK);
        // Publishing still refuses, with each message beside its field and the text kept.
        let refused = author
            .post(&format!("/posts/{id}/edit"), &[("title", &title), ("body", "More words"), ("labels", &labels), ("action", "publish"), ("version", &version)])
            .await;
        refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.field_error("title").contains("at most 150 characters"));
        assert!(refused.field_error("labels").contains("at most 40 characters"));
        assert_eq!(refused.field_value("title"), title);
        assert_eq!(refused.field_value("labels"), labels);
    }

    async fn a_forged_or_someone_elses_autosave_and_paste_are_refused_and_change_nothing(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let mut author = app.signed_in(&ana).await;
        let first = author
            .post("/write/autosave", &[("title", "Mine"), ("body", "Ana's words"), ("labels", "")])
            .await;
        let id = json(&first)["id"].as_i64().unwrap();
        let path = format!("/posts/{id}/autosave");
        let fields = [("title", "Taken"), ("body", "Ben's words"), ("labels", "")];

        let mut other = app.signed_in(&ben).await;
        let theirs = other.post(&path, &fields).await;
        assert!(theirs.status.is_client_error(), "another student's post: {}", theirs.status);
        author.post_from_another_site(&path, &fields).await.assert_status(StatusCode::FORBIDDEN);
        author.post_from_another_origin(&path, &fields).await.assert_status(StatusCode::FORBIDDEN);
        author
            .post_from_another_site("/write/autosave", &fields)
            .await
            .assert_status(StatusCode::FORBIDDEN);
        author
            .post_from_another_site("/write/convert-paste", &[("html", "<b>x</b>")])
            .await
            .assert_status(StatusCode::FORBIDDEN);

        let edit = author.get(&format!("/posts/{id}/edit")).await;
        assert_eq!(edit.field_value("body"), "Ana's words");
        assert_eq!(edit.field_value("title"), "Mine");
        assert_eq!(author.get("/posts").await.text("main").matches("Taken").count(), 0, "no post made");
    }

    async fn autosave_of_a_published_post_waits_beside_it_until_update(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Live one", "Old text", "").await;
        let mut author = app.signed_in(&ana).await;
        let path = format!("/posts/{}/autosave", post.id);
        let saved = author.post(&path, &[("title", "Live one"), ("body", "New text"), ("labels", "")]).await;
        saved.assert_status(StatusCode::OK);
        assert!(app.client().get("/posts/live-one").await.body.contains("Old text"));
        let edit = author.get(&format!("/posts/{}/edit", post.id)).await;
        assert_eq!(edit.field_value("body"), "New text");
        assert!(edit.text("[role=status]").contains("saved automatically"));
        let updated = author
            .post(&format!("/posts/{}/edit", post.id), &[("title", "Live one"), ("body", "New text"), ("labels", ""), ("action", "publish")])
            .await;
        assert_eq!(updated.status, StatusCode::SEE_OTHER);
        assert!(app.client().get("/posts/live-one").await.body.contains("New text"));
        assert!(app.store().autosave_of(post.id).await.unwrap().is_none());
    }

    async fn a_signed_out_script_gets_401_not_the_sign_in_page(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let answer = app.client().post("/write/autosave", &[("title", "x"), ("body", "y")]).await;
        answer.assert_status(StatusCode::UNAUTHORIZED);
        assert!(json(&answer)["error"].as_str().unwrap().contains("signed out"));
    }

    async fn a_form_posted_after_the_session_ended_keeps_its_text_through_sign_in(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut author = app.signed_in(&ana).await;
        let saved = author
            .post("/write", &[("title", "Forty minutes"), ("body", "A long lesson's text"), ("labels", "History"), ("action", "save")])
            .await;
        let edit_path = saved.location().split('?').next().unwrap().to_owned();
        // The session ends (expired, or signed out in another tab).
        author.set_session_cookie("expired");
        let kept = author
            .post(&edit_path, &[("title", "Forty minutes"), ("body", "The whole lesson's text"), ("labels", "History"), ("action", "publish")])
            .await;
        assert_eq!(kept.status, StatusCode::SEE_OTHER);
        let sign_in = kept.location().to_owned();
        assert!(sign_in.starts_with("/sign-in?next=%2Fwrite%2Fresume%2F"), "{sign_in}");
        let next = sign_in.trim_start_matches("/sign-in?next=").replace("%2F", "/");
        let form = author.get(&sign_in).await;
        assert_eq!(form.attributes("input[name=next]", "value"), std::slice::from_ref(&next));
        let signed = author
            .post("/sign-in", &[("username", &ana.username), ("password", crate::helpers::PASSWORD), ("next", &next)])
            .await;
        signed.assert_redirect_to(&next);
        let page = author.get(&next).await;
        page.assert_status(StatusCode::OK);
        assert_eq!(page.field_value("body"), "The whole lesson's text");
        assert_eq!(page.field_value("title"), "Forty minutes");
        assert!(page.text("[role=status]").contains("You were signed out while writing"));
        assert_eq!(page.attributes("form.write-form", "action"), std::slice::from_ref(&edit_path));
        // Another account cannot open it.
        let ben = app.student("Ben Okafor").await;
        app.signed_in(&ben).await.get(&next).await.assert_status(StatusCode::NOT_FOUND);
    }

    async fn the_help_page_is_linked_from_write_and_counts_show_under_the_body(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut author = app.signed_in(&ana).await;
        let write = author.get("/write").await;
        assert!(write.attributes("a", "href").contains(&"/help/writing".to_owned()));
        assert!(write.attributes("a", "href").contains(&"/media/mine".to_owned()));
        assert_eq!(write.text("#body-count"), "0 words · less than a minute to read");
        let help = author.get("/help/writing").await;
        help.assert_status(StatusCode::OK);
        assert_eq!(help.heading(), "How to write a post");
        assert!(help.text("#labels + p").contains("topics of your post"));
        let preview = author
            .post("/write", &[("title", "T"), ("body", &"word ".repeat(450)), ("labels", ""), ("action", "preview")])
            .await;
        assert_eq!(preview.text("#body-count"), "450 words · about 3 minutes to read");
    }
}
