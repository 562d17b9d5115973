//! The Write page for a new post and the edit page: one form serves both (read by
//! `form`). Its buttons say what to do: save a draft, preview, publish (or submit for
//! review), or upload a picture. Whatever happens, the student's text comes back with
//! the page.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::changes::{self, Transition};
use super::form::{ChosenFile, WriteAction, WriteForm};
use super::page::WritePage;
use super::{answer, editable_post, resume, signed_in};
use crate::cpu::{self, Busy};
use crate::error::AppError;
use crate::media::{self, UploadError};
use crate::posts::approval::Change;
use crate::posts::markdown;
use crate::posts::{Body, Labels, Post, PostContent, PostStatus, Title};
use crate::store::NewPost;
use crate::web::handlers::whats_new;
use crate::web::layout::{render, render_status};
use crate::web::state::AppState;
use crate::web::viewer::{SignedIn, Viewer};

/// Why the edit page was reached, for its confirmation message.
#[derive(Debug, Deserialize)]
pub struct EditQuery {
    saved: Option<String>,
}

/// `GET /write?assignment=ID`: the assignment, when given, is chosen in the form.
#[derive(Debug, Deserialize)]
pub struct NewQuery {
    assignment: Option<String>,
}

/// `GET /write`
pub async fn new_post_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<NewQuery>,
) -> Result<Response, AppError> {
    let mut page = WritePage::new(&signed_in, None);
    page.assignment_choices = answer::choices(&state, &signed_in, None).await?;
    if let Some(chosen) = query.assignment.filter(|id| {
        page.assignment_choices
            .iter()
            .any(|(choice, _)| choice.to_string() == *id)
    }) {
        page.assignment = chosen;
    }
    render(&page)
}

/// `POST /write`; a writer whose session ended meanwhile keeps their text (see `resume`).
pub async fn create_post(
    State(state): State<AppState>,
    viewer: Viewer,
    form: WriteForm,
) -> Result<Response, AppError> {
    let Some(signed_in) = signed_in(viewer) else {
        return resume::keep_until_signed_in(&state, None, form).await;
    };
    save(&state, &signed_in, None, form).await
}

/// `GET /posts/{id}/edit`
pub async fn edit_post_form(
    State(state): State<AppState>,
    mut signed_in: SignedIn,
    Path(post_id): Path<i64>,
    Query(query): Query<EditQuery>,
) -> Result<Response, AppError> {
    let post = editable_post(&state, &signed_in, post_id).await?;
    // A post sent back is seen here: its events are read.
    whats_new::see_post(&state, &mut signed_in.viewer, post.id).await;
    let kept = state.store.autosave_of(post.id).await?;
    let mut page = WritePage::new(&signed_in, Some(post.clone()));
    page.assignment_choices = answer::choices(&state, &signed_in, Some(&post)).await?;
    if let Some(kept) = kept.filter(|kept| kept.saved_at > post.updated_at) {
        page.title = kept.title;
        page.body = kept.body;
        page.labels = kept.labels;
        let saved_at = signed_in.viewer.zone().date_and_time(kept.saved_at);
        page.notice = Some(if post.is_live() || post.status == PostStatus::Review {
            format!(
                "Here is the text saved automatically at {saved_at}. Readers still see the \
                 version before it until you press {}.",
                page.publish_label()
            )
        } else {
            format!("Here is the text saved automatically at {saved_at}.")
        });
        return render(&page);
    }
    page.notice = match query.saved.as_deref() {
        Some("draft") => Some("Draft saved.".to_owned()),
        Some("review") => {
            Some("Sent to your teacher. You will see it here if they send it back.".to_owned())
        }
        _ => None,
    };
    render(&page)
}

/// `POST /posts/{id}/edit`; a writer whose session ended meanwhile keeps their text.
pub async fn update_post(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(post_id): Path<i64>,
    form: WriteForm,
) -> Result<Response, AppError> {
    let Some(signed_in) = signed_in(viewer) else {
        return resume::keep_until_signed_in(&state, Some(post_id), form).await;
    };
    let post = editable_post(&state, &signed_in, post_id).await?;
    save(&state, &signed_in, Some(post), form).await
}

