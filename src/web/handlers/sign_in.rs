//! Signing in and out.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use crate::accounts::PASSWORD_MAX;
use crate::auth::{password, throttle};
use crate::db::Timestamp;
use crate::error::AppError;
use crate::web::forms::safe_next;
use crate::web::layout::{Layout, render, render_status};
use crate::web::session;
use crate::web::state::AppState;
use crate::web::viewer::{ClientAddress, SignedIn, Viewer};

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    layout: Layout,
    username: String,
    next: String,
    problem: Option<String>,
}

/// Where to go after signing in.
#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// `GET /sign-in`
pub async fn sign_in_form(
    viewer: Viewer,
    Query(query): Query<NextQuery>,
) -> Result<Response, AppError> {
    let next = safe_next(query.next.as_deref());
    if viewer.user.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    render(&SignInPage {
        layout: viewer.layout("Sign in"),
        username: String::new(),
        next,
        problem: None,
    })
}

/// The sign-in form as posted.
#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

/// `POST /sign-in`
pub async fn sign_in(
    State(state): State<AppState>,
    viewer: Viewer,
    ClientAddress(address): ClientAddress,
    jar: CookieJar,
    Form(form): Form<SignInForm>,
) -> Result<Response, AppError> {
    let username = form.username.trim().to_lowercase();
    let next = safe_next(form.next.as_deref());
    let refuse = |status: StatusCode, problem: String| {
        render_status(
            status,
            &SignInPage {
                layout: viewer.layout("Sign in"),
                username: form.username.trim().to_owned(),
                next: next.clone(),
                problem: Some(problem),
            },
        )
    };
    if username.is_empty() || form.password.is_empty() {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Enter your username and your password.".to_owned(),
        );
    }

    let now = Timestamp::now();
    let failures = state
        .store
        .sign_in_failures_since(&username, &address, now - throttle::WINDOW)
        .await?;
    if let Some(wait) = throttle::wait_before_next_try(&failures, now) {
        tracing::warn!(%username, %address, "sign-in throttled");
        let message = format!(
            "Too many sign-in attempts. Please wait {} and try again, or ask your teacher.",
            throttle::describe_wait(wait)
        );
        return refuse(StatusCode::TOO_MANY_REQUESTS, message);
    }

    let credentials = state.store.credentials_by_username(&username).await?;
    let over_long = form.password.len() > PASSWORD_MAX * 4;
    let password_matches = !over_long
        && password::verify(
            form.password.clone(),
            credentials.as_ref().map(|c| c.password_hash.clone()),
        )
        .await;
    let user = match credentials {
        Some(found) if password_matches => found.user,
        _ => {
            state
                .store
                .record_sign_in_failure(&username, &address, now)
                .await?;
            tracing::info!(%username, %address, "sign-in failed");
            return refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                "That username and password do not match. Check them and try again.".to_owned(),
            );
        }
    };
    if !user.active {
        return refuse(
            StatusCode::FORBIDDEN,
            "This account has been switched off. Please ask your teacher.".to_owned(),
        );
    }

    state.store.clear_sign_in_failures(&username).await?;
    if let Some(old) = &viewer.session_hash {
        state.store.delete_session(old).await?;
    }
    let cookie = session::start(&state, user.id).await?;
    tracing::info!(username = %user.username, "signed in");
    Ok((jar.add(cookie), Redirect::to(&next)).into_response())
}

/// `POST /sign-out`
pub async fn sign_out(
    State(state): State<AppState>,
    signed_in: SignedIn,
    jar: CookieJar,
) -> Result<Response, AppError> {
    state.store.delete_session(&signed_in.session_hash).await?;
    Ok((jar.remove(session::removal_cookie()), Redirect::to("/")).into_response())
}
