//! A comment's author (or a teacher) changes it, or its author takes it back.

use crate::web::forms::Form;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{commenter_for, visible_comment};
use crate::comments::{Comment, CommentBody, CommentState, may_delete_own, may_edit, verdict};
use crate::db::Timestamp;
use crate::error::AppError;
use crate::posts::Post;
use crate::store::CommentEdit;
use crate::web::forms::FieldErrors;
use crate::web::layout::{Layout, render, render_status};
use crate::web::state::AppState;
use crate::web::viewer::SignedIn;

#[derive(Template)]
#[template(path = "comment_edit.html")]
struct EditPage {
    layout: Layout,
    comment_id: i64,
    post_title: String,
    post_path: String,
    body: String,
    rejection_note: Option<String>,
    errors: FieldErrors,
}

impl EditPage {
    fn new(signed_in: &SignedIn, comment: &Comment, post: &Post, body: String) -> EditPage {
        EditPage {
            layout: signed_in.viewer.layout("Edit comment"),
            comment_id: comment.id,
            post_title: post.title.clone(),
            post_path: post.path(),
            body,
            rejection_note: comment.rejection_note.clone(),
            errors: FieldErrors::new(),
        }
    }
}

/// The comment and its post, if `signed_in` may edit the comment now.
async fn editable_comment(
    state: &AppState,
    signed_in: &SignedIn,
    id: i64,
) -> Result<(Comment, Post), AppError> {
    let (comment, post) = visible_comment(state, &signed_in.viewer, id).await?;
    if !may_edit(&comment, &signed_in.user, Timestamp::now()) {
        return Err(AppError::Forbidden);
    }
    Ok((comment, post))
}

/// `GET /comments/{id}/edit`: the teacher's note shows while the comment stands rejected.
pub async fn edit_comment_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (comment, post) = editable_comment(&state, &signed_in, id).await?;
    let mut page = EditPage::new(&signed_in, &comment, &post, comment.body.clone());
    if comment.state != CommentState::Rejected {
        page.rejection_note = None;
    }
    render(&page)
}

/// The edit form.
#[derive(Debug, Deserialize)]
pub struct EditInput {
    #[serde(default, rename = "comment-body")]
    body: String,
}

/// `POST /comments/{id}/edit`: the author's change goes through the rules again (a
/// rejected comment is so resubmitted); a teacher's change keeps the state and says so.
/// If the comment changed meanwhile (a teacher moderated it), nothing is saved and the
/// form comes back with the text as typed (409).
pub async fn update_comment(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Form(input): Form<EditInput>,
) -> Result<Response, AppError> {
    let (comment, post) = editable_comment(&state, &signed_in, id).await?;
    let redraw = |problem, status| {
        let mut page = EditPage::new(&signed_in, &comment, &post, input.body.clone());
        page.errors.add("comment-body", problem);
        render_status(status, &page)
    };
    let body = match CommentBody::parse(&input.body) {
        Ok(body) => body,
        Err(problem) => return redraw(problem, StatusCode::UNPROCESSABLE_ENTITY),
    };
    let user = &signed_in.user;
    let by_teacher = user.is_teacher() && !comment.is_by(user);
    let html = match body.render().await {
        Ok(html) => html,
        Err(busy) => return redraw(busy.message(), StatusCode::SERVICE_UNAVAILABLE),
    };
    let edit = CommentEdit {
        body: body.as_str(),
        body_html: &html,
        body_hash: &body.fingerprint(),
        state: state_after_edit(&state, &signed_in, &comment, &body, by_teacher).await?,
        by_teacher,
        actor_id: user.id,
    };
    if !state.store.edit_comment(&comment, &edit).await? {
        let changed = "The comment changed while you were editing it. Please try again.";
        return redraw(changed, StatusCode::CONFLICT);
    }
    Ok(Redirect::to(&format!("{}#comment-{}", post.path(), comment.id)).into_response())
}

/// A teacher's edit keeps the comment where it is; its author's goes through the rules.
async fn state_after_edit(
    state: &AppState,
    signed_in: &SignedIn,
    comment: &Comment,
    body: &CommentBody,
    by_teacher: bool,
) -> Result<CommentState, AppError> {
    if by_teacher {
        return Ok(comment.state);
    }
    let viewer = &signed_in.viewer;
    let commenter = commenter_for(state, viewer, Some(&signed_in.user)).await?;
    Ok(verdict(&viewer.site.discussion, commenter, body).state())
}

/// `POST /comments/{id}/delete`: the author takes it back within 15 minutes.
pub async fn delete_comment(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (comment, post) = visible_comment(&state, &signed_in.viewer, id).await?;
    if !may_delete_own(&comment, &signed_in.user, Timestamp::now()) {
        return Err(AppError::Forbidden);
    }
    state
        .store
        .delete_own_comment(comment.id, signed_in.user.id)
        .await?;
    Ok(Redirect::to(&format!("{}?comment=deleted#comments", post.path())).into_response())
}
