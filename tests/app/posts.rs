//! Writing, publishing and reading posts.

use axum::http::StatusCode;

use crate::helpers::{Client, Page, TestApp, both};

/// Posts the Write form and returns the answer.
async fn write(browser: &mut Client, title: &str, body: &str, labels: &str, action: &str) -> Page {
    browser
        .post(
            "/write",
            &[
                ("title", title),
                ("body", body),
                ("labels", labels),
                ("action", action),
            ],
        )
        .await
}

/// The id in `/posts/{id}/edit?…`.
fn edited_id(page: &Page) -> i64 {
    let location = page.location();
    let id = location
        .trim_start_matches("/posts/")
        .split('/')
        .next()
        .unwrap();
    id.parse()
        .unwrap_or_else(|_| panic!("not an edit address: {location}"))
}

const ARTICLE: &str = "# Introduction\n\nVolcanoes are openings in the crust.[^1]\n\n\
| Volcano | Country |\n|---|---|\n| Etna | Italy |\n\n[^1]: Smith, *Volcanoes*, 2019.";

both! {
    async fn a_draft_is_seen_only_by_its_author_and_the_teachers(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let mut author = app.signed_in(&ana).await;

        let saved = write(&mut author, "Secret volcano plans", ARTICLE, "Volcanoes", "save").await;
        let id = edited_id(&saved);
        assert_eq!(saved.location(), format!("/posts/{id}/edit?saved=draft"));
        let edit = author.get(saved.location()).await;
        assert_eq!(edit.text("[role=status]"), "Draft saved.");
        assert_eq!(edit.field_value("title"), "Secret volcano plans");
        assert_eq!(edit.field_value("labels"), "Volcanoes");

        let path = "/posts/secret-volcano-plans";
        assert_eq!(author.get(path).await.status, StatusCode::OK);
        assert!(author.get(path).await.text("[role=status]").contains("draft"));
        assert_eq!(app.signed_in(&teacher).await.get(path).await.status, StatusCode::OK);
        let mut classmate = app.signed_in(&ben).await;
        let mut anonymous = app.client();
        for reader in [&mut classmate, &mut anonymous] {
            reader.get(path).await.assert_status(StatusCode::NOT_FOUND);
            assert!(!reader.get("/").await.body.contains("Secret volcano"));
            assert!(!reader.get("/search?q=volcano").await.body.contains("Secret volcano"));
            assert!(!reader.get("/feed.xml").await.body.contains("Secret volcano"));
            assert!(!reader.get("/u/ana.lopez").await.body.contains("Secret volcano"));
            assert!(!reader.get("/archive").await.body.contains("("));
            reader.get("/labels/volcanoes").await.assert_status(StatusCode::OK);
            assert!(!reader.get("/labels/volcanoes").await.body.contains("Secret volcano"));
            assert!(!reader.get("/sitemap.xml").await.body.contains("secret-volcano"));
        }
        classmate.get(&format!("/posts/{id}/edit")).await.assert_status(StatusCode::NOT_FOUND);
    }

    async fn a_published_post_appears_everywhere_readers_look(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut author = app.signed_in(&ana).await;
        let published = write(&mut author, "Volcanoes of Italy", ARTICLE, "Volcanoes, Italy", "publish").await;
        published.assert_redirect_to("/posts/volcanoes-of-italy");

        let mut reader = app.client();
        let post = reader.get("/posts/volcanoes-of-italy").await;
        post.assert_status(StatusCode::OK);
        assert_eq!(post.heading(), "Volcanoes of Italy");
        assert_eq!(post.attributes(".byline a", "href"), ["/u/ana.lopez"]);
        let date = post.text(".byline time");
        let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
        assert!(weekdays.iter().any(|d| date.starts_with(&format!("{d}, "))), "{date}");
        assert_eq!(post.texts(".post-header .labels a"), ["Volcanoes", "Italy"]);
        assert_eq!(post.text(".post-body h2"), "Introduction");
        assert_eq!(post.texts(".post-body td"), ["Etna", "Italy"]);
        assert!(post.text(".post-body .footnote-definition").contains("Smith"));
        assert_eq!(post.attributes("meta[property='og:title']", "content"), ["Volcanoes of Italy"]);
        assert_eq!(post.attributes("link[rel=canonical]", "href"), ["http://127.0.0.1:3000/posts/volcanoes-of-italy"]);
        assert!(post.attributes("meta[name=description]", "content")[0].starts_with("Introduction Volcanoes are openings"));
        assert!(post.attributes("link[rel=alternate]", "href").contains(&"http://127.0.0.1:3000/feed.xml".to_owned()));

        let home = reader.get("/").await;
        assert_eq!(home.texts(".post-card h2"), ["Volcanoes of Italy"]);
        assert_eq!(home.text(".post-card .byline a"), "Ana López");
        assert!(home.text(".post-card .excerpt").starts_with("Introduction Volcanoes"));
        assert_eq!(home.texts(".post-card .labels a"), ["Volcanoes", "Italy"]);
        assert_eq!(reader.get("/u/ana.lopez").await.texts(".post-card h2"), ["Volcanoes of Italy"]);
        assert_eq!(reader.get("/labels/italy").await.texts(".post-card h2"), ["Volcanoes of Italy"]);
        assert!(reader.get("/labels").await.texts("li").iter().any(|l| l.starts_with("Volcanoes")));
        let archive = reader.get("/archive").await;
        let month = archive.attributes("main li a", "href")[0].clone();
        assert!(archive.text("main li").ends_with("(1)"));
        assert_eq!(reader.get(&month).await.texts(".post-card h2"), ["Volcanoes of Italy"]);
        let search = reader.get("/search?q=crust").await;
        assert_eq!(search.texts(".post-card h2"), ["Volcanoes of Italy"]);
        assert_eq!(search.texts("mark"), ["crust."]);
        let sitemap = reader.get("/sitemap.xml").await;
        assert!(sitemap.body.contains("<loc>http://127.0.0.1:3000/posts/volcanoes-of-italy</loc>"));
    }

    async fn search_finds_the_public_posts_behind_many_better_drafts(app: TestApp) {
        use quire::posts::{Body as PostBody, Labels, PostContent, Title};
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        // More drafts than the first ranked window, each a better match than the posts.
        for n in 0..140 {
            let content = PostContent::new(
                Title::parse(&format!("Geyser geyser {n}")).unwrap(),
                PostBody::parse("Geyser, geyser, geyser.").unwrap(),
                Labels::parse("").unwrap(),
            );
            app.store().create_post(&quire::store::NewPost { author_id: ana.id, content: &content }).await.unwrap();
        }
        app.published_post(&ana, "Iceland", "A geyser erupts.", "").await;
        app.published_post(&ana, "Yellowstone", "Old Faithful is a geyser.", "").await;
        let search = app.client().get("/search?q=geyser").await;
        let mut found = search.texts(".post-card h2");
        found.sort();
        assert_eq!(found, ["Iceland", "Yellowstone"]);
    }

    async fn feeds_are_valid_atom_with_absolute_addresses(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        app.published_post(&ana, "Lava & <Ash>", "Hot ![Lava](/media/abc) stuff", "Volcanoes").await;
        let mut reader = app.client();
        for path in ["/feed.xml", "/u/ana.lopez/feed.xml", "/labels/volcanoes/feed.xml"] {
            let page = reader.get(path).await;
            page.assert_status(StatusCode::OK);
            assert!(page.header("content-type").starts_with("application/atom+xml"));
            let feed = feed_rs::parser::parse(page.body.as_bytes()).unwrap_or_else(|e| panic!("{path}: {e}\n{}", page.body));
            assert_eq!(feed.entries.len(), 1, "{path}");
            let entry = &feed.entries[0];
            assert_eq!(entry.title.as_ref().unwrap().content, "Lava & <Ash>");
            assert_eq!(entry.links[0].href, "http://127.0.0.1:3000/posts/lava-ash");
            assert_eq!(entry.authors[0].name.as_deref(), Some("Ana López"));
            let content = entry.content.as_ref().unwrap().body.as_ref().unwrap();
            assert!(content.contains("src=\"http://127.0.0.1:3000/media/abc\""), "{content}");
        }
        reader.get("/u/nobody/feed.xml").await.assert_status(StatusCode::NOT_FOUND);
    }

    async fn with_approval_on_a_post_waits_for_a_teacher(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut staff = app.signed_in(&teacher).await;
        staff.post("/settings", &[
            ("title", "Year 6"), ("tagline", ""), ("visibility", "public"),
            ("posts_need_approval", "on"), ("time_zone", "UTC"),
        ]).await.assert_redirect_to("/settings?saved=1");

        let mut author = app.signed_in(&ana).await;
        let form = author.get("/write").await;
        assert!(form.texts("button").contains(&"Submit for review".to_owned()));
        let submitted = write(&mut author, "Ash clouds", "Ash is made of rock.", "", "publish").await;
        let id = edited_id(&submitted);
        assert_eq!(submitted.location(), format!("/posts/{id}/edit?saved=review"));
        app.client().get("/posts/ash-clouds").await.assert_status(StatusCode::NOT_FOUND);
        author.get(&format!("/posts/{id}/approve")).await.assert_status(StatusCode::METHOD_NOT_ALLOWED);
        author.post(&format!("/posts/{id}/approve"), &[]).await.assert_status(StatusCode::FORBIDDEN);
        author.get("/review").await.assert_status(StatusCode::FORBIDDEN);

        let review = staff.get("/review").await;
        assert_eq!(review.texts(".review-item h2"), ["Ash clouds"]);
        let empty_note = staff.post(&format!("/posts/{id}/send-back"), &[("note", "  ")]).await;
        empty_note.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(empty_note.text(&format!("#note-{id}-error")).contains("Write a note"));
        staff.post(&format!("/posts/{id}/send-back"), &[("note", "Please add a source.")]).await
            .assert_redirect_to("/review?done=sent-back");

        let draft = author.get(&format!("/posts/{id}/edit")).await;
        assert_eq!(draft.text(".review-note p"), "Please add a source.");
        app.client().get("/posts/ash-clouds").await.assert_status(StatusCode::NOT_FOUND);
        author.post(&format!("/posts/{id}/edit"), &[
            ("title", "Ash clouds"), ("body", "Ash is made of rock. (Source: USGS)"), ("labels", ""), ("action", "publish"),
        ]).await.assert_redirect_to(&format!("/posts/{id}/edit?saved=review"));
        assert!(author.get(&format!("/posts/{id}/edit")).await.text(".review-note").is_empty());

        staff.post(&format!("/posts/{id}/approve"), &[]).await.assert_redirect_to("/review?done=published");
        let post = app.client().get("/posts/ash-clouds").await;
        post.assert_status(StatusCode::OK);
        assert!(post.text(".post-body").contains("USGS"));
    }

    async fn every_saved_edit_of_a_published_post_keeps_a_revision(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Magma", "Magma is hot.", "").await;
        let mut author = app.signed_in(&ana).await;
        let edit = format!("/posts/{}/edit", post.id);
        author.post(&edit, &[("title", "Magma"), ("body", "Magma is very hot."), ("labels", ""), ("action", "publish")]).await
            .assert_redirect_to("/posts/magma");
        author.post(&edit, &[("title", "Magma"), ("body", "Magma is molten rock."), ("labels", ""), ("action", "publish")]).await
            .assert_redirect_to("/posts/magma");

        let page = app.client().get("/posts/magma").await;
        assert!(page.text(".updated").starts_with("Updated "));
        let history = author.get(&format!("/posts/{}/history", post.id)).await;
        let compare_links = history.attributes("td a", "href");
        assert_eq!(compare_links.len(), 3);
        let first = compare_links.last().unwrap().clone();
        let comparison = author.get(&first).await;
        assert_eq!(comparison.texts(".diff-line.removed del"), ["Magma is hot."]);
        assert_eq!(comparison.texts(".diff-line.added ins"), ["Magma is molten rock."]);

        author.post(&format!("{first}/restore"), &[]).await.assert_redirect_to(&edit);
        assert_eq!(app.client().get("/posts/magma").await.text(".post-body"), "Magma is hot.");
        assert_eq!(author.get(&format!("/posts/{}/history", post.id)).await.attributes("td a", "href").len(), 4);

        let ben = app.student("Ben Okafor").await;
        let mut classmate = app.signed_in(&ben).await;
        classmate.get(&format!("/posts/{}/history", post.id)).await.assert_status(StatusCode::FORBIDDEN);
        classmate.post(&format!("{first}/restore"), &[]).await.assert_status(StatusCode::FORBIDDEN);
    }

    async fn a_trashed_post_disappears_and_can_be_restored(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Geysers", "Hot water.", "Water").await;
        let mut classmate = app.signed_in(&ben).await;
        classmate.post(&format!("/posts/{}/trash", post.id), &[]).await.assert_status(StatusCode::FORBIDDEN);

        let mut author = app.signed_in(&ana).await;
        author.post(&format!("/posts/{}/trash", post.id), &[]).await.assert_redirect_to("/posts?done=trashed");
        app.client().get("/posts/geysers").await.assert_status(StatusCode::NOT_FOUND);
        assert!(!app.client().get("/").await.body.contains("Geysers"));
        assert!(!app.client().get("/search?q=water").await.body.contains("Geysers"));
        let trash = author.get("/trash").await;
        assert_eq!(trash.texts("tbody td")[0], "Geysers");
        assert!(classmate.get("/trash").await.texts("tbody td").is_empty());
        classmate.post(&format!("/posts/{}/restore", post.id), &[]).await.assert_status(StatusCode::NOT_FOUND);

        author.post(&format!("/posts/{}/restore", post.id), &[]).await.assert_redirect_to("/trash?done=restored");
        app.client().get("/posts/geysers").await.assert_status(StatusCode::OK);

        // After 30 days in the trash a post is deleted for good.
        author.post(&format!("/posts/{}/trash", post.id), &[]).await;
        app.execute("update posts set trashed_at = '2000-01-01T00:00:00.000Z'").await;
        quire::server::purge_once(app.store()).await.unwrap();
        assert!(app.store().post_by_id(post.id).await.unwrap().is_none());
    }

    async fn unpublishing_takes_a_post_off_the_site(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Tsunamis", "Waves.", "").await;
        let mut author = app.signed_in(&ana).await;
        author.post(&format!("/posts/{}/unpublish", post.id), &[]).await.assert_redirect_to("/posts?done=unpublished");
        app.client().get("/posts/tsunamis").await.assert_status(StatusCode::NOT_FOUND);
        let list = author.get("/posts").await;
        assert_eq!(list.texts("tbody td")[1], "Draft");
    }

    async fn a_new_title_moves_the_post_and_the_old_address_redirects(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Volcanoes", "Lava.", "").await;
        let mut author = app.signed_in(&ana).await;
        author.post(&format!("/posts/{}/edit", post.id), &[
            ("title", "Volcanoes of Iceland"), ("body", "Lava."), ("labels", ""), ("action", "publish"),
        ]).await.assert_redirect_to("/posts/volcanoes-of-iceland");
        let old = app.client().get("/posts/volcanoes").await;
        assert_eq!(old.status, StatusCode::PERMANENT_REDIRECT);
        assert_eq!(old.location(), "/posts/volcanoes-of-iceland");
        // The old address stays reserved, so a new post cannot take it over.
        let again = app.published_post(&ana, "Volcanoes", "Other.", "").await;
        assert_eq!(again.slug, "volcanoes-2");
    }

    async fn slugs_are_unique_and_survive_titles_of_only_emoji(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut author = app.signed_in(&ana).await;
        write(&mut author, "Earthquakes", "One.", "", "publish").await.assert_redirect_to("/posts/earthquakes");
        write(&mut author, "Earthquakes", "Two.", "", "publish").await.assert_redirect_to("/posts/earthquakes-2");
        write(&mut author, "🌋🔥", "Hot.", "", "publish").await.assert_redirect_to("/posts/volcano-fire");
        write(&mut author, "✨", "Sparkle.", "", "publish").await.assert_redirect_to("/posts/sparkles");
        write(&mut author, "!!!", "Bang.", "", "publish").await.assert_redirect_to("/posts/post");
        assert_eq!(app.client().get("/posts/volcano-fire").await.heading(), "🌋🔥");
    }

    async fn a_bad_post_comes_back_with_every_word_kept(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut author = app.signed_in(&ana).await;
        let page = write(&mut author, "   ", "My long essay about lava.", "Lava", "publish").await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(page.field_error("title"), "Give your post a title.");
        assert_eq!(page.field_value("body"), "My long essay about lava.");
        assert_eq!(page.field_value("labels"), "Lava");

        let huge = "Lava flows. ".repeat(450_000);
        let page = write(&mut author, "Huge", &huge, "", "save").await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.field_error("body").contains("100,000"));
        assert_eq!(page.field_value("title"), "Huge");
        assert!(page.body.len() > 5_000_000, "the text is sent back");

        let page = write(&mut author, "No words", "![](/media/abc)", "", "publish").await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.field_error("body").contains("description"));

        let page = write(&mut author, "Labels", "Body", "ok, !!!", "save").await;
        assert!(page.field_error("labels").contains("letter or a digit"));
        assert!(app.store().posts_of_author_for_editing(ana.id).await.unwrap().is_empty());
    }

    async fn hostile_markdown_is_rendered_inert(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut author = app.signed_in(&ana).await;
        let body = "<script>alert('x')</script>\n\n[click me](javascript:alert(1))\n\n\
            <iframe src=\"https://evil.example\"></iframe>\n\n<img src=x onerror=alert(2)>\n\n\
            <a href=\"https://example.org\" onclick=\"steal()\" style=\"color:red\">link</a>\n\n\
            ![tracker](https://evil.example/pixel.gif)";
        write(&mut author, "<b>Bold</b> title", body, "<i>x</i>", "publish").await;
        let page = app.client().get("/posts/b-bold-b-title").await;
        page.assert_status(StatusCode::OK);
        assert_eq!(page.heading(), "<b>Bold</b> title");
        let article = page.html().select(&scraper::Selector::parse(".post-body").unwrap()).next().unwrap().html();
        for bad in ["<script", "javascript:", "<iframe", "onerror", "onclick", "style=", "src="] {
            assert!(!article.contains(bad), "{bad} survived: {article}");
        }
        assert!(article.contains("rel=\"noopener noreferrer ugc\""), "{article}");
        assert!(page.attributes("script", "src").iter().all(|src| src.starts_with("/static/quire.js")));
    }

    async fn a_video_link_becomes_a_placeholder_that_loads_nothing_until_pressed(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        app.published_post(&ana, "Eruption", "Watch this:\n\n[Etna erupts](https://www.youtube.com/watch?v=dQw4w9WgXcQ)", "").await;
        let page = app.client().get("/posts/eruption").await;
        assert_eq!(page.attributes("a.video-placeholder", "href"), ["/embed/youtube/dQw4w9WgXcQ"]);
        assert_eq!(page.text("a.video-placeholder .video-title"), "Play video: Etna erupts");
        assert!(page.attributes("iframe", "src").is_empty());
        assert!(page.attributes("[src]", "src").iter().all(|src| src.starts_with('/')), "only quire's own files load");

        let player = app.client().get("/embed/youtube/dQw4w9WgXcQ").await;
        assert_eq!(player.attributes("iframe", "src"), ["https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"]);
        app.client().get("/embed/youtube/not-an-id").await.assert_status(StatusCode::NOT_FOUND);
        app.client().get("/embed/evil/dQw4w9WgXcQ").await.assert_status(StatusCode::NOT_FOUND);
    }

    async fn preview_renders_without_saving(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut author = app.signed_in(&ana).await;
        let page = write(&mut author, "Lahars", "## Mud flows\n\nThey are *fast*.", "", "preview").await;
        page.assert_status(StatusCode::OK);
        assert_eq!(page.text(".preview .post-body h2"), "Mud flows");
        assert_eq!(page.field_value("body"), "## Mud flows They are *fast*.");
        assert!(app.store().posts_of_author_for_editing(ana.id).await.unwrap().is_empty());
        let fragment = author.post("/preview", &[("body", "*hi* <script>x</script>")]).await;
        assert_eq!(fragment.body.trim(), "<p><em>hi</em> </p>");
        app.client().post("/preview", &[("body", "x")]).await.assert_redirect_to("/sign-in?next=%2Fpreview");
    }

    async fn a_classmate_cannot_change_someone_elses_post(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let ben = app.student("Ben Okafor").await;
        let post = app.published_post(&ana, "Craters", "Round.", "").await;
        let mut classmate = app.signed_in(&ben).await;
        let edit = format!("/posts/{}/edit", post.id);
        classmate.get(&edit).await.assert_status(StatusCode::FORBIDDEN);
        classmate.post(&edit, &[("title", "Hacked"), ("body", "x"), ("labels", ""), ("action", "publish")]).await
            .assert_status(StatusCode::FORBIDDEN);
        classmate.post(&format!("/posts/{}/unpublish", post.id), &[]).await.assert_status(StatusCode::FORBIDDEN);
        assert_eq!(app.client().get("/posts/craters").await.heading(), "Craters");
        // A teacher may change any post.
        let teacher = app.store().user_by_username("ms.rivera").await.unwrap().unwrap();
        app.signed_in(&teacher).await.post(&format!("/posts/{}/unpublish", post.id), &[]).await
            .assert_redirect_to("/posts?done=unpublished");
    }

    async fn pages_of_posts_follow_each_other_without_gaps(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        for n in 1..=23 {
            app.published_post(&ana, &format!("Post {n:02}"), "Text.", "").await;
        }
        // Three posts published in the same millisecond still page in a stable order.
        app.execute("update posts set published_at = (select published_at from posts where title = 'Post 12') \
                     where title in ('Post 11', 'Post 10')").await;
        let mut reader = app.client();
        let mut seen = Vec::new();
        let mut page = reader.get("/").await;
        assert!(page.attributes(".pager a[rel=prev]", "href").is_empty());
        loop {
            let titles = page.texts(".post-card h2");
            assert!(titles.len() <= 10);
            seen.extend(titles);
            match page.attributes(".pager a[rel=next]", "href").first() {
                Some(older) => page = reader.get(older).await,
                None => break,
            }
        }
        let expected: Vec<String> = (1..=23).rev().map(|n| format!("Post {n:02}")).collect();
        assert_eq!(seen, expected);
        // And back again with Newer posts.
        let newer = page.attributes(".pager a[rel=prev]", "href")[0].clone();
        let back = reader.get(&newer).await;
        assert_eq!(back.texts(".post-card h2").first().unwrap(), "Post 13");
        assert_eq!(back.texts(".post-card h2").len(), 10);
        reader.get("/?before=junk").await.assert_status(StatusCode::BAD_REQUEST);
    }

    async fn a_class_only_site_shows_nothing_to_anonymous_readers(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        app.published_post(&ana, "Private thoughts", "Class only.", "Secret").await;
        let mut staff = app.signed_in(&teacher).await;
        staff.post("/settings", &[
            ("title", "Year 6"), ("tagline", ""), ("visibility", "class"), ("time_zone", "UTC"),
        ]).await.assert_redirect_to("/settings?saved=1");

        let mut anonymous = app.client();
        for path in ["/", "/posts/private-thoughts", "/u/ana.lopez", "/labels/secret", "/archive",
                     "/search?q=class", "/feed.xml", "/sitemap.xml", "/labels", "/media/anything"] {
            let page = anonymous.get(path).await;
            assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
            assert!(page.location().starts_with("/sign-in?next="), "{path}");
        }
        assert_eq!(anonymous.get("/robots.txt").await.body.as_str(), "User-agent: *\nDisallow: /\n");
        anonymous.get("/sign-in").await.assert_status(StatusCode::OK);

        let mut student = app.signed_in(&ana).await;
        student.get("/posts/private-thoughts").await.assert_status(StatusCode::OK);
        let picture = quire::media::store_upload(app.store(), ana.id, "me.jpg", photo_with_location()).await.unwrap();
        anonymous.get(&picture.url).await.assert_status(StatusCode::SEE_OTHER);
        let served = student.get(&picture.url).await;
        served.assert_status(StatusCode::OK);
        assert!(served.header("cache-control").starts_with("private"), "no shared cache keeps class-only pictures");
        // No feed leaks a class-only blog, even to a signed-in reader's feed app.
        student.get("/feed.xml").await.assert_status(StatusCode::NOT_FOUND);
        assert!(student.get("/").await.attributes("link[rel=alternate]", "href").is_empty());
    }
}

