//! The Write form as posted: multipart (for the picture field) or, from a client without
//! files, urlencoded; read into one `WriteForm` either way.

use crate::web::forms::{Form, field_text};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{StatusCode, header};
use serde::Deserialize;

use crate::error::AppError;
use crate::web::state::AppState;

/// What the pressed button asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteAction {
    /// Save a draft, or save changes to a published post.
    Save,
    /// Show the rendered post without saving.
    Preview,
    /// Publish, or submit for review.
    Publish,
    /// Upload the chosen picture and come back to the form.
    Upload,
}

/// A picture chosen in the form.
#[derive(Debug)]
pub struct ChosenFile {
    /// As the browser named it.
    pub name: String,
    /// The file as sent.
    pub bytes: Vec<u8>,
}

/// The Write form, read from multipart or urlencoded bodies alike.
#[derive(Debug)]
pub struct WriteForm {
    /// As typed; judged by the handler, not here.
    pub title: String,
    /// The Markdown as typed.
    pub body: String,
    /// Comma-separated, as typed.
    pub labels: String,
    /// The button pressed.
    pub action: WriteAction,
    /// A picture to upload, if one was chosen.
    pub image: Option<ChosenFile>,
}

#[derive(Debug, Default, Deserialize)]
struct WriteFields {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    labels: String,
    #[serde(default)]
    action: String,
}

fn action_from(value: &str) -> WriteAction {
    match value {
        "preview" => WriteAction::Preview,
        "publish" => WriteAction::Publish,
        "upload" => WriteAction::Upload,
        _ => WriteAction::Save,
    }
}

impl FromRequest<AppState> for WriteForm {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, AppError> {
        let is_multipart = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if !is_multipart {
            let Form(fields) = Form::<WriteFields>::from_request(request, state)
                .await
                .map_err(|_| AppError::BadRequest("The form could not be read."))?;
            return Ok(WriteForm {
                action: action_from(&fields.action),
                title: fields.title,
                body: fields.body,
                labels: fields.labels,
                image: None,
            });
        }
        let mut multipart = Multipart::from_request(request, state)
            .await
            .map_err(|_| AppError::BadRequest("The form could not be read."))?;
        let mut fields = WriteFields::default();
        let mut image = None;
        while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let bytes = field.bytes().await.map_err(multipart_error)?;
            let text = || field_text(&bytes);
            match name.as_str() {
                "title" => fields.title = text()?,
                "body" => fields.body = text()?,
                "labels" => fields.labels = text()?,
                "action" => fields.action = text()?,
                "image" if !bytes.is_empty() => {
                    image = Some(ChosenFile {
                        name: file_name.unwrap_or_default(),
                        bytes: bytes.to_vec(),
                    });
                }
                _ => {}
            }
        }
        Ok(WriteForm {
            action: action_from(&fields.action),
            title: fields.title,
            body: fields.body,
            labels: fields.labels,
            image,
        })
    }
}

fn multipart_error(error: axum::extract::multipart::MultipartError) -> AppError {
    tracing::warn!(%error, "unreadable multipart form");
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        AppError::BadRequest("The form could not be read.")
    }
}
