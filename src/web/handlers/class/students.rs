//! Adding students: pasted names become a preview (no account yet) where the teacher
//! sees each line's username, unticks headings and repeats, corrects names, and only
//! then creates the accounts.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use std::collections::HashSet;

use crate::accounts::{DisplayName, Role};
use crate::error::AppError;
use crate::names::skeleton;
use crate::roster::{MAX_NAMES_AT_ONCE, PreviewLine, preview};
use crate::web::forms::{FieldErrors, Form};
use crate::web::layout::{Layout, render, render_status};
use crate::web::state::AppState;
use crate::web::viewer::Teacher;

#[derive(Template)]
#[template(path = "class_preview.html")]
struct PreviewPage {
    layout: Layout,
    /// Each line with its position, which the form's tick boxes send back.
    lines: Vec<(usize, PreviewLine)>,
    ticked: usize,
    errors: FieldErrors,
}

/// The add-students form on Class.
#[derive(Debug, Deserialize)]
pub struct NamesForm {
    #[serde(default)]
    names: String,
}

/// The preview's form: every line's name, the ticked lines, and which button.
#[derive(Debug, Deserialize)]
pub struct PreviewForm {
    #[serde(default)]
    name: Vec<String>,
    #[serde(default)]
    keep: Vec<usize>,
    #[serde(default)]
    step: String,
}

async fn preview_page(
    state: &AppState,
    teacher: &Teacher,
    lines: Vec<(String, Option<bool>)>,
) -> Result<PreviewPage, AppError> {
    let users = state.store.all_users().await?;
    let class_names: HashSet<String> = users.iter().map(|u| skeleton(&u.display_name)).collect();
    let taken: HashSet<String> = users.iter().map(|u| u.username.to_lowercase()).collect();
    let lines = preview(lines, &class_names, &taken);
    Ok(PreviewPage {
        layout: teacher.0.viewer.layout("Check the new students"),
        ticked: lines.iter().filter(|l| l.ticked).count(),
        lines: lines.into_iter().enumerate().collect(),
        errors: FieldErrors::new(),
    })
}

/// Why a list cannot be previewed: nothing in it, far too much, or a line that no
/// name may hold (control characters, direction marks), named by its number.
fn list_problem(lines: &[String]) -> Option<String> {
    let unreadable = lines.iter().enumerate().find_map(|(index, line)| {
        let refused = crate::text::name(line).err()?;
        Some(format!("Line {}: {refused}", index + 1))
    });
    let names = lines.iter().filter(|l| !l.trim().is_empty()).count();
    if unreadable.is_some() {
        unreadable
    } else if names == 0 {
        Some("Enter at least one name, one on each line.".to_owned())
    } else if names > MAX_NAMES_AT_ONCE {
        Some(format!("Add at most {MAX_NAMES_AT_ONCE} names at a time."))
    } else {
        None
    }
}

/// `POST /class/students`: the pasted names as a preview; nothing is created yet.
pub async fn preview_students(
    State(state): State<AppState>,
    teacher: Teacher,
    Form(form): Form<NamesForm>,
) -> Result<Response, AppError> {
    let lines: Vec<String> = form.names.lines().map(str::to_owned).collect();
    if let Some(problem) = list_problem(&lines) {
        let mut page = super::class_page(&state, &teacher, "").await?;
        page.names = form.names;
        page.errors.add("names", problem);
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    // Blank lines at the ends are the textarea's, not the teacher's.
    let first = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(0);
    let last = lines
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .unwrap_or(0);
    let lines = lines[first..=last]
        .iter()
        .map(|l| (l.clone(), None))
        .collect();
    render(&preview_page(&state, &teacher, lines).await?)
}

/// `POST /class/students/confirm`: "Check again" draws the preview with the teacher's
/// corrections; "Create accounts" makes the ticked ones and sends the teacher to the sheet.
pub async fn confirm_students(
    State(state): State<AppState>,
    teacher: Teacher,
    Form(form): Form<PreviewForm>,
) -> Result<Response, AppError> {
    if form.name.len() > MAX_NAMES_AT_ONCE * 2 {
        return Err(AppError::BadRequest("Too many lines."));
    }
    let lines = form
        .name
        .iter()
        .enumerate()
        .map(|(index, name)| (name.clone(), Some(form.keep.contains(&index))))
        .collect();
    let mut page = preview_page(&state, &teacher, lines).await?;
    if form.step != "create" {
        return render(&page);
    }
    let asked = form.keep.iter().filter(|i| **i < form.name.len()).count();
    if page.ticked == 0 || page.ticked < asked {
        let problem = if page.ticked == 0 {
            "Tick at least one name to add."
        } else {
            "Some ticked lines are not names: correct them or untick them."
        };
        page.errors.add("names", problem);
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let names = page
        .lines
        .into_iter()
        .filter(|(_, line)| line.ticked)
        .map(|(_, line)| DisplayName::parse(&line.name).map_err(AppError::BadRequest))
        .collect::<Result<Vec<_>, _>>()?;
    let rows = super::sheet::create_accounts(&state, names, Role::Student).await?;
    tracing::info!(count = rows.len(), by = %teacher.0.user.username, "students added");
    super::sheet::keep_sheet(&state, &teacher, "New students", rows).await
}
