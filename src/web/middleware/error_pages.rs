//! Draws the site's error page, in the viewer's own layout, for any bare error response
//! from below: handler errors, extractor rejections, the cross-origin guard's 403, the
//! body limit's 413, the timeout's 408, a panic's 500.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

use crate::web::error_page;
use crate::web::viewer::Viewer;

/// Runs the request, then draws the error page over a bare error answer.
pub async fn draw_errors(request: Request, next: Next) -> Response {
    let viewer = request.extensions().get::<Viewer>().cloned();
    let response = next.run(request).await;
    match viewer {
        Some(viewer) => error_page::draw(response, &viewer),
        None => response,
    }
}
