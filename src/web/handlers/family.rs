//! The family link (issue 12): a secret address a teacher of a class-only blog gives to
//! families. Visiting it leaves a cookie that lets the browser read the blog as a
//! signed-out reader of a public blog would, for as long as the link stays the same.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use crate::auth::token;
use crate::error::AppError;
use crate::web::layout::{Layout, render};
use crate::web::session;
use crate::web::state::AppState;
use crate::web::viewer::Teacher;

#[derive(Template)]
#[template(path = "family.html")]
struct FamilyPage {
    layout: Layout,
    /// The whole address, when the link is on.
    address: Option<String>,
    /// Whether the blog is class-only (the link only matters then).
    class_only: bool,
    /// What was just done: "renewed" or "off".
    done: String,
}

/// What the last button did, for the notice.
#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    done: String,
}

/// `GET /settings/family`
pub async fn show_family_link(
    State(state): State<AppState>,
    teacher: Teacher,
    Query(query): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let viewer = &teacher.0.viewer;
    render(&FamilyPage {
        layout: viewer.layout("Family link"),
        address: family_address(&state, &viewer.base_url).await?,
        class_only: !viewer.site.public,
        done: query.done,
    })
}

/// The family link's whole address on the blog at `base_url`, when the link is on
/// (Settings shows it, and each student's slip prints it).
pub async fn family_address(state: &AppState, base_url: &str) -> Result<Option<String>, AppError> {
    let base = base_url.trim_end_matches('/');
    Ok(state
        .store
        .family_token()
        .await?
        .map(|token| format!("{base}/family/{token}")))
}

/// `POST /settings/family/renew`: turns the link on, or gives it a new address; the old
/// one stops working at once for everyone who had it.
pub async fn renew_family_link(
    State(state): State<AppState>,
    teacher: Teacher,
) -> Result<Response, AppError> {
    state.store.set_family_token(&token::generate()).await?;
    tracing::info!(by = %teacher.0.user.username, "family link renewed");
    Ok(Redirect::to("/settings/family?done=renewed").into_response())
}

/// `POST /settings/family/off`
pub async fn turn_off_family_link(
    State(state): State<AppState>,
    teacher: Teacher,
) -> Result<Response, AppError> {
    state.store.turn_off_family_link().await?;
    tracing::info!(by = %teacher.0.user.username, "family link turned off");
    Ok(Redirect::to("/settings/family?done=off").into_response())
}

/// `GET /family/{token}`: the current link leaves the family cookie and opens the blog;
/// any other token is a plain 404.
pub async fn visit_family_link(
    State(state): State<AppState>,
    Path(given): Path<String>,
    jar: CookieJar,
) -> Result<Response, AppError> {
    let current = state.store.family_token().await?;
    if !current.is_some_and(|current| session::same_token(&current, &given)) {
        return Err(AppError::NotFound);
    }
    let cookie = session::family_cookie(&state, given);
    Ok((jar.add(cookie), Redirect::to("/")).into_response())
}
