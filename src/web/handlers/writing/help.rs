//! `GET /help/writing`: "How to write a post", linked from the Write page.

use askama::Template;
use axum::response::Response;

use crate::error::AppError;
use crate::web::layout::{Layout, render};
use crate::web::viewer::Viewer;

#[derive(Template)]
#[template(path = "help_writing.html")]
struct HelpPage {
    layout: Layout,
}

/// `GET /help/writing`
pub async fn writing_help(viewer: Viewer) -> Result<Response, AppError> {
    render(&HelpPage {
        layout: viewer.layout("How to write a post"),
    })
}
