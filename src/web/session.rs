//! The session cookie: issuing it at sign-in, reading it on each request, ending it.

use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use time::Duration;

use super::state::AppState;
use crate::accounts::User;
use crate::auth::token;
use crate::db::Timestamp;
use crate::store::NavigationCounts;

/// The family reader's cookie: the family link's token (see `handlers::family`).
pub const FAMILY_COOKIE: &str = "quire_family";
/// How long a browser keeps the family cookie (renewing the link ends it sooner).
const FAMILY_LIFETIME: Duration = Duration::days(365);
/// The cookie's name.
pub const SESSION_COOKIE: &str = "quire_session";
pub use crate::store::SESSION_LIFETIME;
/// A session is extended at most once a day, so reading pages does not mean writing rows.
const EXTEND_AFTER: Duration = Duration::days(1);

/// A live session found from the request's cookie.
#[derive(Clone, Debug)]
pub struct ActiveSession {
    /// Who is signed in.
    pub user: User,
    /// The SHA-256 of the cookie's token, as stored.
    pub token_hash: String,
    /// Their unread events, and for teachers what waits.
    pub counts: NavigationCounts,
    /// Set when the session was just extended and the cookie must be sent again.
    pub renewed_cookie: Option<Cookie<'static>>,
}

/// Finds the session named by the cookie, extending it if it is due.
pub async fn from_cookies(
    state: &AppState,
    jar: &CookieJar,
) -> Result<Option<ActiveSession>, sqlx::Error> {
    let Some(cookie) = jar.get(SESSION_COOKIE) else {
        return Ok(None);
    };
    let token_hash = token::digest(cookie.value());
    let now = Timestamp::now();
    let Some(found) = state.store.session_user(&token_hash, now).await? else {
        return Ok(None);
    };
    let renewed_cookie = if found.expires_at - now < SESSION_LIFETIME - EXTEND_AFTER {
        state
            .store
            .extend_session(&token_hash, now + SESSION_LIFETIME)
            .await?;
        Some(session_cookie(state, cookie.value().to_owned()))
    } else {
        None
    };
    Ok(Some(ActiveSession {
        user: found.user,
        token_hash,
        counts: found.counts,
        renewed_cookie,
    }))
}

/// Starts a new session for `user_id` and returns the cookie that carries it.
///
/// Always a fresh token: a session id planted before sign-in is never promoted.
pub async fn start(state: &AppState, user_id: i64) -> Result<Cookie<'static>, sqlx::Error> {
    let token = token::generate();
    let expires_at = Timestamp::now() + SESSION_LIFETIME;
    state
        .store
        .create_session(&token::digest(&token), user_id, expires_at)
        .await?;
    Ok(session_cookie(state, token))
}

fn session_cookie(state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.settings.secure_cookies)
        .path("/")
        .max_age(SESSION_LIFETIME)
        .build()
}

/// A cookie that tells the browser to forget the session.
pub fn removal_cookie() -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, "")).path("/").build()
}

/// The cookie a family link leaves, carrying its token.
pub fn family_cookie(state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build((FAMILY_COOKIE, token))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.settings.secure_cookies)
        .path("/")
        .max_age(FAMILY_LIFETIME)
        .build()
}

/// Whether two tokens are the same, compared through their digests so the time taken
/// says nothing about the stored one.
pub fn same_token(stored: &str, given: &str) -> bool {
    token::digest(stored) == token::digest(given)
}

/// Whether the request's family cookie holds the family link in use now (read from the
/// database each time, so renewing the link ends every family reader at once).
pub async fn family_reader(state: &AppState, jar: &CookieJar) -> Result<bool, sqlx::Error> {
    let Some(cookie) = jar.get(FAMILY_COOKIE) else {
        return Ok(false);
    };
    let current = state.store.family_token().await?;
    Ok(current.is_some_and(|current| same_token(&current, cookie.value())))
}
