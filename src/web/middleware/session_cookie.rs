//! Sends a session's renewed cookie back, never on an answer a shared cache may keep.

use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar};

/// The session cookie to send again: reading the session moved its end out.
#[derive(Clone, Debug)]
pub struct RenewedCookie(pub Cookie<'static>);

/// Adds the [`RenewedCookie`] the viewer layer found, if any, to whatever answer comes back.
pub async fn renew(request: Request, next: Next) -> Response {
    let renewed = request.extensions().get::<RenewedCookie>().cloned();
    let response = next.run(request).await;
    match renewed {
        // A response a shared cache may keep must never carry someone's session cookie.
        Some(RenewedCookie(cookie)) if !publicly_cacheable(&response) => {
            (CookieJar::new().add(cookie), response).into_response()
        }
        _ => response,
    }
}

fn publicly_cacheable(response: &Response) -> bool {
    response
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("public"))
}
