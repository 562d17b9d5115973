//! Markdown that would take the server's time (quotes or lists nested thousands deep)
//! is refused beside the field with the text kept, wherever it is sent; the checking
//! and rendering run on the CPU pool, so the rest of the site keeps answering.

use std::path::Path;

use axum::http::StatusCode;
use scraper::Selector;

use crate::helpers::{Client, Page, TestApp, both};

/// The bodies from the attack report: each rendered in time that grew with the square
/// of its length (100,000 characters: 93 s).
fn hostile_bodies() -> [String; 2] {
    [
        format!("{} x", ">".repeat(99_990)),
        format!("{}x", "- ".repeat(49_999)),
    ]
}

const NESTING: &str = "more than 12 levels deep";

fn write_form<'a>(title: &'a str, body: &'a str, action: &'a str) -> [(&'a str, &'a str); 4] {
    [
        ("title", title),
        ("body", body),
        ("labels", ""),
        ("action", action),
    ]
}

/// The answer to a refused body: 422, the message beside the field, the text kept.
/// Answers the title as kept. (The page is parsed once: a debug-built HTML parser takes
/// a second over 100,000 `&gt;`.)
fn assert_refused_with_text_kept(page: &Page, body: &str) -> String {
    page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let html = page.html();
    let first = |selector: &str| {
        let selector = Selector::parse(selector).unwrap();
        html.select(&selector)
            .next()
            .unwrap_or_else(|| panic!("no {selector:?}"))
    };
    let described_by = first("textarea#body")
        .value()
        .attr("aria-describedby")
        .unwrap_or_default();
    assert!(
        described_by.contains("body-error"),
        "the message is tied to the field"
    );
    let message: String = first("#body-error").text().collect();
    assert!(message.contains(NESTING), "{message}");
    let kept: String = first("textarea#body").text().collect();
    assert_eq!(
        kept.trim_start_matches('\n'),
        body,
        "the text comes back as typed"
    );
    first("input#title")
        .value()
        .attr("value")
        .unwrap_or_default()
        .to_owned()
}

/// A second browser with the same sign-in, for requests sent at the same time.
fn same_session(browser: &Client, app: &TestApp) -> Client {
    let mut twin = app.client();
    twin.set_session_cookie(browser.session_cookie().unwrap());
    twin
}

both! {
    async fn a_hostile_body_is_refused_beside_the_field_with_its_text_kept(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let live = app.published_post(&ana, "Volcanoes", "Hot.", "").await;
        let mut author = app.signed_in(&ana).await;
        for body in hostile_bodies() {
            let fragment = author.post("/preview", &[("body", &body)]).await;
            fragment.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
            assert!(fragment.text(".field-error").contains(NESTING), "{}", fragment.body);

            for action in ["preview", "save", "publish"] {
                let page = author.post("/write", &write_form("Deep", &body, action)).await;
                assert_eq!(assert_refused_with_text_kept(&page, &body), "Deep");
            }
            let edit = format!("/posts/{}/edit", live.id);
            let page = author.post(&edit, &write_form("Volcanoes", &body, "publish")).await;
            assert_eq!(assert_refused_with_text_kept(&page, &body), "Volcanoes");
        }
        assert_eq!(app.store().posts_of_author_for_editing(ana.id).await.unwrap().len(), 1);
        assert_eq!(app.client().get("/posts/volcanoes").await.text(".post-body"), "Hot.");
    }

    async fn the_site_answers_while_hostile_bodies_are_in_flight(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let author = app.signed_in(&ana).await;
        // More requests than the pool has cores, so some wait for one.
        let in_flight = 2 * quire::cpu::size() + 4;
        let mut hostile = Vec::new();
        for n in 0..in_flight {
            let mut browser = same_session(&author, &app);
            let body = hostile_bodies()[n % 2].clone();
            hostile.push(tokio::spawn(async move {
                match n % 3 {
                    0 => browser.post("/preview", &[("body", &body)]).await.status,
                    1 => browser.post("/write", &write_form("Deep", &body, "save")).await.status,
                    _ => browser.post("/write", &write_form("Deep", &body, "publish")).await.status,
                }
            }));
        }
        let mut reader = app.client();
        let health = reader.get("/healthz").await;
        let front = reader.get("/").await;
        let unfinished = hostile.iter().filter(|task| !task.is_finished()).count();
        health.assert_status(StatusCode::OK);
        front.assert_status(StatusCode::OK);
        for task in hostile {
            assert_eq!(task.await.unwrap(), StatusCode::UNPROCESSABLE_ENTITY);
        }
        eprintln!("/healthz and / answered 200 with {unfinished} of {in_flight} hostile requests still in flight");
    }
}

/// Every Markdown check and render on a request path goes through the CPU pool: no
/// handler calls the synchronous versions (the pool's are `Body::parse_in_pool`,
/// `Body::render`, `PostContent::render` and `CommentBody::render`).
#[test]
fn no_handler_renders_markdown_on_the_async_workers() {
    let synchronous = [
        "Body::parse(",
        "PostContent::new(",
        "render_comment(",
        "markdown::render(",
    ];
    let mut found = Vec::new();
    for file in rust_files(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/web"))) {
        let source = std::fs::read_to_string(&file).unwrap();
        for call in synchronous {
            // `CommentBody::parse(` only trims and counts; it is not Markdown.
            let hits =
                source.matches(call).count() - source.matches(&format!("Comment{call}")).count();
            if hits > 0 {
                found.push(format!("{}: {call}", file.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "synchronous Markdown work in handlers: {found:#?}"
    );
}

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files
}
