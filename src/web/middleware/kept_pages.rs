//! Gives readers who are not signed in the page kept in memory (see `page_cache`).

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::export::Reader;
use crate::web::page_cache;
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

/// The kept page for a GET that carries no cookie at all, answered before the route
/// table and its layers, when that is the answer they would give: such a reader is
/// nobody (no session, no family link), and on a public, set-up site nothing below
/// would stop them. The kept page's address passed the address checks when it was
/// kept, its answer is a `200` no layer below changes, and it is compressed the way the
/// compression layer would let through. Anything else takes the long way.
pub fn from_memory(state: &AppState, request: &Request) -> Option<Response> {
    let headers = request.headers();
    let plain_read = request.method() == Method::GET
        && !headers.contains_key(header::COOKIE)
        && request.extensions().get::<Reader>().is_none()
        && page_cache::encodes_itself(headers);
    if !plain_read || !state.known_set_up() {
        return None;
    }
    let generation = state.store.content_version()?;
    // The settings as of this generation: a class-only site sends strangers to sign in.
    if !state.public_at(generation)? {
        return None;
    }
    state.page_cache.kept(generation, request)
}
