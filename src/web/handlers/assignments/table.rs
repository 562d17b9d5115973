//! The teacher's table for an assignment: a row per student of its group, with their
//! answer, how late it was and the comments they left on classmates' answers; sortable
//! by links (`?sort=`), printable, and as CSV for a gradebook. A form on each row gives
//! that student their own due date.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::assignments::{AnswerState, Assignment, CommentProgress, csv_line, effective_due};
use crate::dates::SchoolZone;
use crate::error::AppError;
use crate::feedback::FeedbackState;
use crate::store::AnswerRow;
use crate::web::forms::Form;
use crate::web::layout::{Layout, render, render_status};
use crate::web::state::AppState;
use crate::web::viewer::Teacher;

/// A student's row, ready to show.
struct Row {
    student_id: i64,
    name: String,
    username: String,
    answer: AnswerState,
    post_path: Option<String>,
    comments: CommentProgress,
    /// Where the teacher's private feedback on the answer stands.
    feedback: &'static str,
    due: String,
    /// The extension field's value: as typed when refused, else the student's own due.
    due_value: String,
    extended: bool,
    /// Why the extension typed for this row was refused.
    due_problem: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "assignment_table.html")]
struct TablePage {
    layout: Layout,
    assignment: Assignment,
    rows: Vec<Row>,
    sort: &'static str,
    published: usize,
}

/// `?sort=name|answer|comments`
#[derive(Debug, Default, Deserialize)]
pub struct SortQuery {
    sort: Option<String>,
}

fn sort_rows(rows: &mut [Row], sort: Option<&str>) -> &'static str {
    match sort {
        Some("answer") => {
            rows.sort_by_key(|r| r.answer.rank());
            "answer"
        }
        Some("comments") => {
            rows.sort_by_key(|r| r.comments.left);
            "comments"
        }
        // The store answers by name already.
        _ => "name",
    }
}

/// "none", "given, not read yet", "read"; "" without an answer to give it on.
fn feedback_words(state: Option<FeedbackState>) -> &'static str {
    match state {
        None => "",
        Some(FeedbackState::None) => "none",
        Some(FeedbackState::Given { .. }) => "given, not read yet",
        Some(FeedbackState::Seen { .. }) => "read",
    }
}

fn row(
    answer: AnswerRow,
    assignment: &Assignment,
    zone: &SchoolZone,
    feedback: Option<FeedbackState>,
) -> Row {
    let due = effective_due(assignment.due_at, answer.extended_due);
    let state = AnswerState::of(answer.post(), due);
    Row {
        student_id: answer.student_id,
        post_path: answer
            .post_slug
            .clone()
            .filter(|_| state != AnswerState::Missing)
            .map(|slug| match state {
                AnswerState::Published(_) => format!("/posts/{slug}"),
                _ => format!("/posts/{}/edit", answer.post_id.unwrap_or_default()),
            }),
        name: answer.display_name,
        username: answer.username,
        answer: state,
        comments: CommentProgress {
            left: answer.comments_left,
            required: assignment.comments_required,
        },
        feedback: feedback_words(feedback),
        due: zone.date_and_time(due),
        due_value: zone.datetime_local(due),
        extended: answer.extended_due.is_some(),
        due_problem: None,
    }
}

async fn table(state: &AppState, teacher: &Teacher, id: i64) -> Result<TablePage, AppError> {
    let assignment = state
        .store
        .assignment_by_id(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let zone = teacher.0.viewer.zone();
    let answers = state.store.answer_table(id, assignment.group_id).await?;
    let posts: Vec<i64> = answers.iter().filter_map(|a| a.post_id).collect();
    let feedback = state.store.feedback_states(&posts).await?;
    let rows: Vec<Row> = answers
        .into_iter()
        .map(|answer| {
            let on_answer = answer.post_id.and_then(|post| feedback.get(&post).copied());
            row(answer, &assignment, &zone, on_answer)
        })
        .collect();
    Ok(TablePage {
        layout: teacher
            .0
            .viewer
            .layout(format!("{}: answers", assignment.title)),
        published: rows
            .iter()
            .filter(|r| matches!(r.answer, AnswerState::Published(_)))
            .count(),
        rows,
        sort: "name",
        assignment,
    })
}

/// `GET /assignments/{id}/table`
pub async fn show_table(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(id): Path<i64>,
    Query(query): Query<SortQuery>,
) -> Result<Response, AppError> {
    let mut page = table(&state, &teacher, id).await?;
    page.sort = sort_rows(&mut page.rows, query.sort.as_deref());
    render(&page)
}

/// `GET /assignments/{id}/table.csv`: the table for a gradebook.
pub async fn download_table(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let page = table(&state, &teacher, id).await?;
    let mut csv = csv_line(&[
        "Student",
        "Username",
        "Answer",
        "Late",
        "Comments",
        "Comments asked",
        "Feedback",
        "Due",
    ]);
    for r in &page.rows {
        csv.push_str(&csv_line(&[
            r.name.as_str(),
            r.username.as_str(),
            r.answer.label(),
            r.answer.late().as_deref().unwrap_or(""),
            &r.comments.left.to_string(),
            &r.comments.required.to_string(),
            r.feedback,
            &r.due,
        ]));
    }
    let disposition = format!("attachment; filename=\"assignment-{id}.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        csv,
    )
        .into_response())
}

/// The extension form on a row.
#[derive(Debug, Deserialize)]
pub struct ExtensionForm {
    student: i64,
    #[serde(default)]
    due: String,
}

/// `POST /assignments/{id}/extensions`: one student's own due date; the class's date
/// (or an empty field) takes the extension away.
pub async fn extend_due(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(id): Path<i64>,
    Form(form): Form<ExtensionForm>,
) -> Result<Response, AppError> {
    let mut page = table(&state, &teacher, id).await?;
    if !page.rows.iter().any(|r| r.student_id == form.student) {
        return Err(AppError::NotFound);
    }
    let zone = teacher.0.viewer.zone();
    let due = match form.due.trim() {
        "" => None,
        typed => match zone.parse_local(typed) {
            Some(at) => (at != page.assignment.due_at).then_some(at),
            None => {
                if let Some(r) = page.rows.iter_mut().find(|r| r.student_id == form.student) {
                    r.due_value = form.due;
                    r.due_problem = Some("Choose a date and time.");
                }
                return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
            }
        },
    };
    state.store.set_extension(id, form.student, due).await?;
    tracing::info!(assignment = id, student = form.student, by = %teacher.0.user.username, "due date extended");
    Ok(Redirect::to(&format!("/assignments/{id}/table#student-{}", form.student)).into_response())
}
