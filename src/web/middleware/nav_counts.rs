//! The numbers in a signed-in member's navigation: "Your posts (N)" for their unread
//! events, and for teachers "Moderation (N)" for the comments and posts waiting.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::accounts::User;
use crate::web::state::AppState;
use crate::web::viewer::Viewer;

/// Counts into the viewer, for members only (one indexed query; the page cache never
/// keeps a member's page, so every instance reads the numbers fresh from the database).
/// A failed count shows as none rather than failing the page.
pub async fn count_for_navigation(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let member = request
        .extensions()
        .get::<Viewer>()
        .and_then(|viewer| viewer.user.as_ref())
        .map(|user| (user.id, User::is_teacher(user)));
    if let Some((user_id, is_teacher)) = member {
        let counts = state
            .store
            .navigation_counts(user_id, is_teacher)
            .await
            .unwrap_or_else(|error| {
                tracing::warn!(%error, "could not count the navigation's numbers");
                Default::default()
            });
        if let Some(viewer) = request.extensions_mut().get_mut::<Viewer>() {
            viewer.moderation_count = counts.waiting;
            viewer.unread_count = counts.unread;
        }
    }
    next.run(request).await
}
