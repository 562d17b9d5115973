//! Many requests at once: none fails with "database is locked", none loses an update.

use axum::http::StatusCode;
use quire::comments::ApprovalPolicy;

use crate::comments::comment;
use crate::helpers::{TestApp, both};

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
}
