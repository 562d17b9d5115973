//! Loads who is asking (their session, the numbers their navigation shows, and the
//! site's settings) once per request, into the `Viewer` extension that every later layer
//! and handler reads.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;

use super::session_cookie::RenewedCookie;
use crate::export::Reader;
use crate::store::NavigationCounts;
use crate::web::error_page;
use crate::web::session::{self, ActiveSession};
use crate::web::state::AppState;
use crate::web::viewer::Viewer;

/// Inserts the `Viewer`, and the session's cookie when reading it extended the session.
/// When the database cannot be reached, answers 503 at once: no layer below runs.
pub async fn load(
    State(state): State<AppState>,
    jar: CookieJar,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let base_url = state.settings.base_url.to_string();
    let loaded = tokio::try_join!(session::from_cookies(&state, &jar), state.site_settings());
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
            return error_page::draw(StatusCode::SERVICE_UNAVAILABLE.into_response(), &viewer);
        }
    };
    let (user, session_hash, counts) = match session {
        Some(ActiveSession {
            user,
            token_hash,
            counts,
            renewed_cookie,
        }) => {
            if let Some(cookie) = renewed_cookie {
                request.extensions_mut().insert(RenewedCookie(cookie));
            }
            (Some(user), Some(token_hash), counts)
        }
        None => (None, None, NavigationCounts::default()),
    };
    // A static copy reads a class-only blog as its family would: what a reader of a
    // public blog sees, and nothing else.
    let exported = request.extensions().get::<Reader>().is_some();
    let (user, session_hash, counts) = if exported {
        (None, None, NavigationCounts::default())
    } else {
        (user, session_hash, counts)
    };
    let family = !site.public && user.is_none() && (exported || family_reader(&state, &jar).await);
    if family || exported {
        // A family reads, and a copy holds no form: neither comments, even where guests may.
        site.discussion.anyone_may_comment = false;
    }
    request.extensions_mut().insert(Viewer {
        user,
        session_hash,
        family,
        exported,
        site,
        path,
        base_url,
        moderation_count: counts.waiting,
        unread_count: counts.unread,
    });
    next.run(request).await
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
