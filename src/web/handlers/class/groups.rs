//! Groups on Class: make, rename and delete them, and "Deactivate group" to end a
//! school year in one step (after a confirmation page).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::db::is_unique_violation;
use crate::error::AppError;
use crate::roster::GroupName;
use crate::store::ClassGroup;
use crate::web::forms::Form;
use crate::web::layout::{Layout, render, render_status};
use crate::web::state::AppState;
use crate::web::viewer::Teacher;

/// Said when a name is taken, ignoring case.
const NAME_TAKEN: &str = "There is already a group with this name.";

#[derive(Template)]
#[template(path = "class_group_confirm.html")]
struct DeactivateGroupPage {
    layout: Layout,
    group: ClassGroup,
}

/// The new-group and rename forms.
#[derive(Debug, Deserialize)]
pub struct GroupForm {
    #[serde(default)]
    group_name: String,
}

/// The group a form names, `None` for "no group"; an unknown one is refused.
pub async fn existing_group(state: &AppState, value: &str) -> Result<Option<i64>, AppError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    group_by_id(state, value.trim().parse().map_err(|_| AppError::NotFound)?)
        .await
        .map(|group| Some(group.id))
}

async fn group_by_id(state: &AppState, id: i64) -> Result<ClassGroup, AppError> {
    state
        .store
        .class_groups()
        .await?
        .into_iter()
        .find(|group| group.id == id)
        .ok_or(AppError::NotFound)
}

fn done(what: &str) -> Response {
    Redirect::to(&format!("/class?done={what}#groups-heading")).into_response()
}

/// `POST /class/groups`
pub async fn create_group(
    State(state): State<AppState>,
    teacher: Teacher,
    Form(form): Form<GroupForm>,
) -> Result<Response, AppError> {
    let problem = match GroupName::parse(&form.group_name) {
        Ok(name) => match state.store.create_group(&name).await {
            Ok(()) => return Ok(done("group-added")),
            Err(e) if is_unique_violation(&e) => NAME_TAKEN,
            Err(e) => return Err(e.into()),
        },
        Err(problem) => problem,
    };
    let mut page = super::class_page(&state, &teacher, "").await?;
    page.group_name = form.group_name;
    page.errors.add("group_name", problem);
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// `POST /class/groups/{id}/rename`
pub async fn rename_group(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(id): Path<i64>,
    Form(form): Form<GroupForm>,
) -> Result<Response, AppError> {
    let group = group_by_id(&state, id).await?;
    let problem = match GroupName::parse(&form.group_name) {
        Ok(name) => match state.store.rename_group(group.id, &name).await {
            Ok(()) => return Ok(done("group-renamed")),
            Err(e) if is_unique_violation(&e) => NAME_TAKEN,
            Err(e) => return Err(e.into()),
        },
        Err(problem) => problem,
    };
    let mut page = super::class_page(&state, &teacher, "").await?;
    page.rename = Some((group.id, form.group_name, problem));
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// `POST /class/groups/{id}/delete`: the group goes; its students stay, in no group.
pub async fn delete_group(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let group = group_by_id(&state, id).await?;
    state.store.delete_group(group.id).await?;
    tracing::info!(group = %group.name, by = %teacher.0.user.username, "group deleted");
    Ok(done("group-deleted"))
}

/// `GET /class/groups/{id}/deactivate`: what it will do, and the button.
pub async fn deactivate_group_form(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let group = group_by_id(&state, id).await?;
    render(&DeactivateGroupPage {
        layout: teacher
            .0
            .viewer
            .layout(format!("Deactivate {}", group.name)),
        group,
    })
}

/// `POST /class/groups/{id}/deactivate`: every student of the group switched off.
pub async fn deactivate_group(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let group = group_by_id(&state, id).await?;
    state.store.deactivate_group(group.id).await?;
    tracing::info!(group = %group.name, by = %teacher.0.user.username, "group deactivated");
    Ok(done("group-deactivated"))
}
