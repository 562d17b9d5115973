//! Naming people: the teacher's rename page for any class member (`/class/students/{id}/name`),
//! and the one check every name change passes, whoever makes it: the new name must not
//! equal or look like another member's (see [`crate::names`]).

use crate::web::forms::Form;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::accounts::{DisplayName, User};
use crate::db::is_unique_violation;
use crate::error::AppError;
use crate::names;
use crate::web::forms::FieldErrors;
use crate::web::layout::{Layout, render, render_status};
use crate::web::state::AppState;
use crate::web::viewer::Teacher;

/// Parses `typed` as a new name for `user_id` (`None`: an account not made yet), refusing
/// one that clashes with any other member's (teachers and switched-off accounts included). The error is the message
/// for the name field.
pub(super) async fn checked_name(
    state: &AppState,
    typed: &str,
    user_id: Option<i64>,
) -> Result<Result<DisplayName, String>, AppError> {
    let name = match DisplayName::parse(typed) {
        Ok(name) => name,
        Err(message) => return Ok(Err(message.to_owned())),
    };
    let others: Vec<User> = state
        .store
        .all_users()
        .await?
        .into_iter()
        .filter(|user| Some(user.id) != user_id)
        .collect();
    Ok(
        match names::clash_with(name.as_str(), &others, |u| &u.display_name) {
            Some(taken) => Err(names::clash_message(&taken.display_name)),
            None => Ok(name),
        },
    )
}

#[derive(Template)]
#[template(path = "rename.html")]
struct RenamePage {
    layout: Layout,
    member: User,
    display_name: String,
    errors: FieldErrors,
}

/// The rename form as posted.
#[derive(Debug, Deserialize)]
pub struct RenameForm {
    #[serde(default)]
    display_name: String,
}

async fn member(state: &AppState, user_id: i64) -> Result<User, AppError> {
    state
        .store
        .user_by_id(user_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// `GET /class/students/{id}/name`
pub async fn rename_form(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(user_id): Path<i64>,
) -> Result<Response, AppError> {
    let member = member(&state, user_id).await?;
    render(&RenamePage {
        layout: teacher.0.viewer.layout("Change a name"),
        display_name: member.display_name.clone(),
        member,
        errors: FieldErrors::new(),
    })
}

/// `POST /class/students/{id}/name`
pub async fn rename(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(user_id): Path<i64>,
    Form(form): Form<RenameForm>,
) -> Result<Response, AppError> {
    let member = member(&state, user_id).await?;
    let refused = match checked_name(&state, &form.display_name, Some(member.id)).await? {
        Ok(name) => match state.store.set_display_name(member.id, name.as_str()).await {
            Ok(()) => {
                tracing::info!(user = %member.username, by = %teacher.0.user.username, "renamed");
                return Ok(Redirect::to("/class?done=renamed").into_response());
            }
            Err(e) if is_unique_violation(&e) => {
                claimed_meanwhile(&state, &form.display_name, member.id).await?
            }
            Err(e) => return Err(e.into()),
        },
        Err(message) => message,
    };
    let mut errors = FieldErrors::new();
    errors.add("display_name", refused);
    let page = RenamePage {
        layout: teacher.0.viewer.layout("Change a name"),
        member,
        display_name: form.display_name,
        errors,
    };
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// The message for a name the database refused because a concurrent request gave a
/// look-alike to someone else after this one's check: the same words the check gives.
pub(super) async fn claimed_meanwhile(
    state: &AppState,
    typed: &str,
    user_id: i64,
) -> Result<String, AppError> {
    Ok(match checked_name(state, typed, Some(user_id)).await? {
        Err(message) => message,
        Ok(name) => names::clash_message(name.as_str()),
    })
}