/// Whatever the button, the form's text comes back with the page; only a clean form is
/// previewed, saved or published. Checking and rendering the body run on the CPU pool.
async fn save(
    state: &AppState,
    signed_in: &SignedIn,
    existing: Option<Post>,
    mut form: WriteForm,
) -> Result<Response, AppError> {
    let mut page = WritePage::new(signed_in, existing.clone()).keep(&form);
    page.assignment_choices = answer::choices(state, signed_in, existing.as_ref()).await?;
    if let Some(message) = form.image_refused.take() {
        page.errors.add("image", message);
        return after_upload(page);
    }
    if let Some(file) = form.image.take() {
        upload(state, signed_in, &mut page, file).await?;
    }
    let title = page.errors.check("title", Title::parse(&form.title));
    let body = match Body::parse_in_pool(form.body.clone()).await {
        Ok(checked) => page.errors.check("body", checked),
        Err(busy) => return busy_form(page, busy),
    };
    let labels = page.errors.check("labels", Labels::parse(&form.labels));
    let chosen = form.assignment.as_deref();
    let link = match answer::requested_link(state, signed_in, existing.as_ref(), chosen).await? {
        Ok(link) => link,
        Err(message) => {
            page.errors.add("assignment", message);
            None
        }
    };
    if form.action == WriteAction::Upload {
        return after_upload(page);
    }
    let (Some(title), Some(body), Some(labels), true) =
        (title, body, labels, page.errors.is_empty())
    else {
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let content = match PostContent::render(title, body, labels).await {
        Ok(content) => content,
        Err(busy) => return busy_form(page, busy),
    };
    let change = match form.action {
        WriteAction::Preview => {
            let body = content.body.clone();
            page.preview =
                Some(cpu::run(move || markdown::render_preview(body.as_str()).html).await?);
            return render(&page);
        }
        WriteAction::Publish => Change::Publish,
        WriteAction::Save | WriteAction::Upload => Change::Edit,
    };
    let before = existing.as_ref().map_or(PostStatus::Draft, |p| p.status);
    let text = format!("{}\n{}", content.title.as_str(), content.body.as_str());
    let transition = Transition::of(signed_in, before, change, &text);
    if change == Change::Publish || transition.after == PostStatus::Published {
        let problems = content.problems_for_publishing();
        if !problems.is_empty() {
            for (field, message) in problems {
                page.errors.add(field, message);
            }
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    }
    let change = (change, transition);
    store_change(state, signed_in, existing, &content, change, link).await
}

/// Every core stayed busy: the form comes back (503) with the text, to send again.
fn busy_form(mut page: WritePage, busy: Busy) -> Result<Response, AppError> {
    page.errors.add("body", busy.message());
    render_status(StatusCode::SERVICE_UNAVAILABLE, &page)
}

/// Stores the chosen picture for the page to offer, or notes why it was refused.
async fn upload(
    state: &AppState,
    signed_in: &SignedIn,
    page: &mut WritePage,
    file: ChosenFile,
) -> Result<(), AppError> {
    match media::store_upload(&state.store, signed_in.user.id, &file.name, file.bytes).await {
        Ok(image) => page.uploaded = Some(image),
        Err(UploadError::Image(problem)) => page.errors.add("image", problem.message()),
        Err(UploadError::Database(error)) => return Err(error.into()),
    }
    Ok(())
}

/// Only the picture was asked for; the rest of the form is not judged yet.
fn after_upload(mut page: WritePage) -> Result<Response, AppError> {
    let status = if page.errors.get("image").is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    page.errors.retain_only("image");
    render_status(status, &page)
}

/// Stores the text and moves the post where the approval rule says, then sends the
/// writer on: to the post once live, else back to the form saying what happened.
async fn store_change(
    state: &AppState,
    signed_in: &SignedIn,
    existing: Option<Post>,
    content: &PostContent,
    (change, transition): (Change, Transition),
    link: Option<Option<i64>>,
) -> Result<Response, AppError> {
    if let Some(post) = &existing {
        changes::before_writing(state, post.id, transition).await?;
    }
    // A change to a live post that stays live keeps the old version in the history.
    let revision = transition.stays_live().then_some(signed_in.user.id);
    let post_id = write_text(state, signed_in, existing.as_ref(), content, revision).await?;
    changes::after_writing(state, signed_in, post_id, transition).await?;
    answer::link(state, post_id, link).await?;
    let next = match transition.after {
        PostStatus::Published => state
            .store
            .post_by_id(post_id)
            .await?
            .ok_or(AppError::NotFound)?
            .path(),
        PostStatus::Review
            if change == Change::Publish || transition.before != PostStatus::Review =>
        {
            format!("/posts/{post_id}/edit?saved=review")
        }
        PostStatus::Review | PostStatus::Draft => format!("/posts/{post_id}/edit?saved=draft"),
    };
    Ok(Redirect::to(&next).into_response())
}

/// Stores the text: a new post, or a new version of `existing` (keeping the old one as a
/// revision by `revision_by`, if given). Answers the post's id.
async fn write_text(
    state: &AppState,
    signed_in: &SignedIn,
    existing: Option<&Post>,
    content: &PostContent,
    revision_by: Option<i64>,
) -> Result<i64, AppError> {
    match existing {
        Some(post) => {
            state.store.update_post(post, content, revision_by).await?;
            // The text autosaved beside the post is in it now.
            state.store.drop_autosave(post.id).await?;
            Ok(post.id)
        }
        None => {
            let author_id = signed_in.user.id;
            let post = NewPost { author_id, content };
            Ok(state.store.create_post(&post).await?)
        }
    }
}
