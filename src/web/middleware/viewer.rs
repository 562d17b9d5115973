//! Loads who is asking (their session, the numbers their navigation shows, and the
//! site's settings) once per request, into the `Viewer` extension that every later layer
//! and handler reads, and finishes every page's answer for that viewer.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar};

use super::{private_pages, refusals, session_cookie};
use crate::export::Reader;
use crate::store::NavigationCounts;
use crate::web::error_page;
use crate::web::session::{self, ActiveSession};
use crate::web::state::AppState;
use crate::web::viewer::Viewer;

/// The layer around every page, as one (one layer's clones and boxing a request instead
/// of five). On the way in: who is asking, read once into the `Viewer` that every later
/// layer and handler reads; an address no page can have is refused. On the way out: a
/// bare error becomes the site's error page, a signed-in reader's answer is marked
/// private, and a renewed session cookie goes back. When the database cannot be
/// reached, answers 503 at once: nothing below runs.
pub async fn around(
    State(state): State<AppState>,
    jar: CookieJar,
    mut request: Request,
    next: Next,
) -> Response {
    // Read before the waits: a request's body may not be shared across them.
    let path = request.uri().path().to_owned();
    let exported = request.extensions().get::<Reader>().is_some();
    let (viewer, renewed_cookie) = match load(&state, &jar, path, exported).await {
        Ok(loaded) => loaded,
        Err(unavailable) => return unavailable,
    };
    request.extensions_mut().insert(Arc::clone(&viewer));
    let response = match refusals::refuse_odd_addresses(request.uri()) {
        Some(refusal) => refusal,
        None => next.run(request).await,
    };
    let response = error_page::draw(response, &viewer);
    let response = private_pages::mark_private(response, &viewer);
    session_cookie::renew(response, renewed_cookie)
}

/// The `Viewer` of `path`, and the session's cookie when reading it extended the
/// session; the 503 page when the database cannot say who is asking. `exported`: drawn
/// for a static copy.
async fn load(
    state: &AppState,
    jar: &CookieJar,
    path: String,
    exported: bool,
) -> Result<(Arc<Viewer>, Option<Cookie<'static>>), Response> {
    let base_url = state.settings.base_url.to_string();
    let loaded = tokio::try_join!(session::from_cookies(state, jar), state.site_settings());
    let (session, mut site) = match loaded {
        Ok(found) => found,
        Err(error) => {
            tracing::error!(%error, "could not load the session or settings");
            let viewer = Viewer {
                user: None,
                session_hash: None,
                family: false,
                exported: false,
                site: Default::default(),
                path,
                base_url,
                moderation_count: 0,
                unread_count: 0,
            };
            return Err(error_page::draw(
                StatusCode::SERVICE_UNAVAILABLE.into_response(),
                &viewer,
            ));
        }
    };
    let (user, session_hash, counts, renewed_cookie) = match session {
        Some(ActiveSession {
            user,
            token_hash,
            counts,
            renewed_cookie,
        }) => (Some(user), Some(token_hash), counts, renewed_cookie),
        None => (None, None, NavigationCounts::default(), None),
    };
    // A static copy reads a class-only blog as its family would: what a reader of a
    // public blog sees, and nothing else.
    let (user, session_hash, counts) = if exported {
        (None, None, NavigationCounts::default())
    } else {
        (user, session_hash, counts)
    };
    let family = !site.public && user.is_none() && (exported || family_reader(state, jar).await);
    if family || exported {
        // A family reads, and a copy holds no form: neither comments, even where guests may.
        site.discussion.anyone_may_comment = false;
    }
    let viewer = Viewer {
        user,
        session_hash,
        family,
        exported,
        site,
        path,
        base_url,
        moderation_count: counts.waiting,
        unread_count: counts.unread,
    };
    Ok((Arc::new(viewer), renewed_cookie))
}

/// Whether the request carries the family link in use now; when the database cannot
/// say, it does not (the reader is asked to sign in, and nothing leaks).
async fn family_reader(state: &AppState, jar: &CookieJar) -> bool {
    session::family_reader(state, jar)
        .await
        .unwrap_or_else(|error| {
            tracing::error!(%error, "could not read the family link");
            false
        })
}
