//! SQLite → archive → Postgres → archive → SQLite (and the other way): the same archive
//! contents each time, and the same pages.

use quire::backup::Existing;
use quire::dev::seed::{self, SeedOptions};

use super::{back_up, contents, restore};
use crate::comments::{comment, comment_id};
use crate::helpers::{TestApp, Upload};

const SMALL: SeedOptions = SeedOptions {
    students: 4,
    posts: 30,
    comments: 320,
    rng_seed: 5,
};

/// A small JPEG, as a phone would send.
fn photo() -> Vec<u8> {
    let picture = image::RgbImage::from_fn(300, 200, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut jpeg = Vec::new();
    picture
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut jpeg, 85,
        ))
        .unwrap();
    jpeg
}

/// A seeded class, plus what the seed does not write: a picture in a post, a renamed
/// post (a revision and an old address), a thread, and comments approved, rejected,
/// marked as spam and deleted, with their moderation log. Answers the pages to compare.
async fn a_lived_in_class(app: &TestApp) -> Vec<String> {
    seed::seed(app.store(), &SMALL).await.unwrap();
    let teacher = app.teacher("Mr Ito").await;
    let ana = app.student("Ana Lopez").await;
    let ben = app.student("Ben Okafor").await;
    let post = app
        .published_post(&ana, "Volcanoes", "Lava is hot.", "science, earth")
        .await;
    let mut author = app.signed_in(&ana).await;
    let fields = [
        ("title", "Volcanoes"),
        ("body", ""),
        ("labels", ""),
        ("action", "upload"),
    ];
    let file = Upload {
        field: "image",
        file_name: "lava.jpg",
        content_type: "image/jpeg",
        bytes: &photo(),
    };
    let uploaded = author.post_multipart("/write", &fields, Some(file)).await;
    let snippet = uploaded.text("code.snippet");
    assert!(
        snippet.starts_with("![Describe the picture](/media/"),
        "{snippet}"
    );
    let picture = snippet["![Describe the picture](".len()..snippet.len() - 1].to_owned();
    let body = format!("Lava is hot.\n\n![Lava flowing down a hill]({picture})");
    author
        .post(
            &format!("/posts/{}/edit", post.id),
            &[
                ("title", "Volcanoes of Iceland"),
                ("body", &body),
                ("labels", "science, earth"),
                ("action", "publish"),
            ],
        )
        .await
        .assert_redirect_to("/posts/volcanoes-of-iceland");

    let mut classmate = app.signed_in(&ben).await;
    let first = comment_id(&comment(&mut classmate, post.id, "Have you seen one?", None).await);
    comment(&mut author, post.id, "Only in pictures", Some(first)).await;
    // What Postgres's COPY text format escapes: tabs, backslashes, line ends, and `\N`.
    let awkward = "Tabs\tand back\\slashes: C:\\new\\table, \\N and \\.\r\nA second line";
    comment(&mut author, post.id, awkward, None).await;
    let mut waiting = Vec::new();
    for body in ["Cool", "Buy cheap watches", "Oops, wrong post", "So hot"] {
        waiting.push(comment_id(&comment(&mut classmate, post.id, body, None).await).to_string());
    }
    let mut staff = app.signed_in(&teacher).await;
    for (id, action) in waiting.iter().zip(["approve", "spam", "delete", "reject"]) {
        staff
            .post(
                "/moderation",
                &[("ids", id), ("action", action), ("note", "")],
            )
            .await;
    }
    // An assignment the post answers, and one student's extension.
    let instructions = "Write about **one** volcano.";
    let due = quire::db::Timestamp::now();
    let assignment = app
        .store()
        .create_assignment(&quire::store::NewAssignment {
            title: &quire::assignments::AssignmentTitle::parse("Volcano report").unwrap(),
            instructions,
            instructions_html: &quire::posts::markdown::render(instructions).html,
            due_at: due,
            group_id: None,
            comments_required: 1,
            answers_visible_before_due: false,
        })
        .await
        .unwrap();
    app.store()
        .link_answer(post.id, Some(assignment))
        .await
        .unwrap();
    let extended = due + time::Duration::days(2);
    app.store()
        .set_extension(assignment, ben.id, Some(extended))
        .await
        .unwrap();
    // Private feedback, saved twice: the current version and its history.
    for feedback in ["Good start.", "Good start. Name your sources."] {
        staff
            .post(
                &format!("/posts/{}/feedback", post.id),
                &[("body", feedback)],
            )
            .await
            .assert_status(axum::http::StatusCode::SEE_OTHER);
    }
    // An imported blog: its old addresses are archived with it.
    let dir = tempfile::tempdir().unwrap();
    let export = crate::import::fixture(dir.path(), "wordpress.xml", "http://127.0.0.1:9");
    crate::import::import(app, quire::import::SourceKind::WordPress, &export)
        .await
        .unwrap();
    [
        "/",
        "/posts/butterflies",
        "/posts/volcanoes-of-iceland",
        "/posts/volcanoes",
        &format!("/u/{}", ana.username),
        "/archive",
        "/feed.xml",
        "/labels/science",
        &picture,
    ]
    .iter()
    .map(|path| (*path).to_owned())
    .collect()
}

