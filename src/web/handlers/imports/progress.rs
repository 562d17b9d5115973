//! Starting an import and watching it: the page refreshes itself every few seconds
//! (no script needed) while the import runs, names the stage in a status line, and
//! shows the report when it is done, with the new accounts' password sheet.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::blog_import;
use crate::error::AppError;
use crate::import::{self, Report, SourceKind};
use crate::web::layout::{Layout, render};
use crate::web::state::AppState;
use crate::web::viewer::Teacher;

/// Seconds between the running page's refreshes.
const REFRESH_SECONDS: u32 = 3;

#[derive(Template)]
#[template(path = "import_progress.html")]
struct ProgressPage {
    layout: Layout,
    id: i64,
    file_name: String,
    source: &'static str,
    /// `running`, `done` or `failed`.
    state: String,
    /// The running import's stage, in words.
    status: String,
    refresh: u32,
    error: Option<String>,
    report: Option<Report>,
    sheet: Option<String>,
}

/// `POST /settings/import/{id}/start`: runs the import in this instance; any instance
/// shows its progress.
pub async fn start_import(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let fetching = state.import_fetching.clone();
    if import::start(&state.store, id, teacher.0.user.id, fetching).await? {
        tracing::info!(id, by = %teacher.0.user.username, "blog import started");
        return Ok(Redirect::to(&format!("/settings/import/{id}/progress")).into_response());
    }
    // Already started (a second press), or another import is running: the preview or
    // the progress page says which.
    Ok(Redirect::to(&format!("/settings/import/{id}")).into_response())
}

/// `GET /settings/import/{id}/progress`
pub async fn show_progress(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let import = blog_import(&state, id).await?;
    if import.state == "uploaded" {
        return Ok(Redirect::to(&format!("/settings/import/{id}")).into_response());
    }
    let status = match (import.state.as_str(), import.stage.as_str()) {
        ("running", "pictures") => format!(
            "Fetching pictures from the old blog: {} of {}.",
            import.pictures_done, import.pictures_total
        ),
        ("running", "writing") => "Writing the posts and comments.".to_owned(),
        ("running", _) => "Reading the file.".to_owned(),
        ("done", _) => "The import is finished.".to_owned(),
        _ => "The import failed.".to_owned(),
    };
    let heading = match import.state.as_str() {
        "running" => "Importing",
        "done" => "Import finished",
        _ => "Import failed",
    };
    let mut response = render(&ProgressPage {
        layout: teacher.0.viewer.layout(heading),
        id,
        source: SourceKind::parse(&import.source).map_or("", SourceKind::name),
        file_name: import.file_name,
        status,
        refresh: REFRESH_SECONDS,
        error: (import.state == "failed")
            .then(|| import.error.unwrap_or_else(|| import::STOPPED.to_owned())),
        report: import.report.as_deref().map(Report::from_json),
        sheet: import.sheet_token,
        state: import.state,
    })?;
    // Each refresh must ask the server again.
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}
