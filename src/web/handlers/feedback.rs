//! A teacher's private feedback on a student's post: saving a version (from the post's
//! page) and reading every earlier version. Teachers only; anyone else is refused.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::error::AppError;
use crate::feedback::{FeedbackText, may_give_feedback, may_read_feedback, render_in_pool};
use crate::posts::Post;
use crate::posts::markdown::SafeHtml;
use crate::web::forms::{FieldErrors, Form};
use crate::web::handlers::reading::post::post_page;
use crate::web::layout::{Layout, render, render_status};
use crate::web::state::AppState;
use crate::web::viewer::Teacher;
use crate::web::views::thread::CommentForm;

/// The feedback form.
#[derive(Debug, Deserialize)]
pub struct FeedbackForm {
    #[serde(default)]
    body: String,
}

/// `POST /posts/{id}/feedback`: saves a new version and tells the author; a rejected
/// text comes back on the post's page beside the field.
pub async fn save_feedback(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(post_id): Path<i64>,
    Form(form): Form<FeedbackForm>,
) -> Result<Response, AppError> {
    let post = teacher_post(&state, post_id).await?;
    if !may_give_feedback(&post, &teacher.0.user) {
        return Err(AppError::NotFound);
    }
    let text = match FeedbackText::parse_in_pool(form.body.clone()).await? {
        Ok(text) => text,
        Err(problem) => {
            let mut errors = FieldErrors::new();
            errors.add("feedback-body", problem);
            let typed = Some((form.body, errors));
            let viewer = &teacher.0.viewer;
            let page = post_page(&state, viewer, post, CommentForm::default(), None, typed).await?;
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let current = state.store.feedback_on(post.id).await?;
    if current.is_some_and(|feedback| feedback.body == text.as_str()) {
        return Ok(
            Redirect::to(&format!("{}?feedback=unchanged#feedback", post.path())).into_response(),
        );
    }
    state
        .store
        .save_feedback(post.id, teacher.0.user.id, &text)
        .await?;
    tracing::info!(post_id, by = %teacher.0.user.username, "feedback saved");
    Ok(Redirect::to(&format!("{}?feedback=saved#feedback", post.path())).into_response())
}

/// One saved version, as the history shows it.
struct VersionRow {
    saved: String,
    teacher: String,
    html: SafeHtml,
}

#[derive(Template)]
#[template(path = "feedback_history.html")]
struct FeedbackHistoryPage {
    layout: Layout,
    post: Post,
    versions: Vec<VersionRow>,
}

/// `GET /posts/{id}/feedback/history`: every version of a post's feedback, newest first.
pub async fn show_feedback_history(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(post_id): Path<i64>,
) -> Result<Response, AppError> {
    let post = teacher_post(&state, post_id).await?;
    if !may_read_feedback(&post, Some(&teacher.0.user)) {
        return Err(AppError::NotFound);
    }
    let zone = teacher.0.viewer.zone();
    let versions = state.store.feedback_versions(post.id).await?;
    let bodies = versions.iter().map(|v| v.body.clone()).collect();
    let rendered = render_in_pool(bodies).await?;
    let versions = versions
        .into_iter()
        .zip(rendered)
        .map(|(version, html)| VersionRow {
            saved: zone.date_and_time(version.created_at),
            teacher: version.teacher_name,
            html,
        })
        .collect();
    render(&FeedbackHistoryPage {
        layout: teacher
            .0
            .viewer
            .layout(format!("Feedback history of {}", post.title)),
        post,
        versions,
    })
}

async fn teacher_post(state: &AppState, post_id: i64) -> Result<Post, AppError> {
    state
        .store
        .post_by_id(post_id)
        .await?
        .ok_or(AppError::NotFound)
}
