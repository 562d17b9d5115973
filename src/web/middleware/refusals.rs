//! Answers made by layers rather than handlers: the cross-origin refusal and a panic's 500.
//! Both are bare statuses with a message; `error_pages` draws them as pages.

use axum::http::StatusCode;
use axum::response::Response;
use tower_http::csrf::ProtectionError;

use crate::error::{message_for, notice};

/// The cross-origin guard's refusal, with a message a person can act on.
pub fn cross_origin_refusal(error: ProtectionError) -> Response {
    tracing::warn!(%error, "cross-origin form refused");
    notice(
        StatusCode::FORBIDDEN,
        "This form was sent from another site, so quire refused it. \
         Open the page on this site and try again.",
    )
}

/// A panic becomes a plain 500; the log has the details, the person a kind message.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown");
    tracing::error!(detail, "a handler panicked");
    notice(
        StatusCode::INTERNAL_SERVER_ERROR,
        message_for(StatusCode::INTERNAL_SERVER_ERROR),
    )
}
