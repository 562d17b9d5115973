//! The teachers' Moderation page: the queue of comments, one or many at a time,
//! and the log of every decision.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;

use crate::comments::{CommentState, Flag, ModerationAction, parse_note};
use crate::db::Timestamp;
use crate::error::AppError;
use crate::posts::markdown::SafeHtml;
use crate::store::{LogFilter, QueueFilter};
use crate::web::forms::urlencode;
use crate::web::layout::{Layout, render, render_status};
use crate::web::state::AppState;
use crate::web::viewer::Teacher;

/// Comments shown in the queue at once.
const QUEUE_LENGTH: i64 = 100;

struct QueueEntry {
    id: i64,
    author: String,
    date: String,
    body: SafeHtml,
    state: &'static str,
    flag: Option<String>,
    post_title: String,
    post_path: String,
    parent_excerpt: Option<String>,
}

#[derive(Template)]
#[template(path = "moderation.html")]
struct ModerationPage {
    layout: Layout,
    entries: Vec<QueueEntry>,
    state: String,
    post: String,
    author: String,
    notice: Option<String>,
    error: Option<&'static str>,
    posts_in_review: usize,
}

impl ModerationPage {
    fn state_is(&self, value: &str) -> bool {
        self.state == value
    }
}

/// The queue's filters.
#[derive(Debug, Default, Deserialize)]
pub struct QueueQuery {
    #[serde(default)]
    state: String,
    #[serde(default)]
    post: String,
    #[serde(default)]
    author: String,
    #[serde(default)]
    done: String,
}

const STATES: [&str; 7] = [
    "pending", "flagged", "approved", "rejected", "spam", "deleted", "all",
];

fn excerpt(text: &str) -> String {
    crate::posts::markdown::excerpt(text, 25)
}

async fn moderation_page(
    state: &AppState,
    teacher: &Teacher,
    query: &QueueQuery,
) -> Result<ModerationPage, AppError> {
    let filter = QueueFilter {
        state: if STATES.contains(&query.state.as_str()) {
            query.state.clone()
        } else {
            "pending".to_owned()
        },
        post_id: query.post.trim().parse().unwrap_or(0),
        author_id: query.author.trim().parse().unwrap_or(0),
    };
    let zone = teacher.0.viewer.zone();
    let entries = state
        .store
        .moderation_queue(&filter, QUEUE_LENGTH)
        .await?
        .into_iter()
        .map(|item| {
            let c = &item.comment;
            QueueEntry {
                id: c.id,
                author: c.author_name().to_owned(),
                date: zone.date_and_time(c.created_at),
                body: c.body_html.clone(),
                state: c.state.label(),
                flag: c.flag.map(|flag| {
                    let who = if flag == Flag::Reported {
                        "Reported by a reader"
                    } else {
                        "Hidden by the post's author"
                    };
                    match &c.flag_reason {
                        Some(reason) => format!("{who}: {reason}"),
                        None => who.to_owned(),
                    }
                }),
                post_path: format!("/posts/{}", item.post_slug),
                post_title: item.post_title,
                parent_excerpt: item.parent_body.as_deref().map(excerpt),
            }
        })
        .collect();
    Ok(ModerationPage {
        layout: teacher.0.viewer.layout("Moderation"),
        entries,
        state: filter.state,
        post: query.post.clone(),
        author: query.author.clone(),
        notice: match query.done.parse::<usize>() {
            Ok(1) => Some("1 comment updated.".to_owned()),
            Ok(n) => Some(format!("{n} comments updated.")),
            Err(_) => None,
        },
        error: None,
        posts_in_review: state.store.posts_in_review().await?.len(),
    })
}

/// `GET /moderation`
pub async fn show_queue(
    State(state): State<AppState>,
    teacher: Teacher,
    Query(query): Query<QueueQuery>,
) -> Result<Response, AppError> {
    render(&moderation_page(&state, &teacher, &query).await?)
}

