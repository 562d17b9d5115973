//! Setting an assignment and changing it: the New and Edit forms (one template), close,
//! reopen and delete. Teachers only: a student is refused by the `Teacher` extractor
//! before anything is read.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::assignments::{Assignment, AssignmentTitle, parse_comments_required};
use crate::error::AppError;
use crate::posts::Body;
use crate::store::NewAssignment;
use crate::web::forms::{FieldErrors, Form};
use crate::web::handlers::class::groups::existing_group;
use crate::web::layout::{Layout, render, render_status};
use crate::web::state::AppState;
use crate::web::viewer::Teacher;
use crate::web::views::groups::GroupFilter;

/// The New and Edit forms, as typed.
#[derive(Debug, Default, Deserialize)]
pub struct AssignmentForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    instructions: String,
    #[serde(default)]
    due: String,
    #[serde(default)]
    group: String,
    #[serde(default)]
    comments_required: String,
    answers_visible_before_due: Option<String>,
}

#[derive(Template)]
#[template(path = "assignment_form.html")]
struct AssignmentFormPage {
    layout: Layout,
    /// `None` for a new assignment.
    existing: Option<Assignment>,
    form: AssignmentForm,
    group_filter: GroupFilter,
    errors: FieldErrors,
}

impl AssignmentFormPage {
    fn action_path(&self) -> String {
        match &self.existing {
            Some(a) => format!("/assignments/{}/edit", a.id),
            None => "/assignments".to_owned(),
        }
    }
}

async fn form_page(
    state: &AppState,
    teacher: &Teacher,
    existing: Option<Assignment>,
    form: AssignmentForm,
) -> Result<AssignmentFormPage, AppError> {
    let title = match &existing {
        Some(a) => format!("Edit {}", a.title),
        None => "New assignment".to_owned(),
    };
    let group_filter = GroupFilter::load(state, &form.group).await?;
    Ok(AssignmentFormPage {
        layout: teacher.0.viewer.layout(title),
        existing,
        form,
        group_filter,
        errors: FieldErrors::new(),
    })
}

async fn assignment(state: &AppState, id: i64) -> Result<Assignment, AppError> {
    state
        .store
        .assignment_by_id(id)
        .await?
        .ok_or(AppError::NotFound)
}

/// `GET /assignments/new`
pub async fn new_assignment_form(
    State(state): State<AppState>,
    teacher: Teacher,
) -> Result<Response, AppError> {
    let form = AssignmentForm {
        comments_required: "0".to_owned(),
        ..AssignmentForm::default()
    };
    render(&form_page(&state, &teacher, None, form).await?)
}

/// `GET /assignments/{id}/edit`
pub async fn edit_assignment_form(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let existing = assignment(&state, id).await?;
    let zone = teacher.0.viewer.zone();
    let form = AssignmentForm {
        title: existing.title.clone(),
        instructions: existing.instructions.clone(),
        due: zone.datetime_local(existing.due_at),
        group: existing.group_id.map(|g| g.to_string()).unwrap_or_default(),
        comments_required: existing.comments_required.to_string(),
        answers_visible_before_due: existing.answers_visible_before_due.then(|| "on".into()),
    };
    render(&form_page(&state, &teacher, Some(existing), form).await?)
}

/// `POST /assignments`
pub async fn create_assignment(
    State(state): State<AppState>,
    teacher: Teacher,
    Form(form): Form<AssignmentForm>,
) -> Result<Response, AppError> {
    save(&state, &teacher, None, form).await
}

/// `POST /assignments/{id}/edit`
pub async fn update_assignment(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(id): Path<i64>,
    Form(form): Form<AssignmentForm>,
) -> Result<Response, AppError> {
    let existing = assignment(&state, id).await?;
    save(&state, &teacher, Some(existing), form).await
}

/// Checks the form; a refused one comes back (422) with the text and the messages.
async fn save(
    state: &AppState,
    teacher: &Teacher,
    existing: Option<Assignment>,
    form: AssignmentForm,
) -> Result<Response, AppError> {
    let zone = teacher.0.viewer.zone();
    let mut errors = FieldErrors::new();
    let title = errors.check("title", AssignmentTitle::parse(&form.title));
    let instructions = errors.check(
        "instructions",
        Body::parse_in_pool(form.instructions.clone()).await?,
    );
    let due_at = errors.check(
        "due",
        zone.parse_local(&form.due)
            .ok_or("Choose the date and time answers are due."),
    );
    let comments_required = errors.check(
        "comments_required",
        parse_comments_required(&form.comments_required),
    );
    let group_id = existing_group(state, &form.group).await?;
    let (Some(title), Some(instructions), Some(due_at), Some(comments_required), true) = (
        title,
        instructions,
        due_at,
        comments_required,
        errors.is_empty(),
    ) else {
        let mut page = form_page(state, teacher, existing, form).await?;
        page.errors = errors;
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let rendered = match instructions.render().await {
        Ok(rendered) => rendered,
        Err(busy) => {
            let mut page = form_page(state, teacher, existing, form).await?;
            page.errors.add("instructions", busy.message());
            return render_status(StatusCode::SERVICE_UNAVAILABLE, &page);
        }
    };
    let new = NewAssignment {
        title: &title,
        instructions: instructions.as_str(),
        instructions_html: &rendered.html,
        due_at,
        group_id,
        comments_required,
        answers_visible_before_due: form.answers_visible_before_due.is_some(),
    };
    let (id, done) = match &existing {
        Some(a) => {
            state.store.update_assignment(a.id, &new).await?;
            (a.id, "saved")
        }
        None => (state.store.create_assignment(&new).await?, "created"),
    };
    tracing::info!(assignment = id, by = %teacher.0.user.username, done, "assignment saved");
    Ok(Redirect::to(&format!("/assignments/{id}?done={done}")).into_response())
}

/// `POST /assignments/{id}/close`
pub async fn close_assignment(
    State(state): State<AppState>,
    _teacher: Teacher,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let existing = assignment(&state, id).await?;
    state.store.set_assignment_closed(existing.id, true).await?;
    Ok(Redirect::to(&format!("/assignments/{id}?done=closed")).into_response())
}

/// `POST /assignments/{id}/reopen`
pub async fn reopen_assignment(
    State(state): State<AppState>,
    _teacher: Teacher,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let existing = assignment(&state, id).await?;
    state
        .store
        .set_assignment_closed(existing.id, false)
        .await?;
    Ok(Redirect::to(&format!("/assignments/{id}?done=reopened")).into_response())
}

/// `POST /assignments/{id}/delete`: the assignment goes; its answers stay as posts.
pub async fn delete_assignment(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let existing = assignment(&state, id).await?;
    state.store.delete_assignment(existing.id).await?;
    tracing::info!(assignment = id, by = %teacher.0.user.username, "assignment deleted");
    Ok(Redirect::to("/assignments?done=deleted").into_response())
}
