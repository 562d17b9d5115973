//! Gives readers who are not signed in the page kept in memory (see `page_cache`).

use std::sync::Arc;

use axum::extract::Request;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use crate::web::state::AppState;
use crate::web::viewer::Viewer;

/// A GET from a reader who is not signed in goes through the page cache (a static
/// copy's page differs, and is neither kept nor served from memory); anything else,
/// or anything while the content generation is unknown, goes straight to the handler.
pub async fn serve_kept(state: &AppState, request: Request, next: Next) -> Response {
    let anonymous = request
        .extensions()
        .get::<Arc<Viewer>>()
        .is_some_and(|viewer| viewer.user.is_none() && !viewer.exported);
    // Read before rendering: a page rendered from newer data than its generation says is
    // merely dropped early, never kept too long.
    let generation = state.store.content_version();
    match (generation, anonymous, request.method()) {
        (Some(generation), true, &Method::GET) => {
            state.page_cache.serve(generation, request, next).await
        }
        _ => next.run(request).await,
    }
}
