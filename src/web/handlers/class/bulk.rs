//! Actions on the students ticked on Class, or on one student's own button: anything
//! that takes something away is asked again on a confirmation page (a plain form, no
//! script) before it is done.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::accounts::User;
use crate::error::AppError;
use crate::roster::{BulkAction, Removal};
use crate::web::forms::{FieldErrors, Form, urlencode};
use crate::web::layout::{Layout, render_status};
use crate::web::state::AppState;
use crate::web::viewer::Teacher;

#[derive(Template)]
#[template(path = "class_confirm.html")]
struct ConfirmPage {
    layout: Layout,
    action: BulkAction,
    chosen: Vec<User>,
    to_group: String,
    group: String,
    errors: FieldErrors,
}

/// The form's fields in the order sent (`ids` comes once per ticked student).
struct Fields(Vec<(String, String)>);

impl Fields {
    fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.as_str())
    }

    /// The action and the ids it is for: one student's button (`one=remove:12`) or the
    /// ticked ones (`ids=12&ids=13&action=remove`).
    fn decision(&self) -> Result<(BulkAction, Vec<i64>), AppError> {
        let (action, ids): (&str, Vec<&str>) = match self.get("one").split_once(':') {
            Some((action, id)) => (action, vec![id]),
            None => (
                self.get("action"),
                self.0
                    .iter()
                    .filter(|(key, _)| key == "ids")
                    .map(|(_, value)| value.as_str())
                    .collect(),
            ),
        };
        let action = BulkAction::parse(action).ok_or(AppError::BadRequest("Unknown action."))?;
        let ids = ids
            .into_iter()
            .map(str::parse)
            .collect::<Result<_, _>>()
            .map_err(|_| AppError::BadRequest("Unknown student."))?;
        Ok((action, ids))
    }
}

/// The chosen class members (never removed ones), checked against what the action may touch.
async fn chosen_members(
    state: &AppState,
    teacher: &Teacher,
    action: BulkAction,
    ids: &[i64],
) -> Result<Vec<User>, AppError> {
    let chosen: Vec<User> = state
        .store
        .class_members(None)
        .await?
        .into_iter()
        .map(|member| member.user)
        .filter(|user| ids.contains(&user.id))
        .collect();
    if chosen.len() < ids.len() {
        return Err(AppError::NotFound);
    }
    if chosen.iter().any(|u| u.is_teacher()) && !action.applies_to_teachers() {
        return Err(AppError::BadRequest("That is only for students."));
    }
    if action == BulkAction::Deactivate && chosen.iter().any(|u| u.id == teacher.0.user.id) {
        return Err(AppError::BadRequest(
            "You cannot switch off your own account.",
        ));
    }
    Ok(chosen)
}

/// `POST /class/bulk`: the confirmation page, or (once confirmed, or for what takes
/// nothing away) the action itself.
pub async fn act_on_students(
    State(state): State<AppState>,
    teacher: Teacher,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(fields);
    let (action, ids) = fields.decision()?;
    let group = fields.get("group").to_owned();
    if ids.is_empty() {
        let mut page = super::class_page(&state, &teacher, &group).await?;
        page.errors
            .add("roster", "Tick at least one student first.");
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let chosen = chosen_members(&state, &teacher, action, &ids).await?;
    let removal = Removal::parse(fields.get("removal"));
    let confirmed = fields.get("confirmed") == "yes";
    if action.needs_confirmation()
        && (!confirmed || (action == BulkAction::Remove && removal.is_none()))
    {
        let mut errors = FieldErrors::new();
        if confirmed {
            errors.add(
                "removal",
                "Choose what happens to their posts and comments.",
            );
        }
        let page = ConfirmPage {
            layout: teacher.0.viewer.layout(action.label()),
            action,
            chosen,
            to_group: fields.get("to_group").to_owned(),
            group,
            errors,
        };
        let status = if confirmed {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
        return render_status(status, &page);
    }
    let to_group = fields.get("to_group").to_owned();
    apply(
        &state, &teacher, action, &chosen, removal, &to_group, &group,
    )
    .await
}

async fn apply(
    state: &AppState,
    teacher: &Teacher,
    action: BulkAction,
    chosen: &[User],
    removal: Option<Removal>,
    to_group: &str,
    group: &str,
) -> Result<Response, AppError> {
    let ids: Vec<i64> = chosen.iter().map(|u| u.id).collect();
    tracing::info!(action = action.as_str(), ?ids, by = %teacher.0.user.username, "class members changed");
    let done = match action {
        BulkAction::NewPasswords => {
            let rows = super::sheet::new_passwords(state, chosen).await?;
            return super::sheet::keep_sheet(state, teacher, "New passwords", rows).await;
        }
        BulkAction::Deactivate | BulkAction::Reactivate => {
            let active = action == BulkAction::Reactivate;
            for id in &ids {
                state.store.set_user_active(*id, active).await?;
            }
            if active { "reactivated" } else { "deactivated" }
        }
        BulkAction::PauseCommenting | BulkAction::AllowCommenting => {
            let allowed = action == BulkAction::AllowCommenting;
            for id in &ids {
                state.store.set_can_comment(*id, allowed).await?;
            }
            if allowed { "allowed" } else { "paused" }
        }
        BulkAction::MoveToGroup => {
            let target = super::groups::existing_group(state, to_group).await?;
            state.store.move_to_group(&ids, target).await?;
            "moved"
        }
        BulkAction::Remove => {
            let removal =
                removal.ok_or(AppError::BadRequest("Choose what happens to their work."))?;
            for id in &ids {
                state.store.remove_student(*id, removal).await?;
            }
            "removed"
        }
    };
    let back = match group {
        "" => format!("/class?done={done}"),
        group => format!("/class?group={}&done={done}", urlencode(group)),
    };
    Ok(Redirect::to(&back).into_response())
}

impl ConfirmPage {
    /// Whether the page asks what happens to the students' work.
    fn is_remove(&self) -> bool {
        self.action == BulkAction::Remove
    }
}
