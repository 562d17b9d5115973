//! The teacher's Class page: add students, add co-teachers, reset passwords,
//! deactivate and reactivate accounts.

use crate::web::forms::Form;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tokio::task::JoinSet;

use crate::accounts::{DisplayName, NewPassword, Role, User, Username};
use crate::auth::password;
use crate::error::AppError;
use crate::store::NewUser;
use crate::web::forms::FieldErrors;
use crate::web::layout::{Layout, render, render_status};
use crate::web::state::AppState;
use crate::web::viewer::Teacher;

/// More names than this in one paste is more likely a mistake than a class.
const MAX_NAMES_AT_ONCE: usize = 200;

#[derive(Template)]
#[template(path = "class.html")]
struct ClassPage {
    layout: Layout,
    me: i64,
    teachers: Vec<User>,
    students: Vec<User>,
    names: String,
    teacher_name: String,
    errors: FieldErrors,
    notice: Option<&'static str>,
    lockouts: Vec<super::sign_in::LockoutRow>,
}

/// A new account's sign-in details, shown once.
struct Credentials {
    display_name: String,
    username: String,
    password: String,
}

#[derive(Template)]
#[template(path = "credentials.html")]
struct CredentialsPage {
    layout: Layout,
    heading: &'static str,
    credentials: Vec<Credentials>,
}

/// What the last action on the page did, for the confirmation message.
#[derive(Debug, Deserialize)]
pub struct NoticeQuery {
    done: Option<String>,
}

async fn class_page(state: &AppState, teacher: &Teacher) -> Result<ClassPage, AppError> {
    let (teachers, students) = state
        .store
        .all_users()
        .await?
        .into_iter()
        .partition(|user| user.role == Role::Teacher);
    Ok(ClassPage {
        layout: teacher.0.viewer.layout("Class"),
        me: teacher.0.user.id,
        teachers,
        students,
        names: String::new(),
        teacher_name: String::new(),
        errors: FieldErrors::new(),
        notice: None,
        lockouts: super::sign_in::recent_lockouts(state, &teacher.0.viewer.zone()).await?,
    })
}

/// `GET /class`
pub async fn show_class(
    State(state): State<AppState>,
    teacher: Teacher,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = class_page(&state, &teacher).await?;
    page.notice = match query.done.as_deref() {
        Some("deactivated") => Some("The account is switched off. Its posts and comments stay."),
        Some("activated") => Some("The account can sign in again."),
        Some("paused") => {
            Some("The student can no longer comment. They can still read and write posts.")
        }
        Some("commenting") => Some("The student can comment again."),
        Some("renamed") => Some("The name is changed everywhere it shows."),
        _ => None,
    };
    render(&page)
}

/// The add-students form.
#[derive(Debug, Deserialize)]
pub struct NamesForm {
    #[serde(default)]
    names: String,
}

