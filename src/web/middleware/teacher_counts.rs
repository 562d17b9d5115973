//! The number beside "Moderation" in a teacher's navigation: the comments waiting.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::accounts::User;
use crate::web::state::AppState;
use crate::web::viewer::Viewer;

/// Counts the moderation queue into the viewer, for teachers only (one query); a failed
/// count shows as none rather than failing the page.
pub async fn count_waiting(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let is_teacher = request
        .extensions()
        .get::<Viewer>()
        .and_then(|viewer| viewer.user.as_ref())
        .is_some_and(User::is_teacher);
    if is_teacher {
        let count = state
            .store
            .pending_comment_count()
            .await
            .unwrap_or_else(|error| {
                tracing::warn!(%error, "could not count the moderation queue");
                0
            });
        if let Some(viewer) = request.extensions_mut().get_mut::<Viewer>() {
            viewer.moderation_count = count;
        }
    }
    next.run(request).await
}
