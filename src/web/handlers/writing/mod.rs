//! Writing: the Write and edit pages (`write`, with the form's parsing in `form`), the
//! live preview, a post's later life (`actions`: the author's list, unpublishing, the
//! trash), its `history`, and the teacher's `review` of posts waiting for approval.

pub mod actions;
pub mod form;
pub mod history;
pub mod paste;
pub mod preview;
pub mod review;
pub mod write;

use crate::error::AppError;
use crate::posts::{Post, may_change};
use crate::web::state::AppState;
use crate::web::viewer::SignedIn;

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
