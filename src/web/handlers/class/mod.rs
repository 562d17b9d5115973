//! The teacher's Class page: the roster with each student's work and last sign-in,
//! groups, and co-teachers. Adding students (`students`), the password sheet (`sheet`),
//! actions on ticked students (`bulk`) and groups (`groups`) live beside it.

pub mod bulk;
pub mod groups;
pub mod sheet;
pub mod students;

use std::ops::Deref;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use crate::accounts::{Role, User};
use crate::error::AppError;
use crate::store::{ClassGroup, ClassMember};
use crate::web::forms::{FieldErrors, Form};
use crate::web::layout::{Layout, render, render_status};
use crate::web::state::AppState;
use crate::web::viewer::Teacher;
use crate::web::views::groups::GroupFilter;

/// A row of the Class tables: the account (reached through `Deref`) and its counts.
pub struct MemberView {
    user: User,
    group: String,
    last_sign_in: String,
    published_posts: i64,
    comments: i64,
    waiting: i64,
}

impl Deref for MemberView {
    type Target = User;

    fn deref(&self) -> &User {
        &self.user
    }
}

#[derive(Template)]
#[template(path = "class.html")]
struct ClassPage {
    layout: Layout,
    me: i64,
    teachers: Vec<MemberView>,
    students: Vec<MemberView>,
    active_students: usize,
    groups: Vec<ClassGroup>,
    group_filter: GroupFilter,
    names: String,
    teacher_name: String,
    group_name: String,
    /// A rename that was refused: the group, the name typed, the problem.
    rename: Option<(i64, String, &'static str)>,
    errors: FieldErrors,
    notice: Option<&'static str>,
    lockouts: Vec<super::sign_in::LockoutRow>,
}

/// The Class page's address: the group shown, and what the last action did.
#[derive(Debug, Default, Deserialize)]
pub struct ClassQuery {
    #[serde(default)]
    group: String,
    done: Option<String>,
}

async fn class_page(
    state: &AppState,
    teacher: &Teacher,
    group: &str,
) -> Result<ClassPage, AppError> {
    let zone = teacher.0.viewer.zone();
    let group_filter = GroupFilter::load(state, group).await?;
    let groups = state.store.class_groups().await?;
    let group_name = |id: Option<i64>| {
        groups
            .iter()
            .find(|g| Some(g.id) == id)
            .map_or_else(String::new, |g| g.name.clone())
    };
    let (teachers, students): (Vec<MemberView>, Vec<MemberView>) = state
        .store
        .class_members(group_filter.chosen)
        .await?
        .into_iter()
        .map(|m: ClassMember| MemberView {
            group: group_name(m.group_id),
            last_sign_in: m
                .last_sign_in_at
                .map_or_else(|| "Never".to_owned(), |at| zone.date_and_time(at)),
            published_posts: m.published_posts,
            comments: m.comments,
            waiting: m.waiting,
            user: m.user,
        })
        .partition(|member| member.role == Role::Teacher);
    Ok(ClassPage {
        layout: teacher.0.viewer.layout("Class"),
        me: teacher.0.user.id,
        active_students: students.iter().filter(|s| s.active).count(),
        teachers,
        students,
        groups,
        group_filter,
        names: String::new(),
        teacher_name: String::new(),
        group_name: String::new(),
        rename: None,
        errors: FieldErrors::new(),
        notice: None,
        lockouts: super::sign_in::recent_lockouts(state, &zone).await?,
    })
}

impl ClassPage {
    /// The name shown in a group's rename field: as typed when it was refused.
    fn rename_value<'a>(&'a self, group: &'a ClassGroup) -> &'a str {
        match &self.rename {
            Some((id, typed, _)) if *id == group.id => typed,
            _ => &group.name,
        }
    }

    /// Why a group's rename was refused, if it was.
    fn rename_problem(&self, group: &ClassGroup) -> Option<&'static str> {
        self.rename
            .as_ref()
            .filter(|(id, ..)| *id == group.id)
            .map(|(_, _, problem)| *problem)
    }
}

/// What the page says after an action, by the `done` the redirect carried.
fn notice_for(done: &str) -> Option<&'static str> {
    Some(match done {
        "deactivated" => "Switched off. They cannot sign in; their posts and comments stay.",
        "reactivated" => "They can sign in again.",
        "paused" => "They can no longer comment. They can still read and write posts.",
        "allowed" => "They can comment again.",
        "moved" => "Moved to the group.",
        "renamed" => "The name is changed everywhere it shows.",
        "removed" => "Removed. Those accounts can never sign in again.",
        "group-added" => "The group is made. Tick students and use Move to group.",
        "group-renamed" => "The group is renamed.",
        "group-deleted" => "The group is deleted. Its students are in no group now.",
        "group-deactivated" => {
            "Every student of the group is switched off. Their posts stay readable."
        }
        _ => return None,
    })
}

/// `GET /class`
pub async fn show_class(
    State(state): State<AppState>,
    teacher: Teacher,
    Query(query): Query<ClassQuery>,
) -> Result<Response, AppError> {
    let mut page = class_page(&state, &teacher, &query.group).await?;
    page.notice = query.done.as_deref().and_then(notice_for);
    render(&page)
}

/// The add-teacher form.
#[derive(Debug, Deserialize)]
pub struct TeacherForm {
    #[serde(default)]
    teacher_name: String,
}

/// `POST /class/teachers`: a co-teacher, with the same powers; answers with their sheet.
pub async fn add_teacher(
    State(state): State<AppState>,
    teacher: Teacher,
    Form(form): Form<TeacherForm>,
) -> Result<Response, AppError> {
    let name = match super::rename::checked_name(&state, &form.teacher_name, None).await? {
        Ok(name) => name,
        Err(message) => {
            let mut page = class_page(&state, &teacher, "").await?;
            page.teacher_name = form.teacher_name;
            page.errors.add("teacher_name", message);
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let rows = sheet::create_accounts(&state, vec![name], Role::Teacher).await?;
    tracing::info!(by = %teacher.0.user.username, "co-teacher added");
    sheet::keep_sheet(&state, &teacher, "New co-teacher", rows).await
}
