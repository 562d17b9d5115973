//! A teacher's decisions, a commenter taking back a comment, a reader's flag, and an
//! edit: each a compare-and-set on the state just read, logged in the same transaction,
//! with the post's count of approved comments moved with it, and the events it causes
//! (a comment approved, a comment rejected) written with it.

use super::writer::{ADJUST_COUNT, INSERT_LOG};
use crate::comments::{Comment, CommentState, Flag, LogAction, ModerationAction};
use crate::db::{BeginWrite, Timestamp};
use crate::posts::markdown::SafeHtml;
use crate::store::events::TELL_REJECTED;
use crate::store::handle::Store;

/// A changed text for a comment.
#[derive(Debug)]
pub struct CommentEdit<'a> {
    /// The Markdown as typed.
    pub body: &'a str,
    /// The Markdown rendered and sanitized.
    pub body_html: &'a SafeHtml,
    /// [`crate::comments::CommentBody::fingerprint`] of the new text.
    pub body_hash: &'a str,
    /// Where the rules put the edited comment.
    pub state: CommentState,
    /// A teacher made the change.
    pub by_teacher: bool,
    /// Who, for the log.
    pub actor_id: i64,
}

/// A comment a teacher chose on the moderation page.
#[derive(Clone, Copy, Debug)]
pub struct Chosen<'a> {
    /// The ticked (or pressed) comment; one that no longer exists is skipped.
    pub comment_id: i64,
    /// The note typed beside it, kept only where [`ModerationAction::kept_note`] says.
    pub note: Option<&'a str>,
}

const STATE_OF: &str = "select state, post_id from comments where id = $1";
const SET_STATE: &str = "update comments set state = $3, rejection_note = $4, flag = null, \
     flag_reason = null, flagged_by = null, updated_at = $5, \
     approved_at = case when $3 = 'approved' then $5 else approved_at end \
     where id = $1 and state = $2";
const SET_FLAG: &str = "update comments set state = 'pending', flag = $3, flag_reason = $4, \
     flagged_by = $5, updated_at = $6 where id = $1 and state = $2";
const SET_BODY: &str = "update comments set body = $3, body_html = $4, body_hash = $5, \
     state = $6, rejection_note = null, edited_by_teacher = (edited_by_teacher or $7), \
     updated_at = $8, approved_at = case when $6 = 'approved' then $8 else approved_at end \
     where id = $1 and state = $2";

/// Every statement above, for the test that prepares them all on both backends.
pub(in crate::store) const STATEMENTS: &[&str] = &[STATE_OF, SET_STATE, SET_FLAG, SET_BODY];

/// How often a compare-and-set is retried when another request changed the comment.
const ATTEMPTS: usize = 3;

/// How a change from `from` to `to` moves a post's count of approved comments.
fn approved_delta(from: &str, to: CommentState) -> i64 {
    let was = from == CommentState::Approved.as_str();
    let is = to == CommentState::Approved;
    i64::from(is) - i64::from(was)
}

/// What a state change does, for `change_state`; each comment brings its own note.
struct Change {
    action: LogAction,
    to: CommentState,
    flag: Option<(Flag, i64)>,
    actor_id: Option<i64>,
}

