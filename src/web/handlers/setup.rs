//! The first teacher's set-up, reached by the one-time link quire prints.

use crate::web::forms::Form;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use crate::accounts::{DisplayName, NewPassword, Role, Username};
use crate::auth::{password, token};
use crate::db::Timestamp;
use crate::error::AppError;
use crate::store::NewUser;
use crate::web::forms::FieldErrors;
use crate::web::layout::{Layout, render, render_status};
use crate::web::session;
use crate::web::state::AppState;
use crate::web::viewer::Viewer;

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage {
    layout: Layout,
    token: String,
    form: SetupForm,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "setup_closed.html")]
struct SetupClosedPage {
    layout: Layout,
    already_set_up: bool,
}

/// The set-up form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirmation: String,
}

/// `GET /setup/{token}`
pub async fn setup_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    if let Some(closed) = closed_page(&state, &viewer, &token).await? {
        return Ok(closed);
    }
    render(&SetupPage {
        layout: viewer.layout("Set up quire"),
        token,
        form: SetupForm::default(),
        errors: FieldErrors::new(),
    })
}

/// `POST /setup/{token}`: creates the first teacher and signs them in.
pub async fn complete_setup(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(token): Path<String>,
    jar: CookieJar,
    Form(form): Form<SetupForm>,
) -> Result<Response, AppError> {
    if let Some(closed) = closed_page(&state, &viewer, &token).await? {
        return Ok(closed);
    }
    let mut errors = FieldErrors::new();
    let username = errors.check("username", Username::parse(&form.username));
    let display_name = errors.check("display_name", DisplayName::parse(&form.display_name));
    let new_password = errors.check(
        "password",
        NewPassword::parse(&form.password, &form.password_confirmation),
    );
    let (Some(username), Some(display_name), Some(new_password)) =
        (username, display_name, new_password)
    else {
        let page = SetupPage {
            layout: viewer.layout("Set up quire"),
            token,
            form,
            errors,
        };
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let hash = password::hash(&new_password).await?;
    let teacher = NewUser {
        username: &username,
        display_name: display_name.as_str(),
        role: Role::Teacher,
        password_hash: &hash,
    };
    let Some(user) = state
        .store
        .complete_setup(&token::digest(&token), &teacher)
        .await?
    else {
        return Ok(closed_page(&state, &viewer, &token)
            .await?
            .unwrap_or_else(|| AppError::NotFound.into_response()));
    };
    tracing::info!(username = %user.username, "set-up complete: first teacher created");
    let cookie = session::start(&state, user.id).await?;
    Ok((jar.add(cookie), Redirect::to("/class")).into_response())
}

/// The page for a link that cannot be used (any more), or `None` if it can.
async fn closed_page(
    state: &AppState,
    viewer: &Viewer,
    token: &str,
) -> Result<Option<Response>, AppError> {
    let already_set_up = state.is_set_up().await?;
    let open = !already_set_up
        && state
            .store
            .setup_token_is_open(&token::digest(token), Timestamp::now())
            .await?;
    if open {
        return Ok(None);
    }
    let page = SetupClosedPage {
        layout: viewer.layout("This link cannot be used"),
        already_set_up,
    };
    render_status(StatusCode::GONE, &page).map(Some)
}
