//! Every layer a request passes, applied in one function, in order, each with its reason.

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::csrf::CsrfLayer;
use tower_http::timeout::TimeoutLayer;

use super::middleware::front_door::FrontDoor;
use super::middleware::{gates, refusals, viewer};
use super::state::AppState;

/// Largest request body a page accepts; a bigger one gets a 413 page.
pub const BODY_LIMIT: usize = 1024 * 1024;
/// The Write form carries a picture of up to 10 MB besides the text.
pub const WRITE_BODY_LIMIT: usize = 12 * 1024 * 1024;
/// A request still running after this gets a 408 page instead of hanging a child's browser.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Wraps the site's pages in the page layers and everything (pages and the `open`
/// routes: health check, static files) in the layers every response needs.
pub fn apply(pages: Router<AppState>, open: Router<AppState>, state: AppState) -> Router {
    // Outermost first: a request meets them top to bottom, the answer bottom to top
    // (after the front door at the end of this function, which it meets first).
    // Axum copies a route's whole stack of layers for every request, so the small steps
    // are grouped into two function layers (`viewer::around`, `gates::admit`) that call
    // them in this order.
    let pages = pages.layer(
        ServiceBuilder::new()
            // `viewer::around`:
            // - who is asking (with the numbers their navigation shows), read once; every
            //   layer below and every handler reads it;
            // - an address with a control character, bytes that are not UTF-8 or 8 KB of
            //   query gets a 404/400/414 page before any handler or cache reads it;
            // and on the way out, in this order:
            // - every bare error from the layers below becomes the site's error page;
            // - a signed-in reader's pages are theirs alone: no cache may keep them;
            // - a renewed session cookie goes back, never on a publicly cacheable answer.
            .layer(from_fn_with_state(state.clone(), viewer::around))
            // A stuck request gets a 408 page instead of hanging a child's browser.
            .layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                REQUEST_TIMEOUT,
            ))
            // Refuses state-changing requests that a browser says came from another site.
            .layer(CsrfLayer::new().with_rejection_response(refusals::cross_origin_refusal))
            // `gates::admit`:
            // - until the first teacher exists, every page but the set-up link says so;
            // - a class-only site sends strangers to sign in;
            // - readers who are not signed in are answered from memory when they can be.
            .layer(from_fn_with_state(state.clone(), gates::admit))
            // A body over the limit gets a 413 page (the Write form sets its own).
            .layer(DefaultBodyLimit::max(BODY_LIMIT))
            // A panic becomes a 500 page instead of a dropped connection.
            .layer(CatchPanicLayer::custom(refusals::panic_response)),
    );
    // Text goes out compressed to browsers that take it; a backup is compressed already.
    let compressible = DefaultPredicate::new().and(NotForContentType::const_new("application/zip"));
    let site = open
        .merge(pages)
        .layer(CompressionLayer::new().compress_when(compressible))
        .with_state(state.clone());
    // Before the route table, once for every request, pages or not (`FrontDoor`):
    // - one log line: method, path, status, latency;
    // - the security headers on every response;
    // - a reader with no cookie gets a page kept in memory at once, when everything
    //   above would let them have it.
    Router::new().fallback_service(FrontDoor::new(state, site))
}