/// `POST /moderation`: the buttons of one comment (`one=approve:12`), or a bulk
/// action on the ticked ones (`ids=12&ids=13&action=approve`). Notes come as `note-12`.
pub async fn moderate(
    State(state): State<AppState>,
    teacher: Teacher,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let (action, ids) = match field("one").and_then(|one| one.split_once(':')) {
        Some((action, id)) => (
            action.to_owned(),
            vec![
                id.parse::<i64>()
                    .map_err(|_| AppError::BadRequest("Unknown comment."))?,
            ],
        ),
        None => {
            let ids = fields
                .iter()
                .filter(|(k, _)| k == "ids")
                .map(|(_, v)| v.parse::<i64>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| AppError::BadRequest("Unknown comment."))?;
            (field("action").unwrap_or_default().to_owned(), ids)
        }
    };
    let action = ModerationAction::parse(&action)
        .ok_or(AppError::BadRequest("Choose what to do with the comments."))?;
    let back = format!(
        "/moderation?state={}&post={}&author={}",
        urlencode(field("state").unwrap_or("pending")),
        urlencode(field("post").unwrap_or_default()),
        urlencode(field("author").unwrap_or_default()),
    );
    if ids.is_empty() {
        let query = QueueQuery {
            state: field("state").unwrap_or("pending").to_owned(),
            ..QueueQuery::default()
        };
        let mut page = moderation_page(&state, &teacher, &query).await?;
        page.error = Some("Tick at least one comment first.");
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let mut changed = 0;
    for id in &ids {
        let note = match parse_note(field(&format!("note-{id}")).unwrap_or_default(), false) {
            Ok(note) => note,
            Err(_) => {
                return Err(AppError::BadRequest(
                    "A note can be at most 500 characters long.",
                ));
            }
        };
        changed += state
            .store
            .moderate(&[*id], action, note.as_deref(), teacher.0.user.id)
            .await?;
    }
    tracing::info!(count = changed, action = action.as_str(), by = %teacher.0.user.username, "comments moderated");
    Ok(Redirect::to(&format!("{back}&done={changed}")).into_response())
}

struct LogRow {
    when: String,
    actor: String,
    action: String,
    change: String,
    note: String,
    comment_id: i64,
    comment_by: String,
    post_title: String,
    post_path: String,
}

#[derive(Template)]
#[template(path = "moderation_log.html")]
struct LogPage {
    layout: Layout,
    rows: Vec<LogRow>,
    comment: String,
    student: String,
    from: String,
    until: String,
    students: Vec<(i64, String)>,
    problem: Option<&'static str>,
}

impl LogPage {
    fn student_is(&self, id: &i64) -> bool {
        self.student == id.to_string()
    }
}

/// The log's filters: `YYYY-MM-DD` dates in the school's zone.
#[derive(Debug, Default, Deserialize)]
pub struct LogQuery {
    #[serde(default)]
    comment: String,
    #[serde(default)]
    student: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    until: String,
}

fn state_label(value: Option<&str>) -> &'static str {
    value.map_or("new", |v| CommentState::from_stored(v).label())
}

/// `GET /moderation/log`
pub async fn show_log(
    State(state): State<AppState>,
    teacher: Teacher,
    Query(query): Query<LogQuery>,
) -> Result<Response, AppError> {
    let zone = teacher.0.viewer.zone();
    let mut problem = None;
    let mut day = |text: &str, end: bool| -> Option<Timestamp> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        match zone.start_of_day(text) {
            Some(at) => Some(if end {
                at + time::Duration::days(1)
            } else {
                at
            }),
            None => {
                problem = Some("Write dates as YYYY-MM-DD, for example 2026-11-30.");
                None
            }
        }
    };
    let from = day(&query.from, false)
        .unwrap_or_else(|| Timestamp::from_unix_millis(0).unwrap_or_else(Timestamp::now));
    let until =
        day(&query.until, true).unwrap_or_else(|| Timestamp::now() + time::Duration::days(1));
    let filter = LogFilter {
        comment_id: query.comment.trim().parse().unwrap_or(0),
        user_id: query.student.trim().parse().unwrap_or(0),
        from,
        until,
    };
    let rows = state
        .store
        .moderation_log(&filter)
        .await?
        .into_iter()
        .map(|entry| LogRow {
            when: zone.date_and_time(entry.created_at),
            actor: entry
                .actor_name
                .unwrap_or_else(|| "quire's rules".to_owned()),
            action: entry.action,
            change: format!(
                "{} → {}",
                state_label(entry.from_state.as_deref()),
                state_label(Some(&entry.to_state))
            ),
            note: entry.note.unwrap_or_default(),
            comment_id: entry.comment_id,
            comment_by: entry
                .comment_author
                .or(entry.guest_name)
                .unwrap_or_default(),
            post_path: format!("/posts/{}", entry.post_slug),
            post_title: entry.post_title,
        })
        .collect();
    let students = state
        .store
        .all_users()
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render_status(
        status,
        &LogPage {
            layout: teacher.0.viewer.layout("Moderation log"),
            rows,
            comment: query.comment,
            student: query.student,
            from: query.from,
            until: query.until,
            students,
            problem,
        },
    )
}
