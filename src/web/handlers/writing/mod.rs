//! Writing: the Write and edit pages (`write`, with the form's parsing in `form`), the
//! live preview, a post's later life (`actions`: the author's list, unpublishing, the
//! trash), its `history`, and the teacher's `review` of posts waiting for approval.
//! Every change that could put text before readers goes through `changes`, which
//! applies the one approval rule.

pub mod actions;
mod answer;
pub mod autosave;
pub mod changes;
pub mod form;
pub mod help;
pub mod history;
mod page;
pub mod paste;
pub mod pictures;
pub mod preview;
pub mod resume;
pub mod review;
pub mod write;

use crate::error::AppError;
use crate::posts::{Post, may_change};
use crate::web::state::AppState;
use crate::web::viewer::{SignedIn, Viewer};

/// The post, if it exists, is not in the trash, and this person may change it.
pub async fn editable_post(
    state: &AppState,
    signed_in: &SignedIn,
    post_id: i64,
) -> Result<Post, AppError> {
    let post = state
        .store
        .post_by_id(post_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_change(&post, &signed_in.user) {
        // A classmate's draft answers as if it did not exist; a published post as forbidden.
        return Err(if post.is_live() {
            AppError::Forbidden
        } else {
            AppError::NotFound
        });
    }
    if post.trashed_at.is_some() {
        return Err(AppError::NotFound);
    }
    Ok(post)
}

/// The signed-in viewer, if any: for handlers that keep a signed-out writer's text (or
/// answer a script) instead of sending them to the sign-in page at once.
pub fn signed_in(viewer: Viewer) -> Option<SignedIn> {
    let user = viewer.user.clone()?;
    let session_hash = viewer.session_hash.clone()?;
    Some(SignedIn {
        user,
        session_hash,
        viewer,
    })
}
