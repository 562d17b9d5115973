//! Sends a session's renewed cookie back, never on an answer a shared cache may keep.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar};

/// Adds the session cookie the viewer layer renewed, if any, to the answer.
pub fn renew(response: Response, renewed: Option<Cookie<'static>>) -> Response {
    match renewed {
        // A response a shared cache may keep must never carry someone's session cookie.
        Some(cookie) if !publicly_cacheable(&response) => {
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
