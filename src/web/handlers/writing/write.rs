//! The Write page for a new post and the edit page: one form serves both (read by
//! `form`). Its buttons say what to do: save a draft, preview, publish (or submit for
//! review), or upload a picture. Whatever happens, the student's text comes back with
//! the page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::form::{ChosenFile, WriteAction, WriteForm};
use super::{editable_post, resume, signed_in};
use crate::cpu;
use crate::db::Timestamp;
use crate::error::AppError;
use crate::media::{self, UploadError, UploadedImage};
use crate::posts::markdown::{self, SafeHtml};
use crate::posts::{Body, Labels, Post, PostContent, PostStatus, Title, status_on_publish};
use crate::store::{NewPost, Publication};
use crate::web::forms::FieldErrors;
use crate::web::layout::{Layout, render, render_status};
use crate::web::state::AppState;
use crate::web::viewer::{SignedIn, Viewer};

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

    /// "120 words", counted as the reader will see them.
    fn word_count(&self) -> String {
        let words = crate::posts::reading::words(&self.body);
        if words == 1 {
            "1 word".to_owned()
        } else {
            format!("{words} words")
        }
    }

    /// "About 2 minutes to read".
    fn reading_time(&self) -> String {
        crate::posts::reading::reading_time(crate::posts::reading::words(&self.body))
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
    signed_in: SignedIn,
    Path(post_id): Path<i64>,
    Query(query): Query<EditQuery>,
) -> Result<Response, AppError> {
    let post = editable_post(&state, &signed_in, post_id).await?;
    let kept = state.store.autosave_of(post.id).await?;
    let mut page = WritePage::new(&signed_in, Some(post.clone()));
    if let Some(kept) = kept.filter(|kept| kept.saved_at > post.updated_at) {
        page.title = kept.title;
        page.body = kept.body;
        page.labels = kept.labels;
        page.notice = Some(format!(
            "Here is the text saved automatically at {}. Readers still see the version \
             before it until you press {}.",
            signed_in.viewer.zone().date_and_time(kept.saved_at),
            page.publish_label()
        ));
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
/// previewed, saved or published.
async fn save(
    state: &AppState,
    signed_in: &SignedIn,
    existing: Option<Post>,
    mut form: WriteForm,
) -> Result<Response, AppError> {
    let mut page = WritePage::new(signed_in, existing.clone()).keep(&form);
    if let Some(message) = form.image_refused.take() {
        page.errors.add("image", message);
        return after_upload(page);
    }
    if let Some(file) = form.image.take() {
        upload(state, signed_in, &mut page, file).await?;
    }
    let title = page.errors.check("title", Title::parse(&form.title));
    let body = page.errors.check("body", Body::parse(&form.body));
    let labels = page.errors.check("labels", Labels::parse(&form.labels));
    if form.action == WriteAction::Upload {
        return after_upload(page);
    }
    let (Some(title), Some(body), Some(labels), true) =
        (title, body, labels, page.errors.is_empty())
    else {
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let content = PostContent::new(title, body, labels);
    match form.action {
        WriteAction::Preview => {
            let body = content.body.clone();
            page.preview =
                Some(cpu::run(move || markdown::render_preview(body.as_str()).html).await?);
            render(&page)
        }
        WriteAction::Publish => {
            let problems = content.problems_for_publishing();
            if !problems.is_empty() {
                for (field, message) in problems {
                    page.errors.add(field, message);
                }
                return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
            }
            publish(state, signed_in, existing, &content).await
        }
        WriteAction::Save | WriteAction::Upload => {
            save_without_publishing(state, signed_in, existing, &content).await
        }
    }
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

/// Saves a draft; saving a published post is Update, which goes through `publish`.
async fn save_without_publishing(
    state: &AppState,
    signed_in: &SignedIn,
    existing: Option<Post>,
    content: &PostContent,
) -> Result<Response, AppError> {
    let published = existing
        .as_ref()
        .is_some_and(|p| p.status == PostStatus::Published);
    if published {
        // Under approval a student's change to a published post goes to review.
        return publish(state, signed_in, existing, content).await;
    }
    let id = write_text(state, signed_in, existing.as_ref(), content, None).await?;
    Ok(Redirect::to(&format!("/posts/{id}/edit?saved=draft")).into_response())
}

/// Publishes, or submits for review when the class's rule says so for this person.
async fn publish(
    state: &AppState,
    signed_in: &SignedIn,
    existing: Option<Post>,
    content: &PostContent,
) -> Result<Response, AppError> {
    let user = &signed_in.user;
    let target = status_on_publish(user, signed_in.viewer.site.posts_need_approval);
    let already_published = existing
        .as_ref()
        .is_some_and(|p| p.status == PostStatus::Published);
    // A change to a live post that stays live keeps the old version in the history.
    let revision = (already_published && target == PostStatus::Published).then_some(user.id);
    let post_id = write_text(state, signed_in, existing.as_ref(), content, revision).await?;
    if target == PostStatus::Review {
        state.store.submit_post_for_review(post_id).await?;
        tracing::info!(post_id, by = %user.username, "post submitted for review");
        return Ok(Redirect::to(&format!("/posts/{post_id}/edit?saved=review")).into_response());
    }
    if !already_published {
        let now = Timestamp::now();
        let publication = Publication {
            at: now,
            month: signed_in.viewer.zone().month_key(now),
        };
        state
            .store
            .publish_post(post_id, &publication, user.id)
            .await?;
        tracing::info!(post_id, by = %user.username, "post published");
    }
    let post = state
        .store
        .post_by_id(post_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Redirect::to(&post.path()).into_response())
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

/// `GET /write/resume/{token}`: the text of a form posted after the session ended, in the
/// Write or edit page; nothing is saved until the writer presses a button again.
pub async fn resume_text(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let text = resume::kept_text(&state, &token)
        .await?
        .ok_or(AppError::NotFound)?;
    let post = match text.post_id {
        Some(id) => Some(editable_post(&state, &signed_in, id).await?),
        None => None,
    };
    let mut page = WritePage::new(&signed_in, post);
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
