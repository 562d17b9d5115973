//! `POST /write/convert-paste`: what the editor's script sends when a student pastes from a
//! word processor or a web page; answers the Markdown to insert, as plain text.

use axum::Extension;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::signed_in;
use crate::cpu;
use crate::error::AppError;
use crate::posts::from_html;
use crate::web::error_page::ForScript;
use crate::web::forms::Form;
use crate::web::viewer::Viewer;

/// The pasted HTML, urlencoded: up to 1 MB of HTML, which encoding can make three times
/// as long.
pub const PASTE_BODY_LIMIT: usize = 3 * from_html::MAX_PASTE_BYTES + 4096;

/// The paste form.
#[derive(Debug, Deserialize)]
pub struct PasteForm {
    #[serde(default)]
    html: String,
}

/// `POST /write/convert-paste`: the Markdown for pasted HTML; 422 with a sentence for the
/// writer when the paste is too large or too deeply nested to convert.
pub async fn convert_paste(
    viewer: Viewer,
    Form(form): Form<PasteForm>,
) -> Result<Response, AppError> {
    if signed_in(viewer).is_none() {
        let message = "You are signed out. Sign in again, then paste.".to_owned();
        return Ok(plain(StatusCode::UNAUTHORIZED, message));
    }
    if let Err(refused) = from_html::check(&form.html) {
        return Ok(plain(
            StatusCode::UNPROCESSABLE_ENTITY,
            refused.message().to_owned(),
        ));
    }
    let markdown = cpu::run(move || from_html::to_markdown(&form.html)).await?;
    Ok(plain(StatusCode::OK, markdown))
}

fn plain(status: StatusCode, text: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        Extension(ForScript),
        text,
    )
        .into_response()
}
