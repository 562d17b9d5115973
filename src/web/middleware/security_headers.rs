//! The security headers every response carries, pages or not, set in one step.

use axum::http::{HeaderName, HeaderValue, header};
use axum::response::Response;

/// No script or style from anywhere but quire itself, no inline script, no framing of
/// quire. The two video players may be framed, and only after a person presses play.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     frame-src https://www.youtube-nocookie.com https://player.vimeo.com; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The headers as (name, value) pairs, made at compile time (`const`): setting them
/// checks and copies no bytes.
fn security_headers() -> [(HeaderName, HeaderValue); 5] {
    [
        (
            header::CONTENT_SECURITY_POLICY,
            const { HeaderValue::from_static(CONTENT_SECURITY_POLICY) },
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            const { HeaderValue::from_static("nosniff") },
        ),
        // Students' pages link out; the address of a child's page is nobody else's business.
        (
            header::REFERRER_POLICY,
            const { HeaderValue::from_static("same-origin") },
        ),
        // For browsers that predate frame-ancestors.
        (
            header::X_FRAME_OPTIONS,
            const { HeaderValue::from_static("DENY") },
        ),
        (
            const { HeaderName::from_static("permissions-policy") },
            const {
                HeaderValue::from_static(
                    "camera=(), microphone=(), geolocation=(), interest-cohort=()",
                )
            },
        ),
    ]
}

/// Sets the security headers on `response`, replacing any a handler set.
pub fn secure(response: &mut Response) {
    let headers = response.headers_mut();
    let pairs = security_headers();
    headers.reserve(pairs.len());
    for (name, value) in pairs {
        headers.insert(name, value);
    }
}
