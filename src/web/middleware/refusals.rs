//! Answers made by layers rather than handlers: addresses no page can have, the
//! cross-origin refusal and a panic's 500. All are bare statuses with a message;
//! `error_pages` draws them as pages.

use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use tower_http::csrf::ProtectionError;

use crate::error::{AppError, message_for, notice};
use crate::text;
use crate::web::forms::decoded_parts;

/// The longest address (path and query) a page answers; hyper itself refuses one over
/// 64 KB with a bare 414 before quire sees it. The search box sends at most a few hundred.
pub const ADDRESS_MAX: usize = 8 * 1024;

/// Refuses, before any handler or cache reads it, an address no page can have: one over
/// [`ADDRESS_MAX`] (414), a path that decodes to a control character or to bytes that
/// are not UTF-8 (404: there is nothing there), a query that does (400). Every handler's
/// `Path` and `Query` then holds plain text, and both databases answer alike.
pub fn refuse_odd_addresses(uri: &Uri) -> Option<Response> {
    let length = uri.path_and_query().map_or(0, |pq| pq.as_str().len());
    if length > ADDRESS_MAX {
        return Some(notice(
            StatusCode::URI_TOO_LONG,
            "That address is too long for quire to read. If you were searching, \
             try fewer words.",
        ));
    }
    let path_is_plain = percent_decode_str(uri.path())
        .decode_utf8()
        .is_ok_and(|path| text::check_address_part(&path).is_ok());
    if !path_is_plain {
        return Some(AppError::NotFound.into_response());
    }
    let query_is_plain = uri.query().is_none_or(|query| {
        decoded_parts(query.as_bytes())
            .all(|part| part.is_some_and(|part| text::check_address_part(&part).is_ok()))
    });
    if !query_is_plain {
        return Some(notice(
            StatusCode::BAD_REQUEST,
            "This address holds characters quire cannot read. \
             Go back and follow a link instead.",
        ));
    }
    None
}

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
