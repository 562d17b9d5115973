//! `POST /posts/{id}/comments`: a new comment or reply, from a class member or a guest.
//! Parse the form, apply the rules (access, pace, robot check, the teacher's approval
//! settings), store it, and send the commenter back to the post.

use crate::web::forms::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::commenter_for;
use crate::accounts::User;
use crate::auth::token;
use crate::comments::access::{CommentAccess, comment_access};
use crate::comments::sending::{GuestCheck, Pace, guest_check, pace_for, too_fast};
use crate::comments::{Comment, CommentBody, CommentState, GuestName, reply_position, verdict};
use crate::db::Timestamp;
use crate::error::AppError;
use crate::posts::markdown::SafeHtml;
use crate::posts::{Post, may_read};
use crate::store::{CommentSent, NewComment};
use crate::web::forms::FieldErrors;
use crate::web::handlers::reading::post::post_page;
use crate::web::layout::render_status;
use crate::web::state::AppState;
use crate::web::viewer::{ClientAddress, Viewer};
use crate::web::views::thread::CommentForm;

/// The comment form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct CommentFormInput {
    #[serde(default)]
    body: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    parent_id: String,
    /// The honeypot: hidden from people, filled in by robots.
    #[serde(default)]
    website: String,
    /// The signed moment a guest's form was drawn.
    #[serde(default)]
    started: String,
}

/// `POST /posts/{id}/comments`
pub async fn create_comment(
    State(state): State<AppState>,
    viewer: Viewer,
    ClientAddress(address): ClientAddress,
    Path(post_id): Path<i64>,
    Form(input): Form<CommentFormInput>,
) -> Result<Response, AppError> {
    let post = live_post(&state, &viewer, post_id).await?;
    match take_comment(&state, &viewer, &post, &input, address).await {
        Ok(next) => Ok(Redirect::to(&next).into_response()),
        Err(Refused::Form(errors, status)) => {
            redraw(&state, &viewer, &post, &input, errors, status).await
        }
        Err(Refused::Failed(error)) => Err(error),
    }
}

/// Why a comment was not taken.
enum Refused {
    /// The post page comes back with the form, what was typed, and these problems.
    Form(FieldErrors, StatusCode),
    /// The request fails as a whole (sign in first, a forged reply, the database).
    Failed(AppError),
}

impl From<AppError> for Refused {
    fn from(error: AppError) -> Refused {
        Refused::Failed(error)
    }
}

impl From<sqlx::Error> for Refused {
    fn from(error: sqlx::Error) -> Refused {
        Refused::Failed(error.into())
    }
}

/// A refusal whose message stands above the comment box.
fn refused(message: &'static str, status: StatusCode) -> Refused {
    let mut errors = FieldErrors::new();
    errors.add("comment-body", message);
    Refused::Form(errors, status)
}

/// What the form asks for, checked.
struct Draft {
    body: CommentBody,
    /// Spots the same comment sent twice.
    fingerprint: String,
    guest_name: Option<GuestName>,
    parent: Option<Comment>,
}

/// Parse, rules, store; answers where to send the commenter next.
async fn take_comment(
    state: &AppState,
    viewer: &Viewer,
    post: &Post,
    input: &CommentFormInput,
    address: String,
) -> Result<String, Refused> {
    let user = viewer.user.as_ref();
    let discussion = &viewer.site.discussion;
    let access = comment_access(post, discussion, user, Timestamp::now());
    let draft = read_draft(state, post, access, input).await?;
    let now = Timestamp::now();
    check_pace(state, user, post, &address, &draft.fingerprint, now).await?;
    let (kept_as, reason) = judge(state, viewer, access, &draft.body, input, now).await?;
    let html = draft
        .body
        .render()
        .await
        .map_err(|busy| refused(busy.message(), StatusCode::SERVICE_UNAVAILABLE))?;
    let id = save(state, post, user, (draft, html), (kept_as, reason), address).await?;
    Ok(after_sending(post, user.is_some(), id, kept_as))
}

