//! A teacher opens or closes a post's comments.

use crate::web::forms::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::error::AppError;
use crate::web::state::AppState;
use crate::web::viewer::Teacher;

/// The open/close form.
#[derive(Debug, Deserialize)]
pub struct OpenInput {
    #[serde(default)]
    open: String,
}

/// `POST /posts/{id}/comments-open`: a teacher opens or closes a post's comments.
pub async fn set_comments_open(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(post_id): Path<i64>,
    Form(input): Form<OpenInput>,
) -> Result<Response, AppError> {
    let post = state
        .store
        .post_by_id(post_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let open = input.open == "true";
    state.store.set_comments_open(post.id, open).await?;
    tracing::info!(post_id, open, by = %teacher.0.user.username, "comments opened or closed");
    Ok(Redirect::to(&format!("{}#comments", post.path())).into_response())
}
