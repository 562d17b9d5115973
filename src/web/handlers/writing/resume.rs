//! A Write form posted after its session ended keeps its text: it is stored in the
//! database under a random token (so any instance can give it back), the writer is sent
//! to sign in, and the sign-in brings them to `GET /write/resume/{token}`
//! (`resume_text`): the Write or edit page with their text, to save or publish
//! with one press.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use time::Duration;

use super::editable_post;
use super::form::WriteForm;
use super::page::WritePage;
use crate::auth::token;
use crate::db::Timestamp;
use crate::error::AppError;
use crate::store::KeptText;
use crate::web::forms::urlencode;
use crate::web::layout::render;
use crate::web::state::AppState;
use crate::web::viewer::SignedIn;

/// How long kept text waits for its writer to sign in again.
pub const KEPT_FOR: Duration = Duration::hours(24);

/// Keeps a signed-out writer's form and sends them to sign in, then to `resume_text`.
pub async fn keep_until_signed_in(
    state: &AppState,
    post_id: Option<i64>,
    form: WriteForm,
) -> Result<Response, AppError> {
    let now = Timestamp::now();
    let text = KeptText {
        post_id,
        title: form.title,
        body: form.body,
        labels: form.labels,
        saved_at: now,
    };
    let token = token::generate();
    state
        .store
        .purge_pending_texts(Timestamp::from(now.as_offset_date_time() - KEPT_FOR))
        .await?;
    state
        .store
        .keep_pending_text(&token::digest(&token), &text)
        .await?;
    tracing::info!(
        ?post_id,
        "form posted without a session; text kept until sign-in"
    );
    let next = format!("/write/resume/{token}");
    Ok(Redirect::to(&format!("/sign-in?next={}", urlencode(&next))).into_response())
}

/// The text kept under `token` within [`KEPT_FOR`], if any.
pub async fn kept_text(state: &AppState, token: &str) -> Result<Option<KeptText>, AppError> {
    let since = Timestamp::from(Timestamp::now().as_offset_date_time() - KEPT_FOR);
    Ok(state
        .store
        .pending_text(&token::digest(token), since)
        .await?)
}

/// `GET /write/resume/{token}`: the text of a form posted after the session ended, in the
/// Write or edit page; nothing is saved until the writer presses a button again.
pub async fn resume_text(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let text = kept_text(&state, &token).await?.ok_or(AppError::NotFound)?;
    let post = match text.post_id {
        Some(id) => Some(editable_post(&state, &signed_in, id).await?),
        None => None,
    };
    let mut page = WritePage::new(&signed_in, post.clone());
    page.assignment_choices = super::answer::choices(&state, &signed_in, post.as_ref()).await?;
    page.title = text.title;
    page.body = text.body;
    page.labels = text.labels;
    page.notice = Some(
        "You were signed out while writing, so nothing was saved then. Your text is here: \
         press the button again to save it."
            .to_owned(),
    );
    render(&page)
}
