//! Autosave, for the editor's script: `POST /posts/{id}/autosave` and `POST /write/autosave`
//! (a post not saved yet) keep the text every few seconds without a new revision.
//!
//! The text is kept beside the post (one autosave per post, replaced each time), only if
//! the post was not saved elsewhere since the version the page had (`version`, the post's
//! last save in Unix milliseconds), else 409. The edit page shows it until the writer
//! presses Save draft or Update, which saves it into the post and forgets it. A post's
//! first autosave (`/write/autosave`) makes the draft, with the text as typed kept
//! beside it when part of it would not be accepted yet: nothing typed is dropped.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use time::Duration;

use super::{editable_post, signed_in};
use crate::db::Timestamp;
use crate::error::AppError;
use crate::posts::{Body, Labels, Post, PostContent, Title};
use crate::store::{KeptText, NewPost};
use crate::web::error_page::ForScript;
use crate::web::forms::Form;
use crate::web::state::AppState;
use crate::web::viewer::{SignedIn, Viewer};

/// The title a draft autosaved before it had one is stored under.
const UNTITLED: &str = "Untitled draft";

/// The editor's fields, as typed.
#[derive(Debug, Deserialize)]
pub struct AutosaveForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    labels: String,
    /// The post's last save as the page knew it, in Unix milliseconds.
    version: Option<i64>,
}

/// What the editor shows ("Saved at 10:42") and sends back next time.
#[derive(Debug, Serialize)]
struct Saved {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<i64>,
    saved_at: String,
    version: i64,
}

/// `POST /posts/{id}/autosave`
pub async fn autosave_post(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(post_id): Path<i64>,
    Form(form): Form<AutosaveForm>,
) -> Result<Response, AppError> {
    let Some(signed_in) = signed_in(viewer) else {
        return Ok(signed_out());
    };
    let post = editable_post(&state, &signed_in, post_id).await?;
    let seen = form
        .version
        .and_then(Timestamp::from_unix_millis)
        .unwrap_or(post.updated_at);
    if let Err(message) = Body::parse_in_pool(form.body.clone()).await? {
        return Ok(refused(StatusCode::UNPROCESSABLE_ENTITY, message));
    }
    keep_beside(&state, &signed_in, &post, form, seen).await
}

/// `POST /write/autosave`: the first autosave of a new post makes it a draft.
pub async fn autosave_new(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<AutosaveForm>,
) -> Result<Response, AppError> {
    let Some(signed_in) = signed_in(viewer) else {
        return Ok(signed_out());
    };
    let (content, whole) = match content_of(&form).await? {
        Ok(made) => made,
        Err(message) => return Ok(refused(StatusCode::UNPROCESSABLE_ENTITY, message)),
    };
    let author_id = signed_in.user.id;
    let id = state
        .store
        .create_post(&NewPost {
            author_id,
            content: &content,
        })
        .await?;
    let post = state
        .store
        .post_by_id(id)
        .await?
        .ok_or(AppError::NotFound)?;
    if whole {
        return Ok(saved(&signed_in, Some(id), post.updated_at));
    }
    // Something typed could not go into the draft as it is (a title over the limit,
    // a label that is not accepted): the text as typed waits beside it, so the edit
    // page shows every word and Save or Publish says what to change, beside the field.
    // Kept a millisecond later than the draft at least, so the edit page prefers it.
    let at = Timestamp::now().max(post.updated_at + Duration::milliseconds(1));
    let text = KeptText {
        post_id: Some(id),
        title: form.title,
        body: form.body,
        labels: form.labels,
        saved_at: at,
    };
    state.store.keep_autosave(signed_in.user.id, &text).await?;
    Ok(answer(&signed_in, Some(id), at, post.updated_at))
}

/// The text waits beside the post, which stays as it was saved: readers and the teacher
/// keep seeing the saved version, and a draft's row (a table every page watches) is not
/// written every few seconds, which would empty the kept pages of the whole site.
async fn keep_beside(
    state: &AppState,
    signed_in: &SignedIn,
    post: &Post,
    form: AutosaveForm,
    seen: Timestamp,
) -> Result<Response, AppError> {
    if seen != post.updated_at {
        return Ok(conflict());
    }
    let now = Timestamp::now();
    let text = KeptText {
        post_id: Some(post.id),
        title: form.title,
        body: form.body,
        labels: form.labels,
        saved_at: now,
    };
    state.store.keep_autosave(signed_in.user.id, &text).await?;
    // The version stays the post's own: nothing of the post changed.
    Ok(answer(signed_in, None, now, post.updated_at))
}

/// The text made into post content, and whether all of it went in: a title that does
/// not parse becomes "Untitled draft" and labels that do not parse are left out (the
/// caller keeps the text as typed beside the draft); a body over the limits is refused
/// with its message (the browser keeps it).
async fn content_of(
    form: &AutosaveForm,
) -> Result<Result<(PostContent, bool), &'static str>, AppError> {
    let title = Title::parse(&form.title);
    let labels = Labels::parse(&form.labels);
    let whole = labels.is_ok() && (title.is_ok() || form.title.trim().is_empty());
    let title = title
        .or_else(|_| Title::parse(UNTITLED))
        .map_err(AppError::BadRequest)?;
    let body = match Body::parse_in_pool(form.body.clone()).await? {
        Ok(body) => body,
        Err(message) => return Ok(Err(message)),
    };
    let content = PostContent::render(title, body, labels.unwrap_or_default()).await?;
    Ok(Ok((content, whole)))
}

fn saved(signed_in: &SignedIn, id: Option<i64>, at: Timestamp) -> Response {
    answer(signed_in, id, at, at)
}

fn answer(signed_in: &SignedIn, id: Option<i64>, at: Timestamp, version: Timestamp) -> Response {
    Json(Saved {
        id,
        saved_at: time_of_day(signed_in, at),
        version: version.unix_millis(),
    })
    .into_response()
}

/// "10:42 AM" in the school's time zone.
fn time_of_day(signed_in: &SignedIn, at: Timestamp) -> String {
    let when = signed_in.viewer.zone().date_and_time(at);
    when.rsplit(" at ").next().unwrap_or(&when).to_owned()
}

fn conflict() -> Response {
    refused(
        StatusCode::CONFLICT,
        "This post was changed somewhere else (another tab or device). \
         Copy your text, reload the page, and paste it back.",
    )
}

fn signed_out() -> Response {
    refused(
        StatusCode::UNAUTHORIZED,
        "You are signed out. Your text is kept in this browser; sign in again to save it.",
    )
}

#[derive(Debug, Serialize)]
struct Refusal {
    error: &'static str,
}

fn refused(status: StatusCode, error: &'static str) -> Response {
    (status, Extension(ForScript), Json(Refusal { error })).into_response()
}
