//! A reader reports a comment, or a post's author hides one from their post: either way
//! it leaves the page at once and goes to the teachers with the reason given.

use crate::web::forms::Form;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::visible_comment;
use crate::comments::access::may_flag;
use crate::comments::{Comment, Flag, parse_note};
use crate::error::AppError;
use crate::posts::Post;
use crate::posts::markdown::SafeHtml;
use crate::web::forms::FieldErrors;
use crate::web::layout::{Layout, render, render_status};
use crate::web::state::AppState;
use crate::web::viewer::SignedIn;

#[derive(Template)]
#[template(path = "comment_flag.html")]
struct FlagPage {
    layout: Layout,
    heading: &'static str,
    explanation: &'static str,
    button: &'static str,
    action: String,
    comment_author: String,
    comment_body: SafeHtml,
    post_path: String,
    reason: String,
    errors: FieldErrors,
}

fn flag_words(flag: Flag) -> (&'static str, &'static str, &'static str) {
    match flag {
        Flag::Reported => (
            "Report a comment",
            "The comment leaves the page at once and a teacher looks at it. Say what is wrong with it.",
            "Report",
        ),
        Flag::Hidden => (
            "Hide a comment on your post",
            "The comment leaves your post at once and goes to the teachers with your reason.",
            "Hide",
        ),
    }
}

fn flag_page(
    signed_in: &SignedIn,
    flag: Flag,
    comment: &Comment,
    post: &Post,
    reason: String,
    errors: FieldErrors,
) -> FlagPage {
    let (heading, explanation, button) = flag_words(flag);
    let verb = if flag == Flag::Reported {
        "report"
    } else {
        "hide"
    };
    FlagPage {
        layout: signed_in.viewer.layout(heading),
        heading,
        explanation,
        button,
        action: format!("/comments/{}/{verb}", comment.id),
        comment_author: comment.author_name().to_owned(),
        comment_body: comment.body_html.clone(),
        post_path: post.path(),
        reason,
        errors,
    }
}

/// The comment and post, if `signed_in` may flag the comment this way.
async fn flaggable(
    state: &AppState,
    signed_in: &SignedIn,
    id: i64,
    flag: Flag,
) -> Result<(Comment, Post), AppError> {
    let (comment, post) = visible_comment(state, &signed_in.viewer, id).await?;
    if !may_flag(flag, &comment, &post, &signed_in.user) {
        return Err(AppError::Forbidden);
    }
    Ok((comment, post))
}

async fn flag_form(
    state: &AppState,
    signed_in: &SignedIn,
    id: i64,
    flag: Flag,
) -> Result<Response, AppError> {
    let (comment, post) = flaggable(state, signed_in, id, flag).await?;
    render(&flag_page(
        signed_in,
        flag,
        &comment,
        &post,
        String::new(),
        FieldErrors::new(),
    ))
}

/// The report and hide forms.
#[derive(Debug, Deserialize)]
pub struct FlagInput {
    #[serde(default)]
    reason: String,
}

async fn flag_comment(
    state: &AppState,
    signed_in: &SignedIn,
    id: i64,
    flag: Flag,
    input: FlagInput,
) -> Result<Response, AppError> {
    let (comment, post) = flaggable(state, signed_in, id, flag).await?;
    let reason = match parse_note(&input.reason, true) {
        Ok(Some(reason)) => reason,
        problem => {
            let mut errors = FieldErrors::new();
            errors.add("reason", problem.err().unwrap_or("Say why in a few words."));
            let page = flag_page(signed_in, flag, &comment, &post, input.reason, errors);
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    state
        .store
        .flag_comment(comment.id, flag, &reason, signed_in.user.id)
        .await?;
    tracing::info!(comment_id = comment.id, by = %signed_in.user.username, flag = flag.as_str(), "comment flagged");
    let outcome = if flag == Flag::Reported {
        "reported"
    } else {
        "hidden"
    };
    Ok(Redirect::to(&format!("{}?comment={outcome}#comments", post.path())).into_response())
}

/// `GET /comments/{id}/report`
pub async fn report_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    flag_form(&state, &signed_in, id, Flag::Reported).await
}

/// `POST /comments/{id}/report`
pub async fn report_comment(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Form(input): Form<FlagInput>,
) -> Result<Response, AppError> {
    flag_comment(&state, &signed_in, id, Flag::Reported, input).await
}

/// `GET /comments/{id}/hide`
pub async fn hide_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    flag_form(&state, &signed_in, id, Flag::Hidden).await
}

/// `POST /comments/{id}/hide`
pub async fn hide_comment(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Form(input): Form<FlagInput>,
) -> Result<Response, AppError> {
    flag_comment(&state, &signed_in, id, Flag::Hidden, input).await
}
