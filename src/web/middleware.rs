//! Every middleware layer, in order, with the reason each is there.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use tower_http::csrf::ProtectionError;

use super::AppState;
use super::extract::Viewer;
use super::pages::{draw_error_page, not_set_up};
use super::session;
use crate::error::{ErrorNotice, message_for};

/// Largest request body a page accepts; a bigger one gets a 413 page.
pub const BODY_LIMIT: usize = 1024 * 1024;
/// The Write form carries a picture of up to 10 MB besides the text.
pub const WRITE_BODY_LIMIT: usize = 12 * 1024 * 1024;
/// A request still running after this gets a 408 page instead of hanging a child's browser.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// No script or style from anywhere but quire itself, no inline script, no framing of
/// quire. The two video players may be framed, and only after a person presses play.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     frame-src https://www.youtube-nocookie.com https://player.vimeo.com; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The security headers every response carries, as (name, value) pairs.
pub fn security_headers() -> [(HeaderName, HeaderValue); 5] {
    [
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        // Students' pages link out; the address of a child's page is nobody else's business.
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ),
        // For browsers that predate frame-ancestors.
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(
                "camera=(), microphone=(), geolocation=(), interest-cohort=()",
            ),
        ),
    ]
}

/// Loads the viewer (session and site settings) once per request, renews the
/// session cookie when due, and draws the error page for any error response.
pub async fn load_viewer(
    State(state): State<AppState>,
    jar: CookieJar,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let (session, site) =
        match tokio::try_join!(session::from_cookies(&state, &jar), state.site_settings()) {
            Ok(found) => found,
            Err(error) => {
                tracing::error!(%error, "could not load the session or settings");
                let viewer = Viewer {
                    user: None,
                    session_hash: None,
                    site: Default::default(),
                    path,
                    base_url: state.settings.base_url.to_string(),
                    moderation_count: 0,
                };
                return draw_error_page(StatusCode::SERVICE_UNAVAILABLE.into_response(), &viewer);
            }
        };
    let renewed_cookie = session.as_ref().and_then(|s| s.renewed_cookie.clone());
    let is_teacher = session.as_ref().is_some_and(|s| s.user.is_teacher());
    let moderation_count = if is_teacher {
        state
            .store
            .pending_comment_count()
            .await
            .unwrap_or_else(|error| {
                tracing::warn!(%error, "could not count the moderation queue");
                0
            })
    } else {
        0
    };
    let viewer = Viewer {
        user: session.as_ref().map(|s| s.user.clone()),
        session_hash: session.map(|s| s.token_hash),
        site,
        path,
        base_url: state.settings.base_url.to_string(),
        moderation_count,
    };
    request.extensions_mut().insert(viewer.clone());
    let response = next.run(request).await;
    let response = draw_error_page(response, &viewer);
    // A response a shared cache may keep must never carry someone's session cookie.
    let shared_cacheable = response
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("public"));
    match renewed_cookie {
        Some(cookie) if !shared_cacheable => (jar.add(cookie), response).into_response(),
        _ => response,
    }
}

/// Until the first teacher exists, every page but the set-up link says so.
pub async fn require_setup(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if request.uri().path().starts_with("/setup/") {
        return next.run(request).await;
    }
    match state.is_set_up().await {
        Ok(true) => next.run(request).await,
        Ok(false) => match request.extensions().get::<Viewer>() {
            Some(viewer) => not_set_up(viewer).into_response(),
            None => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        },
        Err(error) => {
            tracing::error!(%error, "could not check whether set-up is done");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// On a class-only site, every page but signing in needs an account.
pub async fn require_reader(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let open_to_all = path == "/sign-in" || path == "/robots.txt" || path.starts_with("/setup/");
    match request.extensions().get::<Viewer>() {
        Some(viewer) if !open_to_all && !viewer.may_read_site() => {
            let next = request.uri().path_and_query().map_or("/", |p| p.as_str());
            let target = format!("/sign-in?next={}", crate::error::urlencode(next));
            Redirect::to(&target).into_response()
        }
        _ => next.run(request).await,
    }
}

/// The cross-origin guard's refusal, with a message a person can act on.
pub fn cross_origin_refusal(error: ProtectionError) -> Response {
    tracing::warn!(%error, "cross-origin form refused");
    let mut response = StatusCode::FORBIDDEN.into_response();
    response.extensions_mut().insert(ErrorNotice(
        "This form was sent from another site, so quire refused it. \
         Open the page on this site and try again.",
    ));
    response
}

/// A panic becomes a plain 500 (drawn as a page by `load_viewer`); the log has the details.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown");
    tracing::error!(detail, "a handler panicked");
    let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
    response
        .extensions_mut()
        .insert(ErrorNotice(message_for(StatusCode::INTERNAL_SERVER_ERROR)));
    response
}
