//! `quire dev seed`: the benchmark's class looks to readers exactly like a real one,
//! and its two benchmark posts have exactly the comments the benchmark counts on.

use axum::http::StatusCode;
use quire::dev::seed::{self, SeedOptions, SeedReport};

use crate::helpers::{TestApp, both};

const SMALL: SeedOptions = SeedOptions {
    students: 4,
    posts: 40,
    comments: 400,
    rng_seed: 3,
};

async fn seeded(app: &TestApp) -> SeedReport {
    seed::seed(app.store(), &SMALL).await.unwrap()
}

both! {
    async fn the_seed_writes_what_it_was_asked_for_with_right_comment_counts(app: TestApp) {
        let report = seeded(&app).await;
        let counts = report.counts;
        assert_eq!(counts.users, 5, "a teacher and four students");
        assert_eq!(counts.posts, 40);
        assert_eq!(counts.comments, 400);
        assert_eq!(counts.miscounted, 0);
        assert!(counts.published >= 38, "{counts:?}");
        // About 5 % wait for a teacher; the seven comments post has one of them.
        assert!((counts.comments - counts.approved) >= 1, "{counts:?}");
        assert!(counts.comments - counts.approved < 60, "{counts:?}");
        assert_eq!(report.comment_targets.len(), 20);
        assert!(!report.comment_targets.contains(&report.seven.id));
    }

    async fn the_seven_comments_post_shows_seven_comments_to_a_reader(app: TestApp) {
        let report = seeded(&app).await;
        assert_eq!(report.seven.slug, "the-seven-comments-post");
        let mut reader = app.client();
        let page = reader.get(&format!("/posts/{}", report.seven.slug)).await;
        page.assert_status(StatusCode::OK);
        assert_eq!(page.heading(), "The seven comments post");
        assert_eq!(page.texts("li.comment").len(), 7);
        assert_eq!(page.text("#comments-heading"), "7 comments");
        let page = reader.get(&format!("/posts/{}", report.three_hundred.slug)).await;
        assert_eq!(page.texts("li.comment").len(), 300);
        // Seeded bodies are real Markdown: a table and footnotes, rendered.
        assert!(!page.texts("table").is_empty());
        assert!(!page.texts(".footnote-definition").is_empty());
    }

    async fn the_teacher_also_sees_the_comment_that_waits(app: TestApp) {
        let report = seeded(&app).await;
        let mut teacher = app.client();
        teacher.sign_in(&report.teacher, seed::PASSWORD).await.assert_redirect_to("/");
        let page = teacher.get(&format!("/posts/{}", report.seven.slug)).await;
        assert_eq!(page.texts("li.comment").len(), 8);
    }

    async fn seeded_pages_list_search_and_feed_like_real_ones(app: TestApp) {
        let report = seeded(&app).await;
        let mut reader = app.client();
        let home = reader.get("/").await;
        home.assert_status(StatusCode::OK);
        assert_eq!(home.texts("article.post-card").len(), 10);
        let author = reader.get(&format!("/u/{}", report.author)).await;
        author.assert_status(StatusCode::OK);
        assert!(!author.texts("article.post-card").is_empty());
        let label = reader.get(&format!("/labels/{}", report.label)).await;
        label.assert_status(StatusCode::OK);
        assert!(!label.texts("article.post-card").is_empty(), "the report's label is on posts");
        let search = reader.get(&format!("/search?q={}", seed::SEARCH_WORD)).await;
        assert!(!search.texts("article.post-card").is_empty());
        reader.get("/feed.xml").await.assert_status(StatusCode::OK);
    }

    async fn every_hot_statement_reads_through_an_index(app: TestApp) {
        let report = seeded(&app).await;
        let post = app.store().post_by_slug(&report.seven.slug).await.unwrap().unwrap();
        let sample = quire::dev::explain::PlanSample {
            post_id: post.id,
            post_slug: report.seven.slug.clone(),
            published_at: post.published_at.unwrap(),
            author_id: post.author.id,
            word: seed::SEARCH_WORD.to_owned(),
        };
        let plans = quire::dev::explain::explain_hot_statements(app.store(), &sample).await.unwrap();
        assert!(plans.len() >= 13 && plans.iter().all(|plan| !plan.lines.is_empty()));
        // SQLite's plans do not depend on the table sizes (quire never runs ANALYZE), so
        // a whole-table read shows here even on a small class: `SCAN t` with no index.
        if matches!(app.db(), quire::db::Db::Sqlite(_)) {
            for plan in &plans {
                for line in &plan.lines {
                    let line = line.trim();
                    let bare_scan = line.starts_with("SCAN ") && !line.contains(" INDEX ")
                        && line != "SCAN CONSTANT ROW" && !line.starts_with("SCAN hits");
                    assert!(!bare_scan, "{}: {line}", plan.purpose);
                }
            }
        }
    }

    async fn a_seeded_commenter_posts_with_its_session_cookie(app: TestApp) {
        let report = seeded(&app).await;
        let tokens = seed::add_commenters(app.store(), 3).await.unwrap();
        assert_eq!(tokens.len(), 3);
        let mut student = app.client();
        student.set_session_cookie(&tokens[2]);
        let target = report.comment_targets[0];
        let page = student
            .post(&format!("/posts/{target}/comments"), &[("body", "A comment from the benchmark.")])
            .await;
        page.assert_status(StatusCode::SEE_OTHER);
        assert!(page.location().contains("comment=waiting"), "{}", page.location());
    }

    async fn the_seed_refuses_a_database_that_has_accounts(app: TestApp) {
        app.teacher("Ms Real").await;
        assert!(seed::seed(app.store(), &SMALL).await.is_err());
    }
}
