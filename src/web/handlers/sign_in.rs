//! Signing in and out.

use crate::web::forms::Form;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::Deserialize;

use crate::accounts::PASSWORD_MAX;
use crate::accounts::{User, sign_in_name};
use crate::auth::device::{DEVICE_COOKIE, DEVICE_LIFETIME, DeviceCookie};
use crate::auth::password;
use crate::auth::throttle::{self, Attempt, Verdict};
use crate::dates::{self, SchoolZone};
use crate::db::Timestamp;
use crate::error::AppError;
use crate::store::ThrottleScope;
use crate::text;
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
    /// A problem with the username itself, shown beside it.
    username_problem: Option<&'static str>,
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
        username_problem: None,
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
///
/// The throttle's check and count come first, as one locked step; then the password
/// is checked (always a full hash check, whoever the username names); a success takes
/// the count back and leaves a device cookie behind.
pub async fn sign_in(
    State(state): State<AppState>,
    viewer: Viewer,
    ClientAddress(address): ClientAddress,
    jar: CookieJar,
    Form(form): Form<SignInForm>,
) -> Result<Response, AppError> {
    let next = safe_next(form.next.as_deref());
    let refuse = |status: StatusCode, problem: String| {
        render_status(
            status,
            &SignInPage {
                layout: viewer.layout("Sign in"),
                username: text::without_refused(form.username.trim()).into_owned(),
                next: next.clone(),
                problem: Some(problem),
                username_problem: None,
            },
        )
    };
    let username = match sign_in_name(&form.username) {
        Ok(username) => username,
        Err(problem) => {
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &SignInPage {
                    layout: viewer.layout("Sign in"),
                    username: text::without_refused(form.username.trim()).into_owned(),
                    next,
                    problem: None,
                    username_problem: Some(problem),
                },
            );
        }
    };
    if username.is_empty() || form.password.is_empty() {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Enter your username and your password.".to_owned(),
        );
    }

    let now = Timestamp::now();
    let secret = state.form_secret().await?;
    let device = jar
        .get(DEVICE_COOKIE)
        .and_then(|cookie| DeviceCookie::decode(secret, cookie.value(), now))
        .filter(|device| device.username == username);
    let attempt = Attempt::new(
        &username,
        &address,
        device.as_ref().map(|d| (d.nonce.as_str(), d.expires_at())),
    );
    let verdict = state
        .store
        .update_sign_in_counts(attempt.keys(), now, |counts| {
            attempt.check_and_count(counts, now)
        })
        .await?;
    let trusted = match verdict {
        Verdict::Check { trusted } => trusted,
        Verdict::Wait(wait) => {
            tracing::warn!(%username, %address, "sign-in throttled");
            let message = format!(
                "Too many sign-in attempts. Please wait {} and try again, or ask your teacher.",
                throttle::describe_wait(wait)
            );
            let mut response = refuse(StatusCode::TOO_MANY_REQUESTS, message)?;
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(wait.whole_seconds()));
            return Ok(response);
        }
    };

    let Some(user) = account_for(&state, &username, form.password.clone()).await? else {
        tracing::info!(%username, %address, trusted, "sign-in failed");
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "That username and password do not match. Check them and try again.".to_owned(),
        );
    };
    state
        .store
        .update_sign_in_counts(attempt.keys(), now, |counts| {
            ((), attempt.after_success(trusted, counts))
        })
        .await?;
    if let Some(old) = &viewer.session_hash {
        state.store.delete_session(old).await?;
    }
    let cookie = session::start(&state, user.id).await?;
    state.store.record_sign_in(user.id, now).await?;
    let device = device_cookie(&state, secret, &user.username, now);
    tracing::info!(username = %user.username, trusted, "signed in");
    Ok((jar.add(cookie).add(device), Redirect::to(&next)).into_response())
}

/// The account `password` opens, if it may sign in. A deactivated account with the
/// right password gets `None` like a wrong password, after the same hash check, so the
/// answer does not confirm the password.
async fn account_for(
    state: &AppState,
    username: &str,
    password: String,
) -> Result<Option<User>, AppError> {
    let credentials = state.store.credentials_by_username(username).await?;
    // An over-long password is still hashed (against nothing) so it costs the same.
    let over_long = password.len() > PASSWORD_MAX * 4;
    let stored_hash = credentials
        .as_ref()
        .filter(|_| !over_long)
        .map(|c| c.password_hash.clone());
    let matches = password::verify(password, stored_hash).await;
    Ok(credentials
        .filter(|found| matches && found.user.active)
        .map(|found| found.user))
}

/// A long-lived cookie saying this browser has signed in as `username`, sent only to
/// the sign-in page.
fn device_cookie(
    state: &AppState,
    secret: &str,
    username: &str,
    now: Timestamp,
) -> Cookie<'static> {
    Cookie::build((
        DEVICE_COOKIE,
        DeviceCookie::issue(username, now).encode(secret),
    ))
    .http_only(true)
    .same_site(SameSite::Lax)
    .secure(state.settings.secure_cookies)
    .path("/sign-in")
    .max_age(DEVICE_LIFETIME)
    .build()
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

/// One line of the Class page's list of sign-in delays.
pub struct LockoutRow {
    /// What was delayed, in words.
    pub what: &'static str,
    /// The username tried, or '' for a whole address.
    pub username: String,
    /// Where from.
    pub address: String,
    /// Failures counted.
    pub failures: i64,
    /// When the delay ends or ended, in the school's zone.
    pub until: String,
    /// The same, for `<time datetime>`.
    pub datetime: String,
    /// Whether it is still in force.
    pub in_force: bool,
}

/// Delays in force or ended within the last day, for the teacher on the Class page.
pub async fn recent_lockouts(
    state: &AppState,
    zone: &SchoolZone,
) -> Result<Vec<LockoutRow>, sqlx::Error> {
    let now = Timestamp::now();
    let lockouts = state
        .store
        .recent_lockouts(now - throttle::RECENTLY)
        .await?;
    Ok(lockouts
        .into_iter()
        .map(|lockout| LockoutRow {
            what: match lockout.scope {
                ThrottleScope::Pair => "This username from this address",
                ThrottleScope::Address => "Every username from this address",
                ThrottleScope::Device => "A device cookie, withdrawn until it expires",
            },
            username: lockout.username,
            address: lockout.address,
            failures: lockout.failures,
            until: zone.date_and_time(lockout.blocked_until),
            datetime: dates::rfc3339(lockout.blocked_until),
            in_force: lockout.blocked_until > now,
        })
        .collect())
}
