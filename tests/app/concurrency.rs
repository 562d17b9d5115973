//! Many requests at once: none fails with "database is locked", none loses an update.

use axum::http::StatusCode;
use quire::comments::{ApprovalPolicy, CommentState};
use quire::posts::markdown::render_comment;
use quire::store::{LogFilter, NewComment};

use crate::comments::comment;
use crate::helpers::{TestApp, both};

/// Comment number `n` by `author` on `post_id`, as the comment form hands it to the store.
fn sent(
    post_id: i64,
    author: i64,
    n: usize,
    text: &str,
    state: CommentState,
    reason: &'static str,
) -> NewComment {
    NewComment {
        post_id,
        parent_id: None,
        depth: 1,
        author_id: Some(author),
        guest_name: None,
        body_html: render_comment(text),
        body_hash: format!("{n:064}"),
        body: text.to_owned(),
        state,
        reason: Some(reason),
        address: "192.0.2.1".to_owned(),
    }
}

both! {
    async fn twenty_classmates_commenting_at_once_all_count(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        app.discussion(|d| d.approval = ApprovalPolicy::ApproveMembers).await;
        let post = app.published_post(&ana, "Eclipses", "Dark sky.", "").await;
        let mut browsers = Vec::new();
        for n in 0..20 {
            let student = app.student(&format!("Student {n}")).await;
            browsers.push(app.signed_in(&student).await);
        }
        let mut tasks = tokio::task::JoinSet::new();
        for (n, mut browser) in browsers.into_iter().enumerate() {
            let post_id = post.id;
            tasks.spawn(async move { comment(&mut browser, post_id, &format!("Comment number {n}"), None).await.status });
        }
        let statuses = tasks.join_all().await;
        assert!(statuses.iter().all(|s| *s == StatusCode::SEE_OTHER), "{statuses:?}");
        assert_eq!(app.client().get("/").await.text(".comment-count"), "20 comments on Eclipses");

        // Twenty decisions at once, on comments that wait: the count follows every one.
        app.discussion(|d| d.approval = ApprovalPolicy::HoldAll).await;
        let mut writers = Vec::new();
        for n in 0..10 {
            let student = app.student(&format!("Writer {n}")).await;
            let mut browser = app.signed_in(&student).await;
            let page = comment(&mut browser, post.id, &format!("Waiting {n}"), None).await;
            writers.push(crate::comments::comment_id(&page));
        }
        let mut tasks = tokio::task::JoinSet::new();
        for id in writers {
            let mut staff = app.signed_in(&teacher).await;
            tasks.spawn(async move { staff.post("/moderation", &[("one", &format!("approve:{id}"))]).await.status });
        }
        let statuses = tasks.join_all().await;
        assert!(statuses.iter().all(|s| *s == StatusCode::SEE_OTHER), "{statuses:?}");
        assert_eq!(app.client().get("/").await.text(".comment-count"), "30 comments on Eclipses");
    }

    async fn comments_written_together_fail_alone(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Eclipses", "Dark sky.", "").await;
        // Ten comments at once, one on a post that does not exist: the writer takes them
        // in one transaction, which fails; each is then written (or refused) on its own.
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..10 {
            let store = app.store().clone();
            let text = format!("Comment number {n}");
            let on = if n == 4 { post.id + 1000 } else { post.id };
            let comment = sent(on, ana.id, n, &text, CommentState::Approved, "test");
            tasks.spawn(async move { (n, store.create_comment(comment).await.is_ok()) });
        }
        let mut written = tasks.join_all().await;
        written.sort();
        assert_eq!(written.iter().filter(|(_, ok)| !ok).map(|(n, _)| *n).collect::<Vec<_>>(), [4]);
        assert_eq!(app.client().get("/").await.text(".comment-count"), "9 comments on Eclipses");
    }

    async fn comments_written_together_each_get_their_own_number_and_log(app: TestApp) {
        app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let post = app.published_post(&ana, "Eclipses", "Dark sky.", "").await;
        // Thirty comments at once in three states: the writer inserts them in one
        // statement, and each request must get back the number of its own comment.
        let states = [CommentState::Pending, CommentState::Approved, CommentState::Rejected];
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..30 {
            let store = app.store().clone();
            let text = format!("Comment number {n}");
            let state = states[n % 3];
            let comment = sent(post.id, ana.id, n, &text, state, ["held", "trusted", "refused"][n % 3]);
            tasks.spawn(async move { (text, state, store.create_comment(comment).await) });
        }
        for (text, state, written) in tasks.join_all().await {
            let id = written.expect("each comment is written");
            let stored = app.store().comment_by_id(id).await.expect("read").expect("it exists");
            assert_eq!((stored.body.as_str(), stored.state), (text.as_str(), state), "comment {id}");
            let filter = LogFilter { comment_id: Some(id), ..LogFilter::default() };
            let log = app.store().moderation_log(&filter).await.expect("log");
            let notes: Vec<_> = log.iter().map(|entry| (entry.to_state, entry.note.as_deref())).collect();
            let reason = ["held", "trusted", "refused"][states.iter().position(|s| *s == state).unwrap_or(0)];
            assert_eq!(notes, [(state, Some(reason))], "the log of comment {id}");
        }
        assert_eq!(app.client().get("/").await.text(".comment-count"), "10 comments on Eclipses");
    }
}
