//! The teachers' Moderation page: the queue of comments, decided on one or many at a
//! time, and the log of every decision. What the pages show is in `moderation_view`.

use crate::web::forms::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

mod view;

use crate::comments::{ModerationAction, parse_note};
use crate::error::AppError;
use crate::store::{Chosen, QueueFilter};
use crate::web::forms::urlencode;
use crate::web::kept_queues::DrawnQueue;
use crate::web::layout::{render, render_status};
use crate::web::state::AppState;
use crate::web::viewer::Teacher;
use crate::web::views::groups::GroupFilter;
use view::{LogPage, LogRow, ModerationPage, QueueEntry, draw_queue};
pub use view::{LogQuery, QueueQuery};

/// Comments shown in the queue at once.
const QUEUE_LENGTH: i64 = 100;

/// The queue (kept, see `web::kept_queues`) and the groups are read at once: on Postgres each is a
/// round trip.
async fn queue_page(
    state: &AppState,
    teacher: &Teacher,
    query: &QueueQuery,
) -> Result<ModerationPage, AppError> {
    let filter = query.filter();
    let (queue, group_filter) = tokio::try_join!(
        state
            .kept_queues
            .get(&state.store, &filter, draw(state, teacher, &filter)),
        GroupFilter::load(state, &query.group),
    )?;
    Ok(ModerationPage {
        layout: teacher.0.viewer.layout("Moderation"),
        queue,
        state: filter.view.as_str(),
        post: query.post.clone(),
        author: query.author.clone(),
        notice: query.notice(),
        error: None,
        group_filter,
    })
}

/// Reads the queue and the review count at once (on Postgres each is a round trip),
/// and draws the queue's comments.
async fn draw(
    state: &AppState,
    teacher: &Teacher,
    filter: &QueueFilter,
) -> Result<DrawnQueue, AppError> {
    let (items, posts_in_review) = tokio::try_join!(
        state.store.moderation_queue(filter, QUEUE_LENGTH),
        state.store.posts_in_review_count(),
    )?;
    let viewer = &teacher.0.viewer;
    let zone = viewer.zone();
    let entries: Vec<QueueEntry> = items
        .into_iter()
        .map(|item| QueueEntry::new(item, &zone, &viewer.site.discussion))
        .collect();
    draw_queue(&entries, posts_in_review)
}

/// `GET /moderation`
pub async fn show_queue(
    State(state): State<AppState>,
    teacher: Teacher,
    Query(query): Query<QueueQuery>,
) -> Result<Response, AppError> {
    render(&queue_page(&state, &teacher, &query).await?)
}

/// The queue form's fields, in the order sent (`ids` comes once per ticked comment).
struct Fields(Vec<(String, String)>);

impl Fields {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        self.0
            .iter()
            .filter(move |(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The queue as it was filtered when the form was drawn.
    fn back_to_queue(&self) -> String {
        let group = match self.get("group").unwrap_or_default() {
            "" => String::new(),
            group => format!("&group={}", urlencode(group)),
        };
        format!(
            "/moderation?state={}&post={}&author={}{group}",
            urlencode(self.get("state").unwrap_or("pending")),
            urlencode(self.get("post").unwrap_or_default()),
            urlencode(self.get("author").unwrap_or_default()),
        )
    }
}

/// What a teacher decided, with each chosen comment's note (`note-12`) read and checked.
struct Decision {
    action: ModerationAction,
    chosen: Vec<(i64, Option<String>)>,
}

/// Reads the buttons of one comment (`one=approve:12`) or a bulk action on the ticked
/// ones (`ids=12&ids=13&action=approve`). Every note is checked before anything changes.
fn read_decision(fields: &Fields) -> Result<Decision, AppError> {
    let (action, ids): (&str, Vec<&str>) =
        match fields.get("one").and_then(|one| one.split_once(':')) {
            Some((action, id)) => (action, vec![id]),
            None => (
                fields.get("action").unwrap_or_default(),
                fields.all("ids").collect(),
            ),
        };
    let ids = ids
        .into_iter()
        .map(str::parse::<i64>)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| AppError::BadRequest("Unknown comment."))?;
    let action = ModerationAction::parse(action)
        .ok_or(AppError::BadRequest("Choose what to do with the comments."))?;
    let chosen = ids
        .into_iter()
        .map(|id| {
            let typed = fields.get(&format!("note-{id}")).unwrap_or_default();
            parse_note(typed, false)
                .map(|note| (id, note))
                .map_err(AppError::BadRequest)
        })
        .collect::<Result<_, _>>()?;
    Ok(Decision { action, chosen })
}

/// `POST /moderation`: one decision on one or many comments, applied by one store call
/// in one transaction; then back to the queue as it was filtered.
pub async fn moderate(
    State(state): State<AppState>,
    teacher: Teacher,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(fields);
    let decision = read_decision(&fields)?;
    if decision.chosen.is_empty() {
        return nothing_ticked(&state, &teacher, &fields).await;
    }
    let chosen: Vec<Chosen<'_>> = decision
        .chosen
        .iter()
        .map(|(id, note)| Chosen {
            comment_id: *id,
            note: note.as_deref(),
        })
        .collect();
    let action = decision.action;
    let changed = state
        .store
        .moderate(action, &chosen, teacher.0.user.id)
        .await?;
    tracing::info!(count = changed, action = action.as_str(), by = %teacher.0.user.username, "comments moderated");
    let back = fields.back_to_queue();
    Ok(Redirect::to(&format!("{back}&done={changed}")).into_response())
}

/// A bulk button pressed with no comment ticked: the queue again (in the view it was
/// in, unfiltered otherwise), saying so.
async fn nothing_ticked(
    state: &AppState,
    teacher: &Teacher,
    fields: &Fields,
) -> Result<Response, AppError> {
    let query = QueueQuery {
        state: fields.get("state").unwrap_or("pending").to_owned(),
        ..QueueQuery::default()
    };
    let mut page = queue_page(state, teacher, &query).await?;
    page.error = Some("Tick at least one comment first.");
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// `GET /moderation/log`: answers 422 (with every filter it could read applied) when a
/// date cannot be read.
pub async fn show_log(
    State(state): State<AppState>,
    teacher: Teacher,
    Query(query): Query<LogQuery>,
) -> Result<Response, AppError> {
    let zone = teacher.0.viewer.zone();
    let (filter, problem) = query.filter(&zone);
    let entries = state.store.moderation_log(&filter).await?;
    let rows = entries.into_iter().map(|e| LogRow::new(e, &zone)).collect();
    let users = state.store.all_users().await?;
    let students = users.into_iter().map(|u| (u.id, u.display_name)).collect();
    let status = match problem {
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    let page = LogPage {
        layout: teacher.0.viewer.layout("Moderation log"),
        rows,
        comment: query.comment,
        student: query.student,
        from: query.from,
        until: query.until,
        students,
        problem,
    };
    render_status(status, &page)
}
