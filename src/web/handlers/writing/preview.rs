//! `POST /preview`: the rendered body alone, for the live preview beside the editor.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::cpu;
use crate::error::AppError;
use crate::posts::Body;
use crate::posts::markdown;
use crate::web::forms::Form;
use crate::web::viewer::SignedIn;

/// The live preview's form.
#[derive(Debug, Deserialize)]
pub struct PreviewForm {
    #[serde(default)]
    body: String,
}

/// What the preview shows instead of the post when the body is refused: the same
/// message the form shows beside the field.
#[derive(Template)]
#[template(
    source = r#"<p class="field-error" role="alert">{{ problem }}</p>"#,
    ext = "html"
)]
struct PreviewProblem {
    problem: &'static str,
}

/// `POST /preview`: the rendered body alone, for the live preview beside the editor;
/// checking and rendering run on the CPU pool. A refused body answers 422 with the
/// reason, as a fragment the editor can show in place of the preview.
pub async fn preview_fragment(
    _: SignedIn,
    Form(form): Form<PreviewForm>,
) -> Result<Response, AppError> {
    match Body::parse_in_pool(form.body).await? {
        Ok(body) => {
            let html = cpu::run(move || markdown::render_preview(body.as_str()).html).await?;
            Ok(Html(html.to_string()).into_response())
        }
        Err(problem) => {
            let fragment = PreviewProblem { problem }.render()?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(fragment)).into_response())
        }
    }
}
