//! Two answers saved at the same moment by one student (two tabs): the database's
//! one-answer index keeps exactly one linked, and the others are polite refusals (their
//! posts kept when they were already saved), never a server error.

use axum::http::StatusCode;

use super::{answer, set_assignment};
use crate::helpers::{TestApp, both};

both! {
    async fn two_answers_saved_at_once_link_exactly_one(app: TestApp) {
        let teacher = app.teacher("Ms Rivera").await;
        let ana = app.student("Ana López").await;
        let mut staff = app.signed_in(&teacher).await;
        let id = set_assignment(&app, &mut staff, &[
            ("title", "Volcanoes"),
            ("instructions", "Pick one."),
            ("due", "2099-01-10T15:00"),
            ("comments_required", "0"),
        ]).await;
        let mut tabs = Vec::new();
        for _ in 0..4 {
            tabs.push(app.signed_in(&ana).await);
        }
        let mut saves = tokio::task::JoinSet::new();
        for (n, mut tab) in tabs.into_iter().enumerate() {
            saves.spawn(async move {
                answer(&mut tab, &format!("Answer from tab {n}"), id, "save").await.status
            });
        }
        let statuses = saves.join_all().await;
        // A tab whose check ran after the winner linked is refused beside the field
        // (422, nothing saved); one whose check overlapped it saves its post unlinked (400).
        let refused_before_saving = statuses.iter().filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY).count();
        assert!(statuses.iter().all(|s| [StatusCode::SEE_OTHER, StatusCode::BAD_REQUEST, StatusCode::UNPROCESSABLE_ENTITY].contains(s)), "{statuses:?}");
        let posts = app.store().posts_of_author_for_editing(ana.id).await.unwrap();
        assert_eq!(posts.len(), 4 - refused_before_saving, "every save that passed the check kept its post");
        let linked = posts.iter().filter(|p| p.answer_to.as_ref().is_some_and(|a| a.assignment_id == id)).count();
        assert_eq!(linked, 1, "one answer per student");
    }
}
