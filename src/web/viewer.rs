//! Extractors that say who is asking: `Viewer` for anyone, `SignedIn` and `Teacher`
//! for pages that need an account. The viewer is loaded once per request by
//! `middleware::viewer::around`; these only read it.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use super::state::AppState;
use crate::accounts::User;
use crate::dates::SchoolZone;
use crate::error::AppError;
use crate::store::SiteSettings;

/// Whoever is asking, signed in or not, and the site they are looking at.
#[derive(Clone, Debug)]
pub struct Viewer {
    /// The signed-in account, if any.
    pub user: Option<User>,
    /// The stored hash of their session token, if signed in.
    pub session_hash: Option<String>,
    /// Not signed in, but holding the family link of this class-only site: may read
    /// what a signed-out reader of a public site may, and nothing else.
    pub family: bool,
    /// Drawn for a static copy (`export`): pages leave out what needs the server.
    pub exported: bool,
    /// The site's settings, for the layout.
    pub site: SiteSettings,
    /// The path asked for, to mark the current navigation link.
    pub path: String,
    /// The site's public address.
    pub base_url: String,
    /// Comments and posts waiting for a teacher (teachers only; 0 for everyone else).
    pub moderation_count: i64,
    /// The member's unread events (0 for anyone not signed in).
    pub unread_count: i64,
}

impl Viewer {
    /// Whether the viewer may read the site at all (class-only sites need a sign-in or
    /// the family link).
    pub fn may_read_site(&self) -> bool {
        self.site.public || self.user.is_some() || self.family
    }

    /// The school's time zone, for showing dates.
    pub fn zone(&self) -> SchoolZone {
        SchoolZone::parse(&self.site.time_zone).unwrap_or_default()
    }
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, AppError> {
        parts.extensions.get::<Arc<Viewer>>().map(|viewer| Viewer::clone(viewer)).ok_or_else(|| {
            tracing::error!(path = %parts.uri.path(), "viewer middleware missing on a page route");
            AppError::Forbidden
        })
    }
}

/// A signed-in viewer; anyone else is sent to sign in and brought back.
#[derive(Clone, Debug)]
pub struct SignedIn {
    /// Who they are.
    pub user: User,
    /// Their session's stored hash.
    pub session_hash: String,
    /// Everything else about the request's viewer.
    pub viewer: Viewer,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let viewer = Viewer::from_request_parts(parts, state).await?;
        match (viewer.user.clone(), viewer.session_hash.clone()) {
            (Some(user), Some(session_hash)) => Ok(SignedIn {
                user,
                session_hash,
                viewer,
            }),
            _ => Err(AppError::SignInRequired {
                next: parts
                    .uri
                    .path_and_query()
                    .map_or("/".to_owned(), ToString::to_string),
            }),
        }
    }
}

/// A signed-in teacher; a student gets 403 and nothing happens.
#[derive(Clone, Debug)]
pub struct Teacher(pub SignedIn);

impl FromRequestParts<AppState> for Teacher {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let signed_in = SignedIn::from_request_parts(parts, state).await?;
        if signed_in.user.is_teacher() {
            Ok(Teacher(signed_in))
        } else {
            tracing::warn!(
                user = %signed_in.user.username,
                path = %parts.uri.path(),
                "student refused a teacher route"
            );
            Err(AppError::Forbidden)
        }
    }
}

/// The client's address, for throttling: the peer, or behind a trusted proxy the
/// last `X-Forwarded-For` entry (the one the proxy itself added).
#[derive(Clone, Debug)]
pub struct ClientAddress(pub String);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let forwarded = state
            .settings
            .trust_proxy
            .then(|| parts.headers.get("x-forwarded-for"))
            .flatten()
            .and_then(|value| value.to_str().ok())
            .and_then(|list| list.rsplit(',').next())
            .map(|last| last.trim().to_owned())
            .filter(|last| !last.is_empty());
        let peer = || {
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map_or_else(|| "unknown".to_owned(), |info| info.0.ip().to_string())
        };
        Ok(ClientAddress(forwarded.unwrap_or_else(peer)))
    }
}