async fn live_post(state: &AppState, viewer: &Viewer, post_id: i64) -> Result<Post, AppError> {
    let post = state
        .store
        .post_by_id(post_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !post.is_live() || !may_read(&post, viewer.user.as_ref()) {
        return Err(AppError::NotFound);
    }
    Ok(post)
}

/// The text, a guest's name and the comment answered, or what is wrong with them.
async fn read_draft(
    state: &AppState,
    post: &Post,
    access: CommentAccess,
    input: &CommentFormInput,
) -> Result<Draft, Refused> {
    let mut errors = FieldErrors::new();
    let body = errors.check("comment-body", CommentBody::parse(&input.body));
    let guest_name = match access {
        CommentAccess::Guest => errors.check("comment-name", GuestName::parse(&input.name)),
        CommentAccess::Member => None,
        CommentAccess::Closed => {
            return Err(refused(
                "Comments are closed on this post.",
                StatusCode::FORBIDDEN,
            ));
        }
        CommentAccess::Stopped => {
            return Err(refused(
                "Your teacher has paused your commenting.",
                StatusCode::FORBIDDEN,
            ));
        }
        CommentAccess::SignInRequired => {
            let next = format!("{}#comments", post.path());
            return Err(AppError::SignInRequired { next }.into());
        }
    };
    let parent = parent_of(state, post, &input.parent_id).await?;
    match (body, errors.is_empty()) {
        (Some(body), true) => Ok(Draft {
            fingerprint: body.fingerprint(),
            body,
            guest_name,
            parent,
        }),
        _ => Err(Refused::Form(errors, StatusCode::UNPROCESSABLE_ENTITY)),
    }
}

/// The approved comment on this post that a reply answers; any other is a forged form.
async fn parent_of(
    state: &AppState,
    post: &Post,
    typed: &str,
) -> Result<Option<Comment>, AppError> {
    let not_here = || AppError::BadRequest("That reply is not to a comment here.");
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    let id: i64 = typed.parse().map_err(|_| not_here())?;
    let parent = state
        .store
        .comment_by_id(id)
        .await?
        .filter(|c| c.post_id == post.id && c.state == CommentState::Approved);
    parent.map(Some).ok_or_else(not_here)
}

/// Refuses a sender going too fast (a student by their account, guests by their
/// address, a teacher never), or sending the same comment again.
async fn check_pace(
    state: &AppState,
    user: Option<&User>,
    post: &Post,
    address: &str,
    fingerprint: &str,
    now: Timestamp,
) -> Result<(), Refused> {
    let sent = CommentSent {
        post_id: post.id,
        author_id: user.map(|u| u.id),
        address,
        body_hash: fingerprint,
    };
    let minute_ago = now - time::Duration::minutes(1);
    let checks = state.store.sending_checks(&sent, minute_ago).await?;
    let sent_last_minute = match pace_for(user) {
        Pace::Account => Some(checks.by_author),
        Pace::GuestAddress => Some(checks.guests_from_address),
        Pace::Unlimited => None,
    };
    if sent_last_minute.is_some_and(too_fast) {
        tracing::warn!(%address, user = ?user.map(|u| &u.username), "comment rate limit");
        return Err(refused(
            "You are commenting very fast. Wait a minute, then post again.",
            StatusCode::TOO_MANY_REQUESTS,
        ));
    }
    if checks.duplicate {
        return Err(refused(
            "You have already posted this comment here.",
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    Ok(())
}

/// Where the comment goes, and why: a guest passes the robot check first, then the
/// teacher's rules decide.
async fn judge(
    state: &AppState,
    viewer: &Viewer,
    access: CommentAccess,
    body: &CommentBody,
    input: &CommentFormInput,
    now: Timestamp,
) -> Result<(CommentState, &'static str), Refused> {
    let commenter = if access == CommentAccess::Guest {
        let started = token::verify_time(state.form_secret().await?, &input.started);
        match guest_check(&input.website, started, now) {
            GuestCheck::Robot(reason) => return Ok((CommentState::Spam, reason)),
            GuestCheck::TooQuick => {
                return Err(refused(
                    "That was quick! Please read the post, then send your comment again.",
                    StatusCode::UNPROCESSABLE_ENTITY,
                ));
            }
            GuestCheck::Person => commenter_for(state, viewer, None).await?,
        }
    } else {
        commenter_for(state, viewer, viewer.user.as_ref()).await?
    };
    let verdict = verdict(&viewer.site.discussion, commenter, body);
    Ok((verdict.state(), verdict.reason()))
}

async fn save(
    state: &AppState,
    post: &Post,
    user: Option<&User>,
    (draft, body_html): (Draft, SafeHtml),
    (kept_as, reason): (CommentState, &'static str),
    address: String,
) -> Result<i64, AppError> {
    let (parent_id, depth) = match &draft.parent {
        Some(parent) => {
            let (id, depth) = reply_position(parent);
            (Some(id), depth)
        }
        None => (None, 1),
    };
    let id = state
        .store
        .create_comment(NewComment {
            post_id: post.id,
            parent_id,
            depth,
            author_id: user.map(|u| u.id),
            guest_name: draft.guest_name.map(|name| name.as_str().to_owned()),
            body_html,
            body: draft.body.as_str().to_owned(),
            body_hash: draft.fingerprint,
            state: kept_as,
            reason: Some(reason),
            address,
        })
        .await?;
    let state = kept_as.as_str();
    tracing::info!(
        comment_id = id,
        post_id = post.id,
        state,
        reason,
        "comment received"
    );
    Ok(id)
}

/// Back to the post, saying what became of the comment: a member to the comment itself,
/// a guest (whose comment always waits) to the comments.
fn after_sending(post: &Post, member: bool, id: i64, kept_as: CommentState) -> String {
    let outcome = match kept_as {
        CommentState::Approved => "posted",
        CommentState::Rejected => "rejected",
        _ => "waiting",
    };
    let anchor = if member {
        format!("comment-{id}")
    } else {
        "comments".to_owned()
    };
    format!("{}?comment={outcome}#{anchor}", post.path())
}

/// The post page again, with the form as typed and what is wrong with it.
async fn redraw(
    state: &AppState,
    viewer: &Viewer,
    post: &Post,
    input: &CommentFormInput,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response, AppError> {
    let form = CommentForm {
        body: input.body.clone(),
        name: input.name.clone(),
        reply_to: None,
        errors,
        started: String::new(),
    };
    let reply_to = input.parent_id.trim().parse().ok();
    let page = post_page(state, viewer, post.clone(), form, reply_to, None).await?;
    render_status(status, &page)
}
