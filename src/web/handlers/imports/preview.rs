//! The preview: what the uploaded export will bring in (posts with their dates, drafts,
//! comments and labels; new accounts; pictures to fetch) and what stays out, worked
//! out afresh from the kept file by whichever instance is asked. Nothing is written
//! until Import; Cancel deletes the file.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::blog_import;
use crate::error::AppError;
use crate::import::{self, SourceKind, picture_count};
use crate::web::layout::{Layout, render};
use crate::web::state::AppState;
use crate::web::viewer::Teacher;

/// One post as the preview lists it.
struct PreviewPost {
    title: String,
    date: String,
    draft: bool,
    comments: usize,
    labels: String,
}

#[derive(Template)]
#[template(path = "import_preview.html")]
struct PreviewPage {
    layout: Layout,
    id: i64,
    file_name: String,
    source: &'static str,
    posts: Vec<PreviewPost>,
    comments: usize,
    new_accounts: Vec<String>,
    pictures: usize,
    already_here: usize,
    skipped: Vec<(String, String)>,
    /// Another import is running: Import waits for it.
    other_running: bool,
}

/// `GET /settings/import/{id}`: the preview, while the import waits for Import.
pub async fn show_preview(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let import = blog_import(&state, id).await?;
    if import.state != "uploaded" {
        return Ok(Redirect::to(&format!("/settings/import/{id}/progress")).into_response());
    }
    let kind = SourceKind::parse(&import.source).ok_or(AppError::NotFound)?;
    let bytes = state
        .store
        .blog_import_export(id)
        .await?
        .ok_or(AppError::NotFound)?;
    // The file was read when it was uploaded; only the database can fail here.
    let plan = import::read_and_plan(&state.store, kind, bytes)
        .await
        .map_err(|error| {
            tracing::error!(id, %error, "a kept export could not be planned");
            AppError::BadRequest(
                "The uploaded file could not be read again. Cancel and upload it once more.",
            )
        })?;
    let zone = teacher.0.viewer.zone();
    let other_running = state.store.running_blog_import().await?.is_some();
    render(&PreviewPage {
        layout: teacher.0.viewer.layout("Check the import"),
        id,
        file_name: import.file_name,
        source: kind.name(),
        comments: plan.comment_count(),
        new_accounts: plan.new_authors().map(str::to_owned).collect(),
        pictures: picture_count(&plan),
        already_here: plan.already_here,
        skipped: plan
            .skipped
            .iter()
            .map(|s| (s.what.clone(), s.why.clone()))
            .collect(),
        posts: plan
            .posts
            .iter()
            .map(|post| PreviewPost {
                title: post.title.as_str().to_owned(),
                date: zone.long_date(post.published_at),
                draft: post.draft,
                comments: post.comments.len(),
                labels: post.labels.joined(),
            })
            .collect(),
        other_running,
    })
}

/// `POST /settings/import/{id}/cancel`: deletes the uploaded file; nothing was imported.
pub async fn cancel_import(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    if state.store.cancel_blog_import(id).await? {
        tracing::info!(id, by = %teacher.0.user.username, "blog import cancelled");
    }
    Ok(Redirect::to("/settings/import").into_response())
}
