//! The teachers' review list, when students' posts need approval.

use crate::web::forms::Form;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::db::Timestamp;
use crate::error::AppError;
use crate::posts::approval::held_for;
use crate::posts::markdown::SafeHtml;
use crate::posts::{Post, PostStatus};
use crate::store::Publication;
use crate::web::forms::FieldErrors;
use crate::web::layout::{Layout, render, render_status};
use crate::web::state::AppState;
use crate::web::viewer::Teacher;
use crate::web::views::groups::GroupFilter;

/// Longest note a teacher can send back.
const NOTE_MAX: usize = 1_000;

struct Submitted {
    id: i64,
    title: String,
    author: String,
    author_is_teacher: bool,
    held_for: Option<&'static str>,
    submitted: String,
    body: SafeHtml,
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    layout: Layout,
    posts: Vec<Submitted>,
    notice: Option<&'static str>,
    group_filter: GroupFilter,
    /// The post whose note had a problem, its typed note, and the problem.
    note_error: Option<(i64, String, String)>,
    errors: FieldErrors,
}

impl ReviewPage {
    fn note_for(&self, post_id: &i64) -> &str {
        match &self.note_error {
            Some((id, note, _)) if id == post_id => note,
            _ => "",
        }
    }

    fn problem_for(&self, post_id: &i64) -> Option<&str> {
        match &self.note_error {
            Some((id, _, problem)) if id == post_id => Some(problem),
            _ => None,
        }
    }
}

/// What just happened.
#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
    #[serde(default)]
    group: String,
}

async fn review_page(
    state: &AppState,
    teacher: &Teacher,
    group: &str,
) -> Result<ReviewPage, AppError> {
    let zone = teacher.0.viewer.zone();
    let group_filter = GroupFilter::load(state, group).await?;
    let posts = state
        .store
        .posts_in_review(group_filter.chosen)
        .await?
        .into_iter()
        .map(|post| Submitted {
            id: post.id,
            submitted: zone.date_and_time(post.updated_at),
            author_is_teacher: post.author.is_teacher,
            held_for: held_for(
                teacher.0.viewer.site.discussion.hold_personal_data,
                &format!("{}\n{}", post.title, post.body),
            ),
            author: post.author.display_name,
            title: post.title,
            body: post.body_html,
        })
        .collect();
    Ok(ReviewPage {
        layout: teacher.0.viewer.layout("Posts waiting for review"),
        posts,
        notice: None,
        group_filter,
        note_error: None,
        errors: FieldErrors::new(),
    })
}

/// `GET /review`
pub async fn show_review(
    State(state): State<AppState>,
    teacher: Teacher,
    Query(query): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let mut page = review_page(&state, &teacher, &query.group).await?;
    page.notice = match query.done.as_deref() {
        Some("published") => Some("The post is published."),
        Some("sent-back") => Some("The post is back with its author, with your note."),
        _ => None,
    };
    render(&page)
}

async fn post_in_review(state: &AppState, post_id: i64) -> Result<Post, AppError> {
    let post = state
        .store
        .post_by_id(post_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if post.status != PostStatus::Review || post.trashed_at.is_some() {
        return Err(AppError::NotFound);
    }
    Ok(post)
}

/// `POST /posts/{id}/approve`
pub async fn approve_post(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(post_id): Path<i64>,
) -> Result<Response, AppError> {
    let post = post_in_review(&state, post_id).await?;
    let now = Timestamp::now();
    let publication = Publication {
        at: now,
        month: teacher.0.viewer.zone().month_key(now),
    };
    state
        .store
        .publish_post(post.id, &publication, teacher.0.user.id)
        .await?;
    tracing::info!(post_id, by = %teacher.0.user.username, "post approved and published");
    Ok(Redirect::to("/review?done=published").into_response())
}

/// The send-back form.
#[derive(Debug, Deserialize)]
pub struct SendBackForm {
    #[serde(default)]
    note: String,
}

/// `POST /posts/{id}/send-back`: back to draft, with a private note for the author.
pub async fn send_back_post(
    State(state): State<AppState>,
    teacher: Teacher,
    Path(post_id): Path<i64>,
    Form(form): Form<SendBackForm>,
) -> Result<Response, AppError> {
    let post = post_in_review(&state, post_id).await?;
    let note = form.note.trim();
    let problem = if let Err(problem) = crate::text::plain(note) {
        Some(problem)
    } else if note.is_empty() {
        Some("Write a note so the student knows what to change.")
    } else if note.chars().count() > NOTE_MAX {
        Some("A note can be at most 1,000 characters long.")
    } else {
        None
    };
    if let Some(problem) = problem {
        let mut page = review_page(&state, &teacher, "").await?;
        page.errors.add("note", problem);
        let kept = crate::text::for_form(&form.note, None);
        page.note_error = Some((post.id, kept, problem.to_owned()));
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    state
        .store
        .send_post_back(post.id, note, teacher.0.user.id)
        .await?;
    tracing::info!(post_id, by = %teacher.0.user.username, "post sent back to its author");
    Ok(Redirect::to("/review?done=sent-back").into_response())
}
