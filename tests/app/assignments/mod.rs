//! Assignments: the whole life of one (set, answered, reviewed, commented on, counted,
//! extended, downloaded), on both databases; who may do what (`refusals`).

mod life;
mod race;
mod refusals;

use crate::helpers::{Client, Page, TestApp};

/// Sets an assignment through the New form; answers its id.
pub async fn set_assignment(app: &TestApp, teacher: &mut Client, fields: &[(&str, &str)]) -> i64 {
    let page = teacher.post("/assignments", fields).await;
    assert_eq!(
        page.status,
        axum::http::StatusCode::SEE_OTHER,
        "{}",
        page.body
    );
    let id = app
        .store()
        .assignments()
        .await
        .unwrap()
        .iter()
        .map(|a| a.id)
        .max()
        .unwrap();
    assert_eq!(page.location(), format!("/assignments/{id}?done=created"));
    id
}

/// A post written through the Write form, linked to `assignment`; answers the redirect.
pub async fn answer(student: &mut Client, title: &str, assignment: i64, action: &str) -> Page {
    student
        .post(
            "/write",
            &[
                ("title", title),
                ("body", "My answer, in a few words."),
                ("labels", ""),
                ("assignment", &assignment.to_string()),
                ("action", action),
            ],
        )
        .await
}

/// The teacher's table as (student, answer, comments) per row.
pub async fn table(teacher: &mut Client, id: i64, sort: &str) -> Vec<(String, String, String)> {
    let page = teacher
        .get(&format!("/assignments/{id}/table?sort={sort}"))
        .await;
    page.assert_status(axum::http::StatusCode::OK);
    let names = page.texts("tbody th");
    let answers = page.texts("tbody td:nth-of-type(1)");
    let comments = page.texts("tbody td:nth-of-type(2)");
    names
        .into_iter()
        .zip(answers)
        .zip(comments)
        .map(|((n, a), c)| (n, a, c.replace(" (not enough yet)", "")))
        .collect()
}
