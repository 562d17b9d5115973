//! The Write form as posted: multipart (for the picture field) or, from a client without
//! files, urlencoded; read into one `WriteForm` either way.

use crate::web::forms::{NOT_UTF8, decoded_parts, field_text};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{StatusCode, header};
use serde::Deserialize;

use crate::error::AppError;
use crate::media::{MAX_UPLOAD_BYTES, too_large_message};
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
    /// The assignment chosen (an id, or empty for none); `None` when the form had no
    /// such field, which leaves the post's link as it is.
    pub assignment: Option<String>,
    /// The button pressed.
    pub action: WriteAction,
    /// A picture to upload, if one was chosen.
    pub image: Option<ChosenFile>,
    /// Why the chosen picture could not even be read (over the form's size limit): the
    /// fields before it are kept, and the page says what to do.
    pub image_refused: Option<String>,
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
    assignment: Option<String>,
}

fn action_from(value: &str) -> WriteAction {
    match value {
        "preview" => WriteAction::Preview,
        "publish" => WriteAction::Publish,
        "upload" => WriteAction::Upload,
        _ => WriteAction::Save,
    }
}

/// Most bytes of one text field kept: a body over the 100,000 characters allowed is still
/// read, so the page can give it back with the message.
const TEXT_FIELD_LIMIT: usize = crate::web::layers::WRITE_BODY_LIMIT;
/// Most bytes of a whole Write form read. The route has no other limit, so that a phone
/// photo over the picture limit is read to its end (and measured) instead of cutting
/// the request short: the fields after it (the pressed button) still arrive, and the page
/// can say how big the photo was.
pub const WRITE_FORM_LIMIT: u64 = 64 * 1024 * 1024;

impl FromRequest<AppState> for WriteForm {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, AppError> {
        let is_multipart = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if !is_multipart {
            return read_urlencoded(request).await;
        }
        let mut multipart = Multipart::from_request(request, state)
            .await
            .map_err(|_| AppError::BadRequest("The form could not be read."))?;
        let mut fields = WriteFields::default();
        let (mut image, mut image_refused, mut total) = (None, None, 0u64);
        while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let keep = if name == "image" {
                MAX_UPLOAD_BYTES
            } else {
                TEXT_FIELD_LIMIT
            };
            let (mut bytes, mut size) = (Vec::new(), 0u64);
            while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
                size += chunk.len() as u64;
                total += chunk.len() as u64;
                if total > WRITE_FORM_LIMIT {
                    return Err(AppError::TooLarge);
                }
                if bytes.len() + chunk.len() <= keep {
                    bytes.extend_from_slice(&chunk);
                } else {
                    // Over the limit: read on (to measure it and reach the fields after
                    // it) without keeping it.
                    bytes.clear();
                    bytes.shrink_to_fit();
                }
            }
            let text = || field_text(&bytes);
            match name.as_str() {
                "title" => fields.title = text()?,
                "body" => fields.body = text()?,
                "labels" => fields.labels = text()?,
                "action" => fields.action = text()?,
                "assignment" => fields.assignment = Some(text()?),
                "image" if size > MAX_UPLOAD_BYTES as u64 => {
                    image_refused = Some(too_large_message(Some(size)));
                }
                "image" if !bytes.is_empty() => {
                    image = Some(ChosenFile {
                        name: file_name.unwrap_or_default(),
                        bytes,
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
            assignment: fields.assignment,
            image,
            image_refused,
        })
    }
}

/// The form from a client that sends no files (urlencoded), within the text limits.
async fn read_urlencoded(request: Request) -> Result<WriteForm, AppError> {
    let limit = TEXT_FIELD_LIMIT;
    let bytes = axum::body::to_bytes(request.into_body(), limit)
        .await
        .map_err(|_| AppError::TooLarge)?;
    // Refused like every other form's (`forms::Form`): the lossy reading below would
    // store U+FFFD in place of a byte that is not UTF-8.
    if decoded_parts(&bytes).any(|part| part.is_none()) {
        return Err(AppError::BadRequest(NOT_UTF8));
    }
    let mut fields = WriteFields::default();
    for (name, value) in url::form_urlencoded::parse(&bytes) {
        if name == "assignment" {
            fields.assignment = Some(value.into_owned());
            continue;
        }
        let slot = match &*name {
            "title" => &mut fields.title,
            "body" => &mut fields.body,
            "labels" => &mut fields.labels,
            "action" => &mut fields.action,
            _ => continue,
        };
        *slot = value.into_owned();
    }
    Ok(WriteForm {
        action: action_from(&fields.action),
        title: fields.title,
        body: fields.body,
        labels: fields.labels,
        assignment: fields.assignment,
        image: None,
        image_refused: None,
    })
}

fn multipart_error(error: axum::extract::multipart::MultipartError) -> AppError {
    tracing::warn!(%error, "unreadable multipart form");
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        AppError::BadRequest("The form could not be read.")
    }
}
