//! Assignments: the list everyone signed in sees, and an assignment's page, which shows
//! a student their own progress and classmates' answers, and a teacher the way to the
//! table. Setting and changing them (`edit`) and the teacher's table (`table`) live
//! beside it.

pub mod edit;
pub mod table;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use crate::assignments::{
    AnswerState, Assignment, CommentProgress, answers_visible, due_wording, effective_due,
};
use crate::db::Timestamp;
use crate::error::AppError;
use crate::store::PublishedAnswer;
use crate::web::layout::{Layout, render};
use crate::web::state::AppState;
use crate::web::viewer::SignedIn;

/// An assignment in the list.
struct Listed {
    assignment: Assignment,
    due: String,
    group: String,
}

#[derive(Template)]
#[template(path = "assignments.html")]
struct AssignmentsPage {
    layout: Layout,
    open: Vec<Listed>,
    closed: Vec<Listed>,
    is_teacher: bool,
    notice: Option<&'static str>,
}

/// A student's own standing on the assignment page.
struct OwnProgress {
    answer: AnswerState,
    /// Their post's edit page, if they have one.
    edit_path: Option<String>,
    comments: Option<String>,
    extended_due: Option<String>,
}

#[derive(Template)]
#[template(path = "assignment.html")]
struct AssignmentPage {
    layout: Layout,
    assignment: Assignment,
    due_date: String,
    due: String,
    group: String,
    is_teacher: bool,
    progress: Option<OwnProgress>,
    /// `None` while classmates' answers are not to be read yet.
    answers: Option<Vec<PublishedAnswer>>,
    me: i64,
    notice: Option<&'static str>,
}

/// What the list or page says after a teacher's action.
#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

fn notice_for(done: Option<&str>) -> Option<&'static str> {
    Some(match done? {
        "created" => "The assignment is set. Students see it under Assignments.",
        "saved" => "Changes saved.",
        "closed" => "Closed. It is listed after the open ones and no longer offered on Write.",
        "reopened" => "Open again.",
        "deleted" => "The assignment is deleted. Its answers stay, as ordinary posts.",
        _ => return None,
    })
}

/// The assignment with this id, if the viewer is asked to answer it (or is a teacher).
pub(super) async fn visible_assignment(
    state: &AppState,
    signed_in: &SignedIn,
    id: i64,
) -> Result<Assignment, AppError> {
    let assignment = state
        .store
        .assignment_by_id(id)
        .await?
        .ok_or(AppError::NotFound)?;
    if signed_in.user.is_teacher() {
        return Ok(assignment);
    }
    let group = state.store.group_of(signed_in.user.id).await?;
    if assignment.is_set_for(group) {
        Ok(assignment)
    } else {
        Err(AppError::NotFound)
    }
}

/// The name of an assignment's group, or "Everyone".
async fn group_name(state: &AppState, group: Option<i64>) -> Result<String, AppError> {
    let Some(id) = group else {
        return Ok("Everyone".to_owned());
    };
    let groups = state.store.class_groups().await?;
    Ok(groups
        .into_iter()
        .find(|g| g.id == id)
        .map_or_else(|| "Everyone".to_owned(), |g| g.name))
}

/// `GET /assignments`
pub async fn list_assignments(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let zone = signed_in.viewer.zone();
    let now = Timestamp::now();
    let is_teacher = signed_in.user.is_teacher();
    let my_group = state.store.group_of(signed_in.user.id).await?;
    let groups = state.store.class_groups().await?;
    let (open, closed): (Vec<Listed>, Vec<Listed>) = state
        .store
        .assignments()
        .await?
        .into_iter()
        .filter(|a| is_teacher || a.is_set_for(my_group))
        .map(|assignment| Listed {
            due: due_wording(assignment.due_at, now, &zone),
            group: groups
                .iter()
                .find(|g| Some(g.id) == assignment.group_id)
                .map_or_else(|| "Everyone".to_owned(), |g| g.name.clone()),
            assignment,
        })
        .partition(|listed| !listed.assignment.closed);
    render(&AssignmentsPage {
        layout: signed_in.viewer.layout("Assignments"),
        open,
        closed,
        is_teacher,
        notice: notice_for(query.done.as_deref()),
    })
}

/// `GET /assignments/{id}`
pub async fn show_assignment(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Query(query): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let assignment = visible_assignment(&state, &signed_in, id).await?;
    let zone = signed_in.viewer.zone();
    let now = Timestamp::now();
    let is_teacher = signed_in.user.is_teacher();
    let row = if is_teacher {
        None
    } else {
        state.store.answer_row(id, signed_in.user.id).await?
    };
    let own_due = effective_due(assignment.due_at, row.as_ref().and_then(|r| r.extended_due));
    let visible = answers_visible(
        is_teacher,
        assignment.answers_visible_before_due,
        own_due,
        now,
    );
    let answers = match visible {
        true => Some(state.store.published_answers(id).await?),
        false => None,
    };
    let progress = row.map(|row| OwnProgress {
        answer: AnswerState::of(row.post(), own_due),
        edit_path: row
            .post_id
            .filter(|_| row.trashed_at.is_none())
            .map(|post| format!("/posts/{post}/edit")),
        comments: CommentProgress {
            left: row.comments_left,
            required: assignment.comments_required,
        }
        .sentence(),
        extended_due: row.extended_due.map(|at| zone.date_and_time(at)),
    });
    render(&AssignmentPage {
        layout: signed_in.viewer.layout(assignment.title.clone()),
        due_date: zone.date_and_time(assignment.due_at),
        due: due_wording(assignment.due_at, now, &zone),
        group: group_name(&state, assignment.group_id).await?,
        is_teacher,
        progress,
        answers,
        me: signed_in.user.id,
        notice: notice_for(query.done.as_deref()),
        assignment,
    })
}
