//! The comment writer: one task that writes the comments sent at the same moment
//! together, in one transaction, with their log lines and their posts' counts. It
//! works on the pool alone (the store handle keeps its queue), and holds the two
//! writes every change of a comment's state shares: its log line and its post's count.
//! A comment published at once tells the post's author (and the answered comment's) in
//! the same transaction.

use tokio::sync::{mpsc, oneshot};

use crate::comments::{CommentState, LogAction};
use crate::db::{BeginWrite, Db, Timestamp, batched, on_db};
use crate::posts::markdown::SafeHtml;

/// A comment to store, already judged by the teacher's rules.
#[derive(Debug)]
pub struct NewComment {
    /// The post it is on.
    pub post_id: i64,
    /// The comment answered (see [`crate::comments::reply_position`]).
    pub parent_id: Option<i64>,
    /// 1 for a comment on the post, up to [`crate::comments::MAX_DEPTH`] for replies.
    pub depth: i32,
    /// A class member, or `None` for a guest.
    pub author_id: Option<i64>,
    /// The name a guest gave; `None` for a class member.
    pub guest_name: Option<String>,
    /// The Markdown as typed.
    pub body: String,
    /// The Markdown rendered and sanitized.
    pub body_html: SafeHtml,
    /// [`crate::comments::CommentBody::fingerprint`], for spotting the same text twice.
    pub body_hash: String,
    /// Where the rules put it.
    pub state: CommentState,
    /// The rules' reason, logged with the comment's arrival.
    pub reason: Option<&'static str>,
    /// The client's address, for the per-address rate limit.
    pub address: String,
}

pub(in crate::store) const INSERT_COMMENT: &str = "insert into comments (post_id, parent_id, depth, author_id, \
     guest_name, body, body_html, state, body_hash, address, created_at, updated_at, approved_at) \
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12) returning id";
pub(super) const INSERT_LOG: &str = "insert into moderation_log (comment_id, actor_id, action, from_state, \
     to_state, note, created_at) values ($1, $2, $3, $4, $5, $6, $7)";
// A relative change, so two requests changing a post's comments at once both count:
// Postgres re-reads the row for `comment_count + $2` after waiting for the other's lock.
pub(in crate::store) const ADJUST_COUNT: &str =
    "update posts set comment_count = comment_count + $2 where id = $1";

/// Every statement above, for the test that prepares them all on both backends.
pub(in crate::store) const STATEMENTS: &[&str] = &[INSERT_COMMENT, INSERT_LOG, ADJUST_COUNT];

/// The most comments written in one transaction.
const BATCH: usize = 64;

/// A comment on its way to the writer, and where its id (or error) goes.
#[derive(Debug)]
pub(in crate::store) struct Queued {
    pub(super) comment: NewComment,
    pub(super) written: oneshot::Sender<Result<i64, sqlx::Error>>,
}

/// Starts the task that writes comments in batches; it ends when the store is dropped.
pub(super) fn spawn_comment_writer(db: Db) -> mpsc::Sender<Queued> {
    let (queue, mut waiting) = mpsc::channel::<Queued>(4 * BATCH);
    tokio::spawn(async move {
        let mut batch = Vec::with_capacity(BATCH);
        while waiting.recv_many(&mut batch, BATCH).await > 0 {
            let comments: Vec<&NewComment> = batch.iter().map(|q| &q.comment).collect();
            match insert_comments(&db, &comments).await {
                Ok(ids) => {
                    for (queued, id) in batch.drain(..).zip(ids) {
                        // The request may have gone; its comment is written all the same.
                        let _ = queued.written.send(Ok(id));
                    }
                }
                // One bad comment (its post deleted a moment ago, say) must not fail the
                // others: each is tried again on its own and gets its own answer.
                Err(error) if batch.len() == 1 => {
                    if let Some(queued) = batch.pop() {
                        let _ = queued.written.send(Err(error));
                    }
                }
                Err(_) => {
                    for queued in batch.drain(..) {
                        let written = insert_comments(&db, &[&queued.comment])
                            .await
                            .and_then(|ids| ids.first().copied().ok_or(sqlx::Error::RowNotFound));
                        let _ = queued.written.send(written);
                    }
                }
            }
        }
    });
    queue
}

/// Inserts comments and their log entries, and counts the approved ones on their posts,
/// in one transaction: the comments in one statement and their log entries in another,
/// however many the batch holds (on Postgres each statement is a round trip).
async fn insert_comments(db: &Db, comments: &[&NewComment]) -> Result<Vec<i64>, sqlx::Error> {
    let now = Timestamp::now();
    let rows = comments.len();
    // One shape a batch size: only the one-row statements join the connection's cache
    // of prepared statements, where the hot reads are kept.
    let persistent = rows == 1;
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let mut insert = sqlx::query_scalar(batched(INSERT_COMMENT, rows)).persistent(persistent);
        for new in comments {
            let approved_at = (new.state == CommentState::Approved).then_some(now);
            insert = insert
                .bind(new.post_id)
                .bind(new.parent_id)
                .bind(new.depth)
                .bind(new.author_id)
                .bind(new.guest_name.as_deref())
                .bind(new.body.as_str())
                .bind(new.body_html.as_str())
                .bind(new.state.as_str())
                .bind(new.body_hash.as_str())
                .bind(new.address.as_str())
                .bind(now)
                .bind(approved_at);
        }
        let ids = in_row_order(insert.fetch_all(&mut *tx).await?, rows)?;
        let mut log = sqlx::query(batched(INSERT_LOG, rows)).persistent(persistent);
        for (new, id) in comments.iter().zip(&ids) {
            log = log
                .bind(*id)
                .bind(new.author_id)
                .bind(LogAction::Submit.as_str())
                .bind(None::<&str>)
                .bind(new.state.as_str())
                .bind(new.reason)
                .bind(now);
        }
        log.execute(&mut *tx).await?;
        for (new, id) in comments.iter().zip(&ids) {
            if new.state == CommentState::Approved {
                sqlx::query(ADJUST_COUNT).bind(new.post_id).bind(1_i64).execute(&mut *tx).await?;
                tell_comment_shown!(tx, *id, new.author_id.unwrap_or(0), now);
            }
        }
        tx.commit().await?;
        Ok(ids)
    })
}

/// The ids `returning id` gave, in the order of the rows inserted. Both backends number
/// a statement's rows in the order of its `values`, from a counter that only rises; the
/// rows may come back in any order, and another instance's comments may take numbers
/// in between, so sorting puts each id next to its row.
fn in_row_order(mut ids: Vec<i64>, rows: usize) -> Result<Vec<i64>, sqlx::Error> {
    if ids.len() != rows {
        return Err(sqlx::Error::RowNotFound);
    }
    ids.sort_unstable();
    Ok(ids)
}
