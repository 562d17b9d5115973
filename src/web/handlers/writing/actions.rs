//! A post's life after writing: the author's list (with what's new), unpublishing, the trash.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::changes::{self, Transition};
use super::editable_post;
use crate::error::AppError;
use crate::posts::approval::{Change, held_for};
use crate::posts::{Post, PostStatus, TRASH_KEPT_FOR, may_change};
use crate::web::handlers::whats_new::{EventLine, event_lines};
use crate::web::layout::{Layout, render};
use crate::web::state::AppState;
use crate::web::viewer::SignedIn;

/// A post in the author's own list.
struct OwnPost {
    id: i64,
    title: String,
    path: String,
    status: &'static str,
    live: bool,
    saved: String,
    note: Option<String>,
    held_for: Option<&'static str>,
}

impl OwnPost {
    fn new(post: &Post, signed_in: &SignedIn) -> OwnPost {
        OwnPost {
            id: post.id,
            title: post.title.clone(),
            path: post.path(),
            status: post.status.label(),
            live: post.is_live(),
            held_for: held_for(
                signed_in.viewer.site.discussion.hold_personal_data,
                &format!("{}\n{}", post.title, post.body),
            )
            .filter(|_| post.status == PostStatus::Review),
            saved: signed_in.viewer.zone().date_and_time(post.updated_at),
            note: post
                .review_note
                .clone()
                .filter(|_| post.status == PostStatus::Draft),
        }
    }
}

#[derive(Template)]
#[template(path = "your_posts.html")]
struct YourPostsPage {
    layout: Layout,
    posts: Vec<OwnPost>,
    events: Vec<EventLine>,
    any_unread: bool,
    notice: Option<&'static str>,
}

/// What just happened, for the confirmation message.
#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

/// `GET /posts`: what's new for the signed-in person (comments on their posts, replies,
/// teachers' decisions), then their drafts, posts in review and published posts.
pub async fn your_posts(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let posts = state
        .store
        .posts_of_author_for_editing(signed_in.user.id)
        .await?;
    let events = event_lines(&state, &signed_in).await?;
    render(&YourPostsPage {
        layout: signed_in.viewer.layout("Your posts"),
        posts: posts.iter().map(|p| OwnPost::new(p, &signed_in)).collect(),
        any_unread: events.iter().any(|event| event.unread),
        events,
        notice: match query.done.as_deref() {
            Some("read") => Some("Everything is marked as read."),
            Some("trashed") => Some("The post is in the trash. You can restore it for 30 days."),
            Some("unpublished") => Some("The post is off the site and kept as a draft."),
            _ => None,
        },
    })
}

/// `POST /posts/{id}/unpublish`
pub async fn unpublish_post(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(post_id): Path<i64>,
) -> Result<Response, AppError> {
    let post = editable_post(&state, &signed_in, post_id).await?;
    state.store.unpublish_post(post.id).await?;
    tracing::info!(post_id, by = %signed_in.user.username, "post unpublished");
    Ok(Redirect::to("/posts?done=unpublished").into_response())
}

/// `POST /posts/{id}/trash`
pub async fn trash_post(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(post_id): Path<i64>,
) -> Result<Response, AppError> {
    let post = editable_post(&state, &signed_in, post_id).await?;
    state.store.trash_post(post.id).await?;
    tracing::info!(post_id, by = %signed_in.user.username, "post moved to the trash");
    Ok(Redirect::to("/posts?done=trashed").into_response())
}

/// A post in the trash.
struct TrashedPost {
    id: i64,
    title: String,
    author: String,
    deleted_on: String,
}

#[derive(Template)]
#[template(path = "trash.html")]
struct TrashPage {
    layout: Layout,
    posts: Vec<TrashedPost>,
    restored: bool,
    /// Restored, but waiting for a teacher's review before readers see it again.
    restored_for_review: bool,
    everyone: bool,
}

/// `GET /trash`: the author's trashed posts; a teacher sees the whole class's.
pub async fn show_trash(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let everyone = signed_in.user.is_teacher();
    let author = (!everyone).then_some(signed_in.user.id);
    let zone = signed_in.viewer.zone();
    let posts = state
        .store
        .trashed_posts(author)
        .await?
        .into_iter()
        .map(|post| TrashedPost {
            id: post.id,
            deleted_on: post
                .trashed_at
                .map(|at| zone.long_date(at + TRASH_KEPT_FOR))
                .unwrap_or_default(),
            author: post.author.display_name,
            title: post.title,
        })
        .collect();
    render(&TrashPage {
        layout: signed_in.viewer.layout("Trash"),
        posts,
        restored: query.done.as_deref() == Some("restored"),
        restored_for_review: query.done.as_deref() == Some("restored-for-review"),
        everyone,
    })
}

/// `POST /posts/{id}/restore`: back from the trash as it was, under the same approval
/// rule as an edit: a published post a student brings back (a teacher may have put it
/// there) waits for a teacher's review when posts need approval.
pub async fn restore_post(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(post_id): Path<i64>,
) -> Result<Response, AppError> {
    let post = state
        .store
        .post_by_id(post_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_change(&post, &signed_in.user) || post.trashed_at.is_none() {
        return Err(AppError::NotFound);
    }
    let text = format!("{}\n{}", post.title, post.body);
    let transition = Transition::of(&signed_in, post.status, Change::Edit, &text);
    changes::before_writing(&state, post.id, transition).await?;
    state.store.restore_post(post.id).await?;
    changes::after_writing(&state, &signed_in, post.id, transition).await?;
    tracing::info!(post_id, by = %signed_in.user.username, "post restored from the trash");
    let done = if transition.sends_live_post_to_review() {
        "restored-for-review"
    } else {
        "restored"
    };
    Ok(Redirect::to(&format!("/trash?done={done}")).into_response())
}
