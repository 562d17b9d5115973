//! What commenters, readers, post authors and teachers do to comments: write one
//! (`create`), change or take back one's own (`edit`), report or hide one (`flag`), open
//! or close a post's comments (`open`). The thread itself is drawn by `views::thread`;
//! the rules are in `crate::comments`.

pub mod create;
pub mod edit;
pub mod flag;
pub mod open;

use crate::accounts::User;
use crate::comments::{ApprovalPolicy, Comment, Commenter, may_see};
use crate::error::AppError;
use crate::posts::{Post, may_read};
use crate::web::state::AppState;
use crate::web::viewer::Viewer;

/// Who is commenting, as the approval rules see them.
async fn commenter_for(
    state: &AppState,
    viewer: &Viewer,
    user: Option<&User>,
) -> Result<Commenter, AppError> {
    // Only one rule asks whether a student is known; the others spare the query.
    let rule_asks = viewer.site.discussion.approval == ApprovalPolicy::ApproveKnown;
    Ok(match user {
        Some(user) if user.is_teacher() => Commenter::Teacher,
        Some(user) => Commenter::Student {
            known: rule_asks && state.store.has_approved_comment(user.id).await?,
        },
        None => Commenter::Guest,
    })
}

/// A comment and its post, if the viewer may see both; otherwise as if neither existed.
async fn visible_comment(
    state: &AppState,
    viewer: &Viewer,
    comment_id: i64,
) -> Result<(Comment, Post), AppError> {
    let comment = state
        .store
        .comment_by_id(comment_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let post = state
        .store
        .post_by_id(comment.post_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_see(&comment, viewer.user.as_ref()) || !may_read(&post, viewer.user.as_ref()) {
        return Err(AppError::NotFound);
    }
    Ok((comment, post))
}
