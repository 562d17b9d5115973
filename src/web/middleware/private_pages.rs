//! Marks every answer to a signed-in reader `private, no-store`: it may carry their
//! name, drafts or pending comments, and neither a shared computer's browser cache nor a
//! proxy should keep it. A family reader's answers too: they are a class-only blog's. An answer that already says how it may be kept (a picture) is
//! left as it is.

use axum::http::{HeaderValue, header};
use axum::response::Response;

use crate::web::viewer::Viewer;

/// Adds `Cache-Control: private, no-store` to a signed-in or family reader's answers.
pub fn mark_private(mut response: Response, viewer: &Viewer) -> Response {
    let signed_in = viewer.user.is_some() || viewer.family;
    if signed_in && !response.headers().contains_key(header::CACHE_CONTROL) {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    response
}
