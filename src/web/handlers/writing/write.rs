//! The Write page for a new post and the edit page: one form serves both (read by
//! `form`). Its buttons say what to do: save a draft, preview, publish (or submit for
//! review), or upload a picture. Whatever happens, the student's text comes back with
//! the page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::changes::{self, Transition};
use super::editable_post;
use super::form::{ChosenFile, WriteAction, WriteForm};
use crate::cpu::Busy;
use crate::error::AppError;
use crate::media::{self, UploadError, UploadedImage};
use crate::posts::approval::Change;
use crate::posts::markdown::SafeHtml;
use crate::posts::{Body, Labels, Post, PostContent, PostStatus, Title};
use crate::store::NewPost;
use crate::web::forms::FieldErrors;
use crate::web::layout::{Layout, render, render_status};
use crate::web::state::AppState;
use crate::web::viewer::SignedIn;

#[derive(Template)]
#[template(path = "write.html")]
struct WritePage {
    layout: Layout,
    /// `None` for a new post.
    post: Option<Post>,
    title: String,
    body: String,
    labels: String,
    errors: FieldErrors,
    notice: Option<String>,
    uploaded: Option<UploadedImage>,
    preview: Option<SafeHtml>,
    approval_required: bool,
    is_teacher: bool,
}

impl WritePage {
    fn new(signed_in: &SignedIn, post: Option<Post>) -> WritePage {
        let heading = if post.is_some() { "Edit post" } else { "Write" };
        WritePage {
            layout: signed_in.viewer.layout(heading),
            title: post.as_ref().map(|p| p.title.clone()).unwrap_or_default(),
            body: post.as_ref().map(|p| p.body.clone()).unwrap_or_default(),
            labels: post
                .as_ref()
                .map(|p| p.labels.join(", "))
                .unwrap_or_default(),
            post,
            errors: FieldErrors::new(),
            notice: None,
            uploaded: None,
            preview: None,
            approval_required: signed_in.viewer.site.posts_need_approval,
            is_teacher: signed_in.user.is_teacher(),
        }
    }

    fn keep(mut self, form: &WriteForm) -> WritePage {
        self.title = form.title.clone();
        self.body = form.body.clone();
        self.labels = form.labels.clone();
        self
    }

    fn is_published(&self) -> bool {
        self.post
            .as_ref()
            .is_some_and(|p| p.status == PostStatus::Published)
    }

    fn in_review(&self) -> bool {
        self.post
            .as_ref()
            .is_some_and(|p| p.status == PostStatus::Review)
    }

    fn review_note(&self) -> Option<&str> {
        self.post
            .as_ref()
            .filter(|p| p.status == PostStatus::Draft)
            .and_then(|p| p.review_note.as_deref())
    }

    /// Whether this person's Publish goes to a teacher first.
    fn goes_to_review(&self) -> bool {
        self.approval_required && !self.is_teacher
    }

    fn publish_label(&self) -> &'static str {
        match (self.is_published(), self.goes_to_review()) {
            (true, true) => "Submit changes for review",
            (true, false) => "Update",
            (false, true) => "Submit for review",
            (false, false) => "Publish",
        }
    }

    fn action_path(&self) -> String {
        match &self.post {
            Some(post) => format!("/posts/{}/edit", post.id),
            None => "/write".to_owned(),
        }
    }
}

/// Why the edit page was reached, for its confirmation message.
#[derive(Debug, Deserialize)]
pub struct EditQuery {
    saved: Option<String>,
}

/// `GET /write`
pub async fn new_post_form(signed_in: SignedIn) -> Result<Response, AppError> {
    render(&WritePage::new(&signed_in, None))
}

/// `POST /write`
pub async fn create_post(
    State(state): State<AppState>,
    signed_in: SignedIn,
    form: WriteForm,
) -> Result<Response, AppError> {
    save(&state, &signed_in, None, form).await
}

/// `GET /posts/{id}/edit`
pub async fn edit_post_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(post_id): Path<i64>,
    Query(query): Query<EditQuery>,
) -> Result<Response, AppError> {
    let post = editable_post(&state, &signed_in, post_id).await?;
    let mut page = WritePage::new(&signed_in, Some(post));
    page.notice = match query.saved.as_deref() {
        Some("draft") => Some("Draft saved.".to_owned()),
        Some("review") => {
            Some("Sent to your teacher. You will see it here if they send it back.".to_owned())
        }
        _ => None,
    };
    render(&page)
}

/// `POST /posts/{id}/edit`
pub async fn update_post(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(post_id): Path<i64>,
    form: WriteForm,
) -> Result<Response, AppError> {
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
    if let Some(file) = form.image.take() {
        upload(state, signed_in, &mut page, file).await?;
    }
    let title = page.errors.check("title", Title::parse(&form.title));
    let body = match Body::parse_in_pool(form.body.clone()).await {
        Ok(checked) => page.errors.check("body", checked),
        Err(busy) => return busy_form(page, busy),
    };
    let labels = page.errors.check("labels", Labels::parse(&form.labels));
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
            page.preview = Some(content.rendered.html.clone());
            return render(&page);
        }
        WriteAction::Publish => Change::Publish,
        WriteAction::Save | WriteAction::Upload => Change::Edit,
    };
    let before = existing.as_ref().map_or(PostStatus::Draft, |p| p.status);
    let transition = Transition::of(signed_in, before, change);
    if change == Change::Publish || transition.after == PostStatus::Published {
        let problems = content.problems_for_publishing();
        if !problems.is_empty() {
            for (field, message) in problems {
                page.errors.add(field, message);
            }
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    }
    store_change(state, signed_in, existing, &content, (change, transition)).await
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
) -> Result<Response, AppError> {
    if let Some(post) = &existing {
        changes::before_writing(state, post.id, transition).await?;
    }
    // A change to a live post that stays live keeps the old version in the history.
    let revision = transition.stays_live().then_some(signed_in.user.id);
    let post_id = write_text(state, signed_in, existing.as_ref(), content, revision).await?;
    changes::after_writing(state, signed_in, post_id, transition).await?;
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
            Ok(post.id)
        }
        None => {
            let author_id = signed_in.user.id;
            let post = NewPost { author_id, content };
            Ok(state.store.create_post(&post).await?)
        }
    }
}