/// What an anonymous reader gets at each address: status, type and bytes.
async fn pages(app: &TestApp, paths: &[String]) -> Vec<(String, String)> {
    let mut reader = app.client();
    let mut seen = Vec::new();
    for path in paths {
        let page = reader.get(path).await;
        let head = format!(
            "{} {} {}",
            page.status,
            page.header("content-type"),
            page.location()
        );
        seen.push((format!("{path}: {head}"), page.body.to_string()));
    }
    seen
}

async fn round_trip(first: TestApp, second: TestApp, third: TestApp) {
    let dir = tempfile::tempdir().unwrap();
    let paths = a_lived_in_class(&first).await;
    let before = pages(&first, &paths).await;
    let one = back_up(&first, dir.path(), "one.zip").await;
    restore(&second, &one, Existing::Refuse).await.unwrap();
    assert_eq!(
        pages(&second, &paths).await,
        before,
        "pages read the same after the move"
    );
    let two = back_up(&second, dir.path(), "two.zip").await;
    restore(&third, &two, Existing::Refuse).await.unwrap();
    assert_eq!(pages(&third, &paths).await, before, "and after moving back");
    let three = back_up(&third, dir.path(), "three.zip").await;
    let archived = contents(&one);
    assert!(
        archived.keys().any(|name| name.starts_with("pictures/")),
        "{:?}",
        archived.keys()
    );
    for (name, bytes) in &archived {
        assert!(
            name.starts_with("pictures/")
                || !bytes.is_empty()
                || name.contains("class_groups")
                || name.contains("autosaves"),
            "{name} is empty"
        );
    }
    let comments = String::from_utf8_lossy(&archived["tables/comments.jsonl"]).into_owned();
    for state in ["approved", "pending", "rejected", "spam", "deleted"] {
        assert!(
            comments.contains(&format!("\"state\":\"{state}\"")),
            "a comment {state}"
        );
    }
    assert!(comments.contains("\"depth\":2"), "a thread");
    for table in [
        "moderation_log",
        "post_revisions",
        "feedback",
        "feedback_revisions",
        "post_slugs",
        "labels",
        "post_labels",
        "images",
        "settings",
    ] {
        assert!(
            !archived[&format!("tables/{table}.jsonl")].is_empty(),
            "{table} has rows"
        );
    }
    assert!(
        contents(&two) == archived,
        "the second archive holds the same files"
    );
    assert!(
        contents(&three) == archived,
        "the third archive holds the same files"
    );

    // The restored database goes on: new rows get fresh ids, the old ones keep theirs.
    let carla = second.student("Carla Diaz").await;
    let post = second
        .published_post(&carla, "After the move", "New.", "")
        .await;
    let mut reader = second.client();
    assert_eq!(
        reader.get(&format!("/posts/{}", post.slug)).await.status,
        axum::http::StatusCode::OK
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_to_postgres_and_back_reads_the_same() {
    let Some(postgres) = TestApp::postgres().await else {
        return;
    };
    round_trip(TestApp::sqlite().await, postgres, TestApp::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_to_sqlite_and_back_reads_the_same() {
    let (Some(first), Some(third)) = (TestApp::postgres().await, TestApp::postgres().await) else {
        return;
    };
    round_trip(first, TestApp::sqlite().await, third).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_to_sqlite_reads_the_same() {
    round_trip(
        TestApp::sqlite().await,
        TestApp::sqlite().await,
        TestApp::sqlite().await,
    )
    .await;
}