/// A small JPEG with an EXIF segment that carries a (made-up) location.
fn photo_with_location() -> Vec<u8> {
    let picture =
        image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]));
    let mut jpeg = Vec::new();
    picture
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut jpeg, 90,
        ))
        .unwrap();
    let mut payload = b"Exif\0\0MM\0*\0\0\0\x08\0\0".to_vec();
    payload.extend_from_slice(b"GPS 51.5007N 0.1246W SECRET");
    let length = u16::try_from(payload.len() + 2).unwrap().to_be_bytes();
    let mut with_exif = jpeg[..2].to_vec();
    with_exif.extend_from_slice(&[0xFF, 0xE1, length[0], length[1]]);
    with_exif.extend_from_slice(&payload);
    with_exif.extend_from_slice(&jpeg[2..]);
    with_exif
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

both! {
    async fn an_uploaded_picture_loses_its_camera_data_and_keeps_the_form(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut author = app.signed_in(&ana).await;
        let photo = photo_with_location();
        assert!(contains(&photo, b"SECRET"));
        let fields = [("title", "My trip"), ("body", "We saw a volcano."), ("labels", "Trips"), ("action", "upload")];
        let file = crate::helpers::Upload { field: "image", file_name: "../../IMG_0001.JPG", content_type: "image/jpeg", bytes: &photo };
        let page = author.post_multipart("/write", &fields, Some(file)).await;
        page.assert_status(StatusCode::OK);
        assert_eq!(page.field_value("title"), "My trip");
        assert_eq!(page.field_value("body"), "We saw a volcano.");
        assert_eq!(page.field_value("labels"), "Trips");
        let snippet = page.text("code.snippet");
        assert!(snippet.starts_with("![Describe the picture](/media/"), "{snippet}");
        let address = snippet.trim_start_matches("![Describe the picture](").trim_end_matches(')').to_owned();

        let image = author.get(&address).await;
        image.assert_status(StatusCode::OK);
        assert_eq!(image.header("content-type"), "image/jpeg");
        assert!(image.header("cache-control").contains("max-age=31536000"));
        let stored = app.store().image_data(address.trim_start_matches("/media/"), false).await.unwrap().unwrap();
        assert!(!contains(&stored.data, b"Exif"));
        assert!(!contains(&stored.data, b"SECRET"));

        // The picture goes into the post and is shown as a captioned figure.
        let body = format!("We saw a volcano.\n\n![Smoke over the crater]({address})");
        author.post_multipart("/write", &[("title", "My trip"), ("body", &body), ("labels", ""), ("action", "publish")], None).await
            .assert_redirect_to("/posts/my-trip");
        let post = app.client().get("/posts/my-trip").await;
        assert_eq!(post.attributes("figure img", "src")[0], address);
        assert_eq!(post.text("figure figcaption"), "Smoke over the crater");
        assert_eq!(post.attributes("meta[property='og:image']", "content"), [format!("http://127.0.0.1:3000{address}")]);
    }

    async fn a_file_that_is_not_a_picture_is_refused_beside_the_field(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut author = app.signed_in(&ana).await;
        let fields = [("title", "Notes"), ("body", "Keep me."), ("labels", ""), ("action", "save")];
        let file = crate::helpers::Upload { field: "image", file_name: "homework.jpg", content_type: "image/jpeg", bytes: b"<html><script>alert(1)</script></html>" };
        let page = author.post_multipart("/write", &fields, Some(file)).await;
        page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.field_error("image").contains("not a JPEG, PNG, GIF or WebP"), "{}", page.field_error("image"));
        assert_eq!(page.field_value("body"), "Keep me.");
        assert!(app.store().posts_of_author_for_editing(ana.id).await.unwrap().is_empty());
    }
}

