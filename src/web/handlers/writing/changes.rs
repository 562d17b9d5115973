//! A change to a post, taken through the one approval rule (`posts::approval`): every
//! handler that changes what readers may see of a post (the edit form, restoring a
//! revision, restoring from the trash) asks [`Transition::of`] where the post goes, and
//! brackets its own write with [`before_writing`] and [`after_writing`].

use crate::db::Timestamp;
use crate::error::AppError;
use crate::posts::PostStatus;
use crate::posts::approval::{self, Change};
use crate::store::Publication;
use crate::web::state::AppState;
use crate::web::viewer::SignedIn;

/// Where a change moves a post.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transition {
    /// Its status now (a new post counts as a draft).
    pub before: PostStatus,
    /// Its status once the change is made.
    pub after: PostStatus,
}

impl Transition {
    /// Where `signed_in`'s `change` moves a post that is `before` and will read `text`
    /// (title and body), by the class's rules.
    pub fn of(signed_in: &SignedIn, before: PostStatus, change: Change, text: &str) -> Transition {
        let site = &signed_in.viewer.site;
        let approval_required = approval::approval_required(
            site.posts_need_approval,
            site.discussion.hold_personal_data,
            text,
        );
        let after = approval::status_after(before, change, &signed_in.user, approval_required);
        Transition { before, after }
    }

    /// Live before and after: the old version is kept in the history.
    pub fn stays_live(self) -> bool {
        self.before == PostStatus::Published && self.after == PostStatus::Published
    }

    /// A live post that goes to review: off the site until a teacher approves it.
    pub fn sends_live_post_to_review(self) -> bool {
        approval::leaves_the_site(self.before, self.after) && self.after == PostStatus::Review
    }
}

/// Before the change is written: a live post that goes to review leaves the site first,
/// so the change is never seen by readers, not even for a moment (and if writing it
/// fails, the post waits for review with its old text rather than going live).
pub async fn before_writing(
    state: &AppState,
    post_id: i64,
    transition: Transition,
) -> Result<(), AppError> {
    if transition.sends_live_post_to_review() {
        state.store.submit_post_for_review(post_id).await?;
    }
    Ok(())
}

/// Once the change is written: a post becoming live is published (and its version kept
/// as a revision); a draft becoming a post for review is submitted.
pub async fn after_writing(
    state: &AppState,
    signed_in: &SignedIn,
    post_id: i64,
    transition: Transition,
) -> Result<(), AppError> {
    let user = &signed_in.user;
    match (transition.before, transition.after) {
        // Unchanged, or a live post: already sent to review by `before_writing`.
        (before, after) if before == after || before == PostStatus::Published => {}
        (_, PostStatus::Published) => {
            let now = Timestamp::now();
            let publication = Publication {
                at: now,
                month: signed_in.viewer.zone().month_key(now),
            };
            state
                .store
                .publish_post(post_id, &publication, user.id)
                .await?;
            tracing::info!(post_id, by = %user.username, "post published");
        }
        (_, PostStatus::Review) => {
            state.store.submit_post_for_review(post_id).await?;
            tracing::info!(post_id, by = %user.username, "post submitted for review");
        }
        (_, PostStatus::Draft) => {}
    }
    if transition.sends_live_post_to_review() {
        tracing::info!(post_id, by = %user.username, "change to a live post sent for review");
    }
    Ok(())
}
