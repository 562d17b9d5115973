//! Who may reach the pages at all: nobody before set-up, and on a class-only site only
//! the class.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::kept_pages;
use crate::error::AppError;
use crate::web::error_page::not_set_up;
use crate::web::state::AppState;
use crate::web::viewer::Viewer;

/// The gates, then the kept pages, as one layer (one layer's clones and boxing a
/// request instead of three): who may reach the page at all, then readers who are not
/// signed in are answered from memory when they can be.
pub async fn admit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let viewer = request.extensions().get::<Arc<Viewer>>().cloned();
    let setup_link = request.uri().path().starts_with("/setup/");
    if let Some(refusal) = require_setup(&state, setup_link, viewer.as_deref()).await {
        return refusal;
    }
    if let Some(refusal) = require_reader(&request) {
        return refusal;
    }
    kept_pages::serve_kept(&state, request, next).await
}

/// Until the first teacher exists, every page but the set-up link says so.
async fn require_setup(
    state: &AppState,
    setup_link: bool,
    viewer: Option<&Viewer>,
) -> Option<Response> {
    if setup_link {
        return None;
    }
    match state.is_set_up().await {
        Ok(true) => None,
        Ok(false) => Some(match viewer {
            Some(viewer) => not_set_up(viewer).into_response(),
            None => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        }),
        Err(error) => {
            tracing::error!(%error, "could not check whether set-up is done");
            Some(StatusCode::SERVICE_UNAVAILABLE.into_response())
        }
    }
}

/// The writing forms and the editor's endpoints check the session themselves: a form
/// whose session ended keeps its text until the writer signs in again, and a script gets
/// a 401 it can act on instead of the sign-in page.
fn keeps_text_when_signed_out(method: &axum::http::Method, path: &str) -> bool {
    method == axum::http::Method::POST
        && (path == "/write"
            || path.starts_with("/posts/")
                && (path.ends_with("/edit") || path.ends_with("/autosave"))
            || path == "/write/autosave"
            || path == "/write/convert-paste"
            || path == "/media")
}

/// On a class-only site, every page but signing in and the family link needs an account
/// or the family link: a stranger is sent to sign in and brought back. A family reader
/// only reads: anything else it asks is refused.
fn require_reader(request: &Request) -> Option<Response> {
    let path = request.uri().path();
    let open_to_all = path == "/sign-in"
        || path == "/robots.txt"
        || path.starts_with("/setup/")
        || path.starts_with("/family/")
        || keeps_text_when_signed_out(request.method(), path);
    let reads = matches!(*request.method(), Method::GET | Method::HEAD);
    match request.extensions().get::<Arc<Viewer>>() {
        Some(viewer) if viewer.family && !open_to_all && !reads => {
            tracing::warn!(path = %path, "a family reader's request that was not reading refused");
            Some(AppError::Forbidden.into_response())
        }
        Some(viewer) if !open_to_all && !viewer.may_read_site() => {
            let next = request.uri().path_and_query().map_or("/", |p| p.as_str());
            Some(
                AppError::SignInRequired {
                    next: next.to_owned(),
                }
                .into_response(),
            )
        }
        _ => None,
    }
}
