//! The pages that belong to no one area: the site's error page, drawn for any bare
//! error response, and "not set up yet".

use askama::Template;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::layout::{Layout, render_status};
use super::viewer::Viewer;
use crate::error::{AppError, ErrorNotice, message_for};

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    status: u16,
    message: &'static str,
}

/// Marks an error answer meant for a script (the editor's JSON and plain-text answers),
/// which is sent as it is instead of being drawn as a page.
#[derive(Clone, Copy, Debug)]
pub struct ForScript;

/// Gives any error response that is not already a page the site's error page,
/// in the viewer's own layout: handler errors, extractor rejections, the
/// cross-origin guard's 403, the body limit's 413, the timeout's 408.
pub fn draw(response: Response, viewer: &Viewer) -> Response {
    let status = response.status();
    let is_error = status.is_client_error() || status.is_server_error();
    if !is_error
        || is_html(response.headers())
        || response.extensions().get::<ForScript>().is_some()
    {
        return response;
    }
    let message = response
        .extensions()
        .get::<ErrorNotice>()
        .map_or_else(|| message_for(status), |notice| notice.0);
    if status.is_client_error() && status != StatusCode::NOT_FOUND {
        tracing::warn!(status = status.as_u16(), path = %viewer.path, "request refused");
    }
    let page = ErrorPage {
        layout: viewer.layout(status.canonical_reason().unwrap_or("Error")),
        status: status.as_u16(),
        message,
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    match page.render() {
        Ok(html) => {
            let mut page = Html(html).into_response();
            parts.headers.remove(header::CONTENT_TYPE);
            page.headers_mut().extend(parts.headers);
            *page.status_mut() = status;
            page
        }
        Err(error) => {
            tracing::error!(%error, "the error page failed to render");
            (status, message).into_response()
        }
    }
}

fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"))
}

#[derive(Template)]
#[template(path = "not_set_up.html")]
struct NotSetUpPage {
    layout: Layout,
}

/// The page every address shows until the first teacher has used the set-up link.
pub fn not_set_up(viewer: &Viewer) -> Result<Response, AppError> {
    let page = NotSetUpPage {
        layout: viewer.layout("Not set up yet"),
    };
    render_status(StatusCode::SERVICE_UNAVAILABLE, &page)
}
