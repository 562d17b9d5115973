//! The upload form: which service the export is from, and the file. A file over the
//! size limit is refused from its declared length, before it is read; a file that is
//! not an export of that service comes back with the reason beside the file field.

use askama::Template;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::AppError;
use crate::import::{self, ImportError, MAX_EXPORT_BYTES, SourceKind};
use crate::web::forms::{FieldErrors, field_text};
use crate::web::layout::{Layout, render, render_status};
use crate::web::state::AppState;
use crate::web::viewer::Teacher;

/// The route's body limit: the largest export, and room for the form around it.
pub const UPLOAD_BODY_LIMIT: usize = MAX_EXPORT_BYTES + 64 * 1024;

#[derive(Template)]
#[template(path = "import_upload.html")]
struct UploadPage {
    layout: Layout,
    /// `blogger` or `wordpress`, as last chosen.
    source: String,
    /// An import not yet done (waiting, running or failed), to go back to.
    active: Option<i64>,
    errors: FieldErrors,
}

async fn upload_page(
    state: &AppState,
    teacher: &Teacher,
    source: String,
    errors: FieldErrors,
) -> Result<UploadPage, AppError> {
    Ok(UploadPage {
        layout: teacher.0.viewer.layout("Import a blog"),
        source,
        active: state.store.active_blog_import().await?,
        errors,
    })
}

/// `GET /settings/import`
pub async fn import_form(
    State(state): State<AppState>,
    teacher: Teacher,
) -> Result<Response, AppError> {
    render(&upload_page(&state, &teacher, "blogger".to_owned(), FieldErrors::new()).await?)
}

/// `POST /settings/import`: keeps the file and sends the teacher to its preview.
pub async fn upload_export(
    State(state): State<AppState>,
    teacher: Teacher,
    request: Request,
) -> Result<Response, AppError> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let form = if declared.is_some_and(|length| length > UPLOAD_BODY_LIMIT as u64) {
        Err(("blogger", too_big()))
    } else {
        read_form(request, &state).await?
    };
    let (source, file_name, bytes) = match form {
        Ok(form) => form,
        Err((source, message)) => return refuse(&state, &teacher, source, "export", message).await,
    };
    let Some(kind) = SourceKind::parse(&source) else {
        let message = "Choose Blogger or WordPress.".to_owned();
        return refuse(&state, &teacher, "blogger", "source", message).await;
    };
    if let Err(why) = import::read_and_plan(&state.store, kind, bytes.clone()).await {
        return refuse(&state, &teacher, &source, "export", why.sentence()).await;
    }
    let id = state
        .store
        .save_uploaded_import(teacher.0.user.id, kind.as_str(), &file_name, &bytes)
        .await?;
    tracing::info!(id, by = %teacher.0.user.username, "blog export uploaded");
    Ok(Redirect::to(&format!("/settings/import/{id}")).into_response())
}

/// The form again, with `message` beside `field`: 413 for a file too large, else 422.
async fn refuse(
    state: &AppState,
    teacher: &Teacher,
    source: &str,
    field: &'static str,
    message: String,
) -> Result<Response, AppError> {
    let status = if message == too_big() {
        StatusCode::PAYLOAD_TOO_LARGE
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut errors = FieldErrors::new();
    errors.add(field, message);
    let page = upload_page(state, teacher, source.to_owned(), errors).await?;
    render_status(status, &page)
}

/// The source, file name and bytes; or the chosen source and why the file is refused.
type UploadForm = Result<(String, String, Vec<u8>), (&'static str, String)>;

async fn read_form(request: Request, state: &AppState) -> Result<UploadForm, AppError> {
    let unreadable = || AppError::BadRequest("The form could not be read.");
    let too_large = || Ok(Err(("blogger", too_big())));
    let mut multipart = Multipart::from_request(request, state)
        .await
        .map_err(|_| unreadable())?;
    let (mut source, mut file) = (String::new(), None);
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_large(),
            Err(_) => return Err(unreadable()),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().unwrap_or_default().to_owned();
        let bytes = match field.bytes().await {
            Ok(bytes) => bytes,
            Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_large(),
            Err(_) => return Err(unreadable()),
        };
        match name.as_str() {
            "source" => source = field_text(&bytes)?,
            "export" => file = Some((file_name, bytes.to_vec())),
            _ => {}
        }
    }
    let chosen = match source.as_str() {
        "wordpress" => "wordpress",
        _ => "blogger",
    };
    Ok(match file {
        Some((_, bytes)) if bytes.len() > MAX_EXPORT_BYTES => Err((chosen, too_big())),
        Some((name, bytes)) if !bytes.is_empty() => {
            Ok((source, name.chars().take(200).collect(), bytes))
        }
        _ => Err((chosen, "Choose the export file first.".to_owned())),
    })
}

fn too_big() -> String {
    ImportError::TooLarge.sentence()
}
