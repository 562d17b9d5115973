//! Pages whose features land next.

use axum::response::Response;

use super::extract::Teacher;
use super::pages::coming_next;
use crate::error::AppError;

/// `GET /moderation`
pub async fn moderation(teacher: Teacher) -> Result<Response, AppError> {
    coming_next(
        &teacher.0.viewer,
        "Moderation",
        "Comments and their moderation queue arrive in a coming release of quire.",
    )
}
