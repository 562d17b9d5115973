//! `POST /preview`: the rendered body alone, for the live preview beside the editor.

use axum::Form;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::cpu;
use crate::error::AppError;
use crate::posts::Body;
use crate::posts::markdown;
use crate::web::viewer::SignedIn;

/// The live preview's form.
#[derive(Debug, Deserialize)]
pub struct PreviewForm {
    #[serde(default)]
    body: String,
}

/// `POST /preview`: the rendered body alone, for the live preview beside the editor.
pub async fn preview_fragment(
    _: SignedIn,
    Form(form): Form<PreviewForm>,
) -> Result<Response, AppError> {
    let body = Body::parse(&form.body).map_err(AppError::BadRequest)?;
    let html = cpu::run(move || markdown::render_preview(body.as_str()).html).await?;
    Ok(Html(html.to_string()).into_response())
}
