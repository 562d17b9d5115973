//! The home page, and the pages whose features land next.

use askama::Template;
use axum::response::Response;

use super::extract::{SignedIn, Teacher, Viewer};
use super::pages::{Layout, coming_next, render};
use crate::error::AppError;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
}

/// `GET /`
pub async fn home(viewer: Viewer) -> Result<Response, AppError> {
    render(&HomePage {
        layout: viewer.layout("Home"),
    })
}

/// `GET /write`
pub async fn write(signed_in: SignedIn) -> Result<Response, AppError> {
    coming_next(
        &signed_in.viewer,
        "Write",
        "Writing posts arrives in the next release of quire.",
    )
}

/// `GET /moderation`
pub async fn moderation(teacher: Teacher) -> Result<Response, AppError> {
    coming_next(
        &teacher.0.viewer,
        "Moderation",
        "Comments and their moderation queue arrive in a coming release of quire.",
    )
}