both! {
    async fn every_instance_shows_fresh_labels_and_archive_after_any_change(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let other = app.second_instance().await;
        let first = app.published_post(&ana, "Lava", "Hot.", "Volcanoes").await;
        let labels = |page: &Page| page.texts(".sidebar li");
        let mut reader = other.client();
        // The second instance keeps the page and its sidebar…
        assert_eq!(labels(&reader.get("/").await), ["Volcanoes (1)".to_owned(), format!("{} (1)", month_now())]);
        // …and every change made through the first one shows there as soon as the
        // database tells it (Postgres notifies; a SQLite server reads a counter).
        let home_shows = |expected: &'static [&'static str]| move |page: &Page| labels(page).starts_with(&expected.iter().map(|l| l.to_string()).collect::<Vec<_>>());
        app.published_post(&ana, "Ash", "Grey.", "Volcanoes, Air").await;
        assert_eq!(labels(&reader.get_until("/", home_shows(&["Air (1)", "Volcanoes (2)"])).await)[..2], ["Air (1)", "Volcanoes (2)"]);
        let mut author = app.signed_in(&ana).await;
        author.post(&format!("/posts/{}/trash", first.id), &[]).await;
        assert_eq!(labels(&reader.get_until("/", home_shows(&["Air (1)", "Volcanoes (1)"])).await)[..2], ["Air (1)", "Volcanoes (1)"]);
        assert_eq!(reader.get("/labels").await.texts("main li").len(), 2);
        author.post(&format!("/posts/{}/restore", first.id), &[]).await;
        author.post(&format!("/posts/{}/edit", first.id), &[("title", "Lava"), ("body", "Hot."), ("labels", "Magma"), ("action", "publish")]).await;
        assert_eq!(labels(&reader.get_until("/", home_shows(&["Air (1)", "Magma (1)", "Volcanoes (1)"])).await)[..3], ["Air (1)", "Magma (1)", "Volcanoes (1)"]);
        author.post(&format!("/posts/{}/unpublish", first.id), &[]).await;
        assert_eq!(labels(&reader.get_until("/", home_shows(&["Air (1)", "Volcanoes (1)"])).await)[..2], ["Air (1)", "Volcanoes (1)"]);
        assert!(reader.get_until("/archive", |page| page.text("main li").ends_with("(1)")).await.text("main li").ends_with("(1)"));
    }
}

/// "November 2026": this month, as the archive names it.
fn month_now() -> String {
    let zone = quire::dates::SchoolZone::default();
    quire::dates::month_name(&zone.month_key(quire::db::Timestamp::now())).unwrap()
}
