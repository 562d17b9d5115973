//! Marks every answer to a signed-in reader `private, no-store`: it may carry their
//! name, drafts or pending comments, and neither a shared computer's browser cache nor a
//! proxy should keep it. A family reader's answers too: they are a class-only blog's. An answer that already says how it may be kept (a picture) is
//! left as it is.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::web::viewer::Viewer;

/// Adds `Cache-Control: private, no-store` to a signed-in or family reader's answers.
pub async fn mark_private(request: Request, next: Next) -> Response {
    let signed_in = request
        .extensions()
        .get::<Viewer>()
        .is_some_and(|viewer| viewer.user.is_some() || viewer.family);
    let mut response = next.run(request).await;
    if signed_in && !response.headers().contains_key(header::CACHE_CONTROL) {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    response
}