impl Store {
    /// Applies a teacher's action to every chosen comment, logging each, in one
    /// transaction: a bulk decision lands whole or not at all. A comment that no longer
    /// exists is skipped. Returns how many changed.
    pub async fn moderate(
        &self,
        action: ModerationAction,
        chosen: &[Chosen<'_>],
        actor_id: i64,
    ) -> Result<usize, sqlx::Error> {
        let targets: Vec<(i64, Option<&str>)> = chosen
            .iter()
            .map(|c| (c.comment_id, action.kept_note(c.note)))
            .collect();
        let change = Change {
            action: action.logged(),
            to: action.target(),
            flag: None,
            actor_id: Some(actor_id),
        };
        self.change_state(&targets, &change).await
    }

    /// A commenter takes back their own comment; 0 if it was gone already.
    pub async fn delete_own_comment(
        &self,
        comment_id: i64,
        author_id: i64,
    ) -> Result<usize, sqlx::Error> {
        let change = Change {
            action: LogAction::DeleteOwn,
            to: CommentState::Deleted,
            flag: None,
            actor_id: Some(author_id),
        };
        self.change_state(&[(comment_id, None)], &change).await
    }

    /// A reader reports a comment, or the post's author hides it: back to the queue,
    /// with `reason` logged and shown to the teachers.
    pub async fn flag_comment(
        &self,
        comment_id: i64,
        flag: Flag,
        reason: &str,
        by: i64,
    ) -> Result<usize, sqlx::Error> {
        let change = Change {
            action: LogAction::from(flag),
            to: CommentState::Pending,
            flag: Some((flag, by)),
            actor_id: Some(by),
        };
        self.change_state(&[(comment_id, Some(reason))], &change)
            .await
    }

    /// Moves each comment of `targets` (with its note) as `change` says, in one transaction.
    async fn change_state(
        &self,
        targets: &[(i64, Option<&str>)],
        change: &Change,
    ) -> Result<usize, sqlx::Error> {
        let now = Timestamp::now();
        writing_shown!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let mut changed = 0;
            for &(id, note) in targets {
                for _ in 0..ATTEMPTS {
                    let Some((from, post_id)): Option<(String, i64)> =
                        sqlx::query_as(STATE_OF).bind(id).fetch_optional(&mut *tx).await?
                    else {
                        break;
                    };
                    let updated = match change.flag {
                        Some((flag, by)) => sqlx::query(SET_FLAG)
                            .bind(id).bind(&from).bind(flag.as_str()).bind(note).bind(by).bind(now)
                            .execute(&mut *tx).await?,
                        None => sqlx::query(SET_STATE)
                            .bind(id).bind(&from).bind(change.to.as_str()).bind(note).bind(now)
                            .execute(&mut *tx).await?,
                    };
                    if updated.rows_affected() == 1 {
                        sqlx::query(INSERT_LOG)
                            .bind(id).bind(change.actor_id).bind(change.action.as_str()).bind(&from)
                            .bind(change.to.as_str()).bind(note).bind(now)
                            .execute(&mut *tx).await?;
                        let delta = approved_delta(&from, change.to);
                        if delta != 0 {
                            sqlx::query(ADJUST_COUNT).bind(post_id).bind(delta).execute(&mut *tx).await?;
                        }
                        let actor_id = change.actor_id.unwrap_or(0);
                        match change.to {
                            CommentState::Approved => tell_comment_shown!(tx, id, actor_id, now),
                            CommentState::Rejected => {
                                sqlx::query(TELL_REJECTED).bind(id).bind(now).bind(actor_id)
                                    .execute(&mut *tx).await?;
                            }
                            _ => {}
                        }
                        changed += 1;
                        break;
                    }
                }
            }
            tx.commit().await?;
            Ok(changed)
        })
    }

    /// Saves an edited comment, in the state the rules give it, and logs the edit.
    pub async fn edit_comment(
        &self,
        comment: &Comment,
        edit: &CommentEdit<'_>,
    ) -> Result<bool, sqlx::Error> {
        let now = Timestamp::now();
        writing_shown!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let updated = sqlx::query(SET_BODY)
                .bind(comment.id)
                .bind(comment.state.as_str())
                .bind(edit.body)
                .bind(edit.body_html.as_str())
                .bind(edit.body_hash)
                .bind(edit.state.as_str())
                .bind(edit.by_teacher)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            if updated.rows_affected() != 1 {
                return Ok(false);
            }
            sqlx::query(INSERT_LOG)
                .bind(comment.id).bind(edit.actor_id).bind(LogAction::Edit.as_str()).bind(comment.state.as_str())
                .bind(edit.state.as_str()).bind(None::<&str>).bind(now)
                .execute(&mut *tx).await?;
            let delta = approved_delta(comment.state.as_str(), edit.state);
            if delta != 0 {
                sqlx::query(ADJUST_COUNT).bind(comment.post_id).bind(delta).execute(&mut *tx).await?;
            }
            if edit.state == CommentState::Approved {
                tell_comment_shown!(tx, comment.id, edit.actor_id, now);
            }
            tx.commit().await?;
            Ok(true)
        })
    }
}