/// `POST /class/students`: one name a line; answers with the printable sheet.
pub async fn add_students(
    State(state): State<AppState>,
    teacher: Teacher,
    Form(form): Form<NamesForm>,
) -> Result<Response, AppError> {
    let names = match parse_names(&form.names) {
        Ok(names) => names,
        Err(message) => {
            let mut page = class_page(&state, &teacher).await?;
            page.names = form.names;
            page.errors.add("names", message);
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let credentials = create_accounts(&state, names, Role::Student).await?;
    tracing::info!(count = credentials.len(), by = %teacher.0.user.username, "students added");
    credentials_sheet(&teacher, "New students", credentials)
}

/// Reads pasted names: one a line, blank lines skipped; a bad line is named by number.
fn parse_names(pasted: &str) -> Result<Vec<DisplayName>, String> {
    let mut names = Vec::new();
    for (index, line) in pasted.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let name = DisplayName::parse(line).map_err(|e| format!("Line {}: {e}", index + 1))?;
        names.push(name);
    }
    if names.is_empty() {
        return Err("Enter at least one name, one on each line.".to_owned());
    }
    if names.len() > MAX_NAMES_AT_ONCE {
        return Err(format!("Add at most {MAX_NAMES_AT_ONCE} names at a time."));
    }
    Ok(names)
}

/// Hashes every password in parallel (each takes a quarter second), then creates the accounts.
async fn create_accounts(
    state: &AppState,
    names: Vec<DisplayName>,
    role: Role,
) -> Result<Vec<Credentials>, AppError> {
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
    let mut credentials = Vec::with_capacity(hashed.len());
    for (_, name, password, hash) in hashed {
        let hash = hash?;
        let user = state
            .store
            .create_user_numbering_username(&NewUser {
                username: &Username::suggest_for(name.as_str()),
                display_name: name.as_str(),
                role,
                password_hash: &hash,
            })
            .await?;
        credentials.push(Credentials {
            display_name: user.display_name,
            username: user.username,
            password: password.expose().to_owned(),
        });
    }
    Ok(credentials)
}

/// The sheet of new sign-in details: shown once, never cached, never stored.
fn credentials_sheet(
    teacher: &Teacher,
    heading: &'static str,
    credentials: Vec<Credentials>,
) -> Result<Response, AppError> {
    let page = CredentialsPage {
        layout: teacher.0.viewer.layout(heading),
        heading,
        credentials,
    };
    let mut response = render(&page)?;
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

/// The add-teacher form.
#[derive(Debug, Deserialize)]
pub struct TeacherForm {
    #[serde(default)]
    teacher_name: String,
}

/// `POST /class/teachers`: a co-teacher, with the same powers.
pub async fn add_teacher(
    State(state): State<AppState>,
    teacher: Teacher,
    Form(form): Form<TeacherForm>,
) -> Result<Response, AppError> {
    let name = match DisplayName::parse(&form.teacher_name) {
        Ok(name) => name,
        Err(message) => {
            let mut page = class_page(&state, &teacher).await?;
            page.teacher_name = form.teacher_name;
            page.errors.add("teacher_name", message);
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let credentials = create_accounts(&state, vec![name], Role::Teacher).await?;
    tracing::info!(by = %teacher.0.user.username, "co-teacher added");
    credentials_sheet(&teacher, "New co-teacher", credentials)
}

/// `POST /class/{id}/password`: a new generated password, shown once; old sessions end.
pub async fn reset_password(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(user_id): Path<i64>,
) -> Result<Response, AppError> {
    let user = class_member(&state, user_id).await?;
    let new_password = NewPassword::generate();
    let hash = password::hash(&new_password).await?;
    state.store.reset_password_hash(user.id, &hash).await?;
    state.store.clear_sign_in_failures(&user.username).await?;
    tracing::info!(user = %user.username, by = %teacher.0.user.username, "password reset");
    let credentials = vec![Credentials {
        display_name: user.display_name,
        username: user.username,
        password: new_password.expose().to_owned(),
    }];
    credentials_sheet(&teacher, "New password", credentials)
}

/// `POST /class/{id}/deactivate`
pub async fn deactivate(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(user_id): Path<i64>,
) -> Result<Response, AppError> {
    set_active(&state, &teacher, user_id, false).await
}

/// `POST /class/{id}/activate`
pub async fn activate(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(user_id): Path<i64>,
) -> Result<Response, AppError> {
    set_active(&state, &teacher, user_id, true).await
}

async fn set_active(
    state: &AppState,
    teacher: &Teacher,
    user_id: i64,
    active: bool,
) -> Result<Response, AppError> {
    let user = class_member(state, user_id).await?;
    if !active && user.id == teacher.0.user.id {
        return Err(AppError::BadRequest(
            "You cannot switch off your own account.",
        ));
    }
    state.store.set_user_active(user.id, active).await?;
    tracing::info!(user = %user.username, active, by = %teacher.0.user.username, "account switched");
    let done = if active { "activated" } else { "deactivated" };
    Ok(Redirect::to(&format!("/class?done={done}")).into_response())
}

async fn class_member(state: &AppState, user_id: i64) -> Result<User, AppError> {
    state
        .store
        .user_by_id(user_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The commenting switch.
#[derive(Debug, Deserialize)]
pub struct CommentingForm {
    #[serde(default)]
    allowed: String,
}

/// `POST /class/{id}/commenting`: stop a student from commenting, or let them again.
pub async fn set_commenting(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(user_id): Path<i64>,
    Form(form): Form<CommentingForm>,
) -> Result<Response, AppError> {
    let user = class_member(&state, user_id).await?;
    let allowed = form.allowed == "true";
    state.store.set_can_comment(user.id, allowed).await?;
    tracing::info!(user = %user.username, allowed, by = %teacher.0.user.username, "commenting switched");
    let done = if allowed { "commenting" } else { "paused" };
    Ok(Redirect::to(&format!("/class?done={done}")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_names_skip_blank_lines() {
        let names = parse_names("Ana López\n\n  Ben Okafor  \r\n").unwrap_or_default();
        let names: Vec<&str> = names.iter().map(DisplayName::as_str).collect();
        assert_eq!(names, ["Ana López", "Ben Okafor"]);
    }

    #[test]
    fn a_bad_line_is_named_by_its_number() {
        let long = "x".repeat(81);
        let error = parse_names(&format!("Ana\n{long}"))
            .err()
            .unwrap_or_default();
        assert!(error.starts_with("Line 2:"), "{error}");
    }

    #[test]
    fn an_empty_paste_is_refused() {
        assert!(parse_names(" \n\n").is_err());
    }
}
