//! What's new for a member: the events listed on Your posts, each marked read when its
//! post is seen or all at once with "Mark all as read".

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};

use crate::dates::SchoolZone;
use crate::error::AppError;
use crate::posts::markdown::excerpt;
use crate::store::Event;
use crate::web::state::AppState;
use crate::web::viewer::{SignedIn, Viewer};

/// How many events Your posts lists, newest first.
const LISTED: i64 = 50;

/// One event as Your posts shows it.
pub struct EventLine {
    /// What happened, as the link's text.
    pub headline: String,
    /// Where it happened: the comment, the post (its feedback), or the post's edit page.
    pub link: String,
    /// When, in the school's time zone.
    pub when: String,
    /// The comment's opening words or the teacher's note.
    pub detail: Option<String>,
    /// Not seen yet.
    pub unread: bool,
}

impl EventLine {
    fn new(event: Event, zone: &SchoolZone) -> EventLine {
        let title = &event.post_title;
        let commenter = event.commenter.as_deref().unwrap_or("Someone");
        let comment_link = |id: i64| format!("/posts/{}#comment-{id}", event.post_slug);
        let post_link = if event.post_live {
            format!("/posts/{}", event.post_slug)
        } else {
            format!("/posts/{}/edit", event.post_id)
        };
        let words = event.comment_body.as_deref().map(|body| excerpt(body, 30));
        let note = event.note.clone().map(|note| format!("Note: {note}"));
        let (headline, link, detail) = match (event.kind.as_str(), event.comment_id) {
            ("comment", Some(id)) => (
                format!("{commenter} commented on “{title}”"),
                comment_link(id),
                words,
            ),
            ("reply", Some(id)) => (
                format!("{commenter} replied to your comment on “{title}”"),
                comment_link(id),
                words,
            ),
            ("rejected", Some(id)) => (
                format!("Your comment on “{title}” was not approved"),
                comment_link(id),
                note,
            ),
            ("feedback", _) => (
                format!("Your teacher wrote feedback on “{title}”"),
                format!("/posts/{}#feedback", event.post_slug),
                None,
            ),
            ("feedback_updated", _) => (
                format!("Your teacher updated the feedback on “{title}”"),
                format!("/posts/{}#feedback", event.post_slug),
                None,
            ),
            ("sent_back", _) => (
                format!("Your post “{title}” was sent back to you"),
                format!("/posts/{}/edit", event.post_id),
                note,
            ),
            _ => (format!("Your post “{title}” is published"), post_link, None),
        };
        EventLine {
            headline,
            link,
            when: zone.date_and_time(event.created_at),
            detail,
            unread: event.read_at.is_none(),
        }
    }
}

/// The member's latest events, newest first, for Your posts.
pub async fn event_lines(
    state: &AppState,
    signed_in: &SignedIn,
) -> Result<Vec<EventLine>, AppError> {
    let zone = signed_in.viewer.zone();
    let events = state.store.events_of(signed_in.user.id, LISTED).await?;
    Ok(events
        .into_iter()
        .map(|e| EventLine::new(e, &zone))
        .collect())
}

/// The viewer is looking at a post: their events about it are read, and the number in
/// their navigation drops with them. Only asked when they have unread events at all; a
/// failure leaves the events unread rather than failing the page.
pub async fn see_post(state: &AppState, viewer: &mut Viewer, post_id: i64) {
    let Some(user_id) = viewer.user.as_ref().map(|user| user.id) else {
        return;
    };
    if viewer.unread_count == 0 {
        return;
    }
    match state.store.mark_post_events_read(user_id, post_id).await {
        Ok(read) => {
            let read = i64::try_from(read).unwrap_or(i64::MAX);
            viewer.unread_count = viewer.unread_count.saturating_sub(read).max(0);
        }
        Err(error) => tracing::warn!(%error, post_id, "could not mark a post's events read"),
    }
}

/// `POST /events/read`: every event of the member read; back to Your posts.
pub async fn mark_all_read(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, AppError> {
    state.store.mark_all_events_read(signed_in.user.id).await?;
    Ok(Redirect::to("/posts?done=read").into_response())
}
