//! Tells the store that what pages show may have changed, after every request that may
//! write (anything but GET and HEAD). The store's write path will say so itself instead.

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use crate::web::state::AppState;

/// Moves the content generation once the handler is done, before the answer leaves.
pub async fn bump_after_writes(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let may_write = !matches!(*request.method(), Method::GET | Method::HEAD);
    let response = next.run(request).await;
    if may_write {
        // This instance's kept pages go at once, before the answer leaves; other
        // instances hear of the change from the database (store/changes.rs).
        state.store.content_changed();
    }
    response
}
