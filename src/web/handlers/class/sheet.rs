//! The password sheet: new accounts or new passwords, made once, kept in the database
//! for a short time for the teacher who made them, and shown at an address of their own
//! (POST → 303 → GET), so a reload, Back or another instance never makes them again.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use tokio::task::JoinSet;

use crate::accounts::Username;
use crate::accounts::{DisplayName, NewPassword, Role, User};
use crate::auth::{password, token};
use crate::db::Timestamp;
use crate::error::AppError;
use crate::store::{NewSheet, NewUser, SHEET_LIFETIME, SheetRow};
use crate::web::handlers::family::family_address;
use crate::web::layout::{Layout, render};
use crate::web::state::AppState;
use crate::web::viewer::Teacher;

#[derive(Template)]
#[template(path = "credentials.html")]
struct SheetPage {
    layout: Layout,
    heading: String,
    /// The blog's address, printed on every slip.
    address: String,
    /// The family link, printed on every slip while it is on.
    family_address: Option<String>,
    rows: Vec<SheetRow>,
}

/// Hashes every password in parallel (each takes a quarter second), then creates the
/// accounts in order, numbering a username that is taken.
pub async fn create_accounts(
    state: &AppState,
    names: Vec<DisplayName>,
    role: Role,
) -> Result<Vec<SheetRow>, AppError> {
    let mut hashing = JoinSet::new();
    for (index, name) in names.into_iter().enumerate() {
        hashing.spawn(async move {
            let password = NewPassword::generate();
            let hash = password::hash(&password).await;
            (index, name, password, hash)
        });
    }
    let mut hashed = hashing.join_all().await;
    hashed.sort_by_key(|(index, ..)| *index);
    let mut rows = Vec::with_capacity(hashed.len());
    for (_, name, password, hash) in hashed {
        let user = state
            .store
            .create_user_numbering_username(&NewUser {
                username: &Username::suggest_for(name.as_str()),
                display_name: name.as_str(),
                role,
                password_hash: &hash?,
            })
            .await?;
        rows.push(SheetRow {
            display_name: user.display_name,
            username: user.username,
            password: password.expose().to_owned(),
        });
    }
    Ok(rows)
}

/// Gives each account a new generated password (signing it out everywhere).
pub async fn new_passwords(state: &AppState, users: &[User]) -> Result<Vec<SheetRow>, AppError> {
    let mut rows = Vec::with_capacity(users.len());
    for user in users {
        let new_password = NewPassword::generate();
        let hash = password::hash(&new_password).await?;
        state.store.reset_password_hash(user.id, &hash).await?;
        state.store.clear_sign_in_failures(&user.username).await?;
        rows.push(SheetRow {
            display_name: user.display_name.clone(),
            username: user.username.clone(),
            password: new_password.expose().to_owned(),
        });
    }
    Ok(rows)
}

/// Keeps the sheet for its teacher and sends them to it.
pub async fn keep_sheet(
    state: &AppState,
    teacher: &Teacher,
    heading: &str,
    rows: Vec<SheetRow>,
) -> Result<Response, AppError> {
    let token = token::generate();
    state
        .store
        .save_sheet(&NewSheet {
            token_hash: &token::digest(&token),
            teacher_id: teacher.0.user.id,
            heading,
            expires_at: Timestamp::now() + SHEET_LIFETIME,
            rows: &rows,
        })
        .await?;
    Ok(Redirect::to(&format!("/class/sheets/{token}")).into_response())
}

/// `GET /class/sheets/{token}`: the sheet, for the teacher who made it, for an hour.
pub async fn show_sheet(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let (heading, rows) = state
        .store
        .sheet(&token::digest(&token), teacher.0.user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let viewer = &teacher.0.viewer;
    let layout = viewer.layout(heading.clone());
    let page = SheetPage {
        address: layout.absolute("/"),
        family_address: family_address(&state, &viewer.base_url).await?,
        layout,
        heading,
        rows,
    };
    let mut response = render(&page)?;
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}
