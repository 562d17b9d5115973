//! Comments and the moderation log. Every change of state is written to the log in
//! the same transaction, and the post's count of approved comments with it.
//! A state change is a compare-and-set on the state just read, so two teachers
//! pressing buttons at once never log a transition that did not happen.

use sqlx::FromRow;
use tokio::sync::{mpsc, oneshot};

use super::Store;
use super::hot::{HotStatement, Sample};
use crate::comments::{Comment, CommentAuthor, CommentState, Flag, LogAction, ModerationAction};
use crate::db::{BeginWrite, Db, Timestamp, on_db};
use crate::posts::markdown::SafeHtml;

/// The columns of a comment with its author (`CommentRow`), then any `$extra` columns
/// of a wider row, read from comments joined with their (perhaps missing) authors.
macro_rules! comment_select {
    ($($extra:literal)?) => {
        concat!(
            "select c.id, c.post_id, c.parent_id, c.depth, c.author_id, \
             u.username as author_username, u.display_name as author_name, c.guest_name, \
             c.body, c.body_html, c.state, c.flag, c.flag_reason, c.rejection_note, \
             c.edited_by_teacher, c.created_at, c.updated_at",
            $(", ", $extra,)?
            " from comments c left join users u on u.id = c.author_id"
        )
    };
}

#[derive(FromRow)]
struct CommentRow {
    id: i64,
    post_id: i64,
    parent_id: Option<i64>,
    depth: i32,
    author_id: Option<i64>,
    author_username: Option<String>,
    author_name: Option<String>,
    guest_name: Option<String>,
    body: String,
    body_html: String,
    state: String,
    flag: Option<String>,
    flag_reason: Option<String>,
    rejection_note: Option<String>,
    edited_by_teacher: bool,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl From<CommentRow> for Comment {
    fn from(row: CommentRow) -> Comment {
        let author = match (row.author_id, row.author_username, row.author_name) {
            (Some(id), Some(username), Some(display_name)) => CommentAuthor::Member {
                id,
                username,
                display_name,
            },
            _ => CommentAuthor::Guest {
                name: row.guest_name.unwrap_or_else(|| "Guest".to_owned()),
            },
        };
        Comment {
            id: row.id,
            post_id: row.post_id,
            parent_id: row.parent_id,
            depth: row.depth,
            author,
            body: row.body,
            body_html: SafeHtml::from_stored(row.body_html),
            state: CommentState::from_stored(&row.state),
            flag: row.flag.as_deref().and_then(Flag::from_stored),
            flag_reason: row.flag_reason,
            rejection_note: row.rejection_note,
            edited_by_teacher: row.edited_by_teacher,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

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

/// A comment being sent, as far as the checks before taking it need.
#[derive(Clone, Copy, Debug)]
pub struct CommentSent<'a> {
    /// The post it is on.
    pub post_id: i64,
    /// The signed-in author; `None` for a guest.
    pub author_id: Option<i64>,
    /// The client's address.
    pub address: &'a str,
    /// The fingerprint of its text.
    pub body_hash: &'a str,
}

/// What [`Store::sending_checks`] found.
#[derive(Clone, Copy, Debug, sqlx::FromRow)]
pub struct SendingChecks {
    /// Comments lately by the signed-in account (0 for a guest).
    pub by_author: i64,
    /// Comments lately from the client's address, by anyone.
    pub from_address: i64,
    /// The same text is already on the post from the same author.
    pub duplicate: bool,
}

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

/// A comment in the moderation queue, with what a teacher needs to judge it.
#[derive(Clone, Debug)]
pub struct QueueItem {
    /// The comment itself, in whatever state the filter picked.
    pub comment: Comment,
    /// The title of the post it is on.
    pub post_title: String,
    /// The slug of the post it is on, for the link.
    pub post_slug: String,
    /// The text of the comment it answers.
    pub parent_body: Option<String>,
}

#[derive(FromRow)]
struct QueueRow {
    #[sqlx(flatten)]
    comment: CommentRow,
    post_title: String,
    post_slug: String,
    parent_body: Option<String>,
}

/// Which comments the queue lists, by where they are in moderation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueView {
    /// Those in one state; waiting ones are the queue's first view.
    In(CommentState),
    /// Waiting ones that a reader reported or the post's author hid.
    Flagged,
    /// Every comment, whatever its state.
    All,
}

impl Default for QueueView {
    fn default() -> QueueView {
        QueueView::In(CommentState::Pending)
    }
}

impl QueueView {
    /// Reads the queue's `state` filter: a state's stored name, `flagged` or `all`.
    pub fn parse(value: &str) -> Option<QueueView> {
        use CommentState::{Approved, Deleted, Pending, Rejected, Spam};
        match value {
            "flagged" => Some(QueueView::Flagged),
            "all" => Some(QueueView::All),
            _ => [Pending, Approved, Rejected, Spam, Deleted]
                .into_iter()
                .find(|state| state.as_str() == value)
                .map(QueueView::In),
        }
    }

    /// The filter's value in the queue's address, read back by [`QueueView::parse`].
    pub fn as_str(self) -> &'static str {
        match self {
            QueueView::In(state) => state.as_str(),
            QueueView::Flagged => "flagged",
            QueueView::All => "all",
        }
    }

    /// `$1` and `$2` of QUEUE: the one state shown (none for all) and whether only
    /// flagged comments are.
    fn binds(self) -> (Option<&'static str>, bool) {
        match self {
            QueueView::In(state) => (Some(state.as_str()), false),
            QueueView::Flagged => (Some(CommentState::Pending.as_str()), true),
            QueueView::All => (None, false),
        }
    }
}

/// Which comments the queue lists; `None` leaves that filter out.
#[derive(Clone, Debug, Default)]
pub struct QueueFilter {
    /// By moderation state.
    pub view: QueueView,
    /// Only those on one post.
    pub post_id: Option<i64>,
    /// Only those by one class member.
    pub author_id: Option<i64>,
}

/// One line of the moderation log, with the names a teacher reads it by.
#[derive(Clone, Debug)]
pub struct LogEntry {
    /// The comment decided on.
    pub comment_id: i64,
    /// `None` for a word a newer quire wrote that this one does not know.
    pub action: Option<LogAction>,
    /// `None` when the line records the comment's arrival.
    pub from_state: Option<CommentState>,
    /// Where the comment ended up.
    pub to_state: CommentState,
    /// The rules' reason for a new comment, a flag's reason, or a rejection note.
    pub note: Option<String>,
    /// When it was decided.
    pub created_at: Timestamp,
    /// Who decided; `None` for quire's own rules.
    pub actor_name: Option<String>,
    /// The comment's author, if a class member wrote it.
    pub comment_author: Option<String>,
    /// The comment's author, if a guest wrote it.
    pub guest_name: Option<String>,
    /// The title of the post the comment is on.
    pub post_title: String,
    /// The slug of the post the comment is on.
    pub post_slug: String,
}

#[derive(FromRow)]
struct LogRow {
    comment_id: i64,
    action: String,
    from_state: Option<String>,
    to_state: String,
    note: Option<String>,
    created_at: Timestamp,
    actor_name: Option<String>,
    comment_author: Option<String>,
    guest_name: Option<String>,
    post_title: String,
    post_slug: String,
}

impl From<LogRow> for LogEntry {
    fn from(row: LogRow) -> LogEntry {
        LogEntry {
            comment_id: row.comment_id,
            action: LogAction::parse(&row.action),
            from_state: row.from_state.as_deref().map(CommentState::from_stored),
            to_state: CommentState::from_stored(&row.to_state),
            note: row.note,
            created_at: row.created_at,
            actor_name: row.actor_name,
            comment_author: row.comment_author,
            guest_name: row.guest_name,
            post_title: row.post_title,
            post_slug: row.post_slug,
        }
    }
}

/// Which log lines to show, newest first; `None` leaves that filter out.
#[derive(Clone, Debug, Default)]
pub struct LogFilter {
    /// Only the lines about one comment.
    pub comment_id: Option<i64>,
    /// Only the lines where one class member wrote the comment or decided on it.
    pub user_id: Option<i64>,
    /// Only lines from this moment on.
    pub from: Option<Timestamp>,
    /// Only lines before this moment.
    pub until: Option<Timestamp>,
}

/// A comment a teacher chose on the moderation page.
#[derive(Clone, Copy, Debug)]
pub struct Chosen<'a> {
    /// The ticked (or pressed) comment; one that no longer exists is skipped.
    pub comment_id: i64,
    /// The note typed beside it, kept only where [`ModerationAction::kept_note`] says.
    pub note: Option<&'a str>,
}

/// A new approved comment on one of a student's posts.
#[derive(Clone, Debug)]
pub struct CommentOnPost {
    /// The comment itself (always approved).
    pub comment: Comment,
    /// The title of the student's post it is on.
    pub post_title: String,
    /// The slug of that post, for the link.
    pub post_slug: String,
}

#[derive(FromRow)]
struct CommentOnPostRow {
    #[sqlx(flatten)]
    comment: CommentRow,
    post_title: String,
    post_slug: String,
}

const INSERT_COMMENT: &str = "insert into comments (post_id, parent_id, depth, author_id, \
     guest_name, body, body_html, state, body_hash, address, created_at, updated_at, approved_at) \
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12) returning id";
const INSERT_LOG: &str = "insert into moderation_log (comment_id, actor_id, action, from_state, \
     to_state, note, created_at) values ($1, $2, $3, $4, $5, $6, $7)";
// A relative change, so two requests changing a post's comments at once both count:
// Postgres re-reads the row for `comment_count + $2` after waiting for the other's lock.
const ADJUST_COUNT: &str = "update posts set comment_count = comment_count + $2 where id = $1";
const COMMENT_BY_ID: &str = concat!(comment_select!(), " where c.id = $1");
pub(super) const THREAD: &str = concat!(
    comment_select!(),
    " where c.post_id = $1 and (c.state = 'approved' \
      or (c.author_id = $2 and c.state in ('pending', 'rejected')) \
      or ($3 and c.state = 'pending')) order by c.created_at, c.id"
);
pub(super) const THREAD_HOT: HotStatement = HotStatement {
    purpose: "post page: the comments a reader may see",
    sql: THREAD,
    sample: &[Sample::PostId, Sample::NullInt, Sample::Flag(false)],
};
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
const QUEUE: &str = concat!(
    comment_select!("p.title as post_title, p.slug as post_slug, pc.body as parent_body"),
    " join posts p on p.id = c.post_id left join comments pc on pc.id = c.parent_id \
     where (c.state = $1 or $1 is null) and (c.flag is not null or not $2) \
     and (c.post_id = $3 or $3 is null) and (c.author_id = $4 or $4 is null) \
     order by c.created_at desc, c.id desc limit $5"
);
const PENDING_COUNT: &str = "select count(*) from comments where state = 'pending'";
pub(super) const SENDING_CHECKS: &str = "select \
     (select count(*) from comments where author_id = $1 and created_at > $3) as by_author, \
     (select count(*) from comments where address = $2 and created_at > $3) as from_address, \
     exists (select 1 from comments where post_id = $4 and body_hash = $5 \
         and state <> 'deleted' \
         and (author_id = $1 or (author_id is null and $1 is null and address = $2))) \
         as duplicate";
pub(super) const SENDING_CHECKS_HOT: HotStatement = HotStatement {
    purpose: "comment sent: rate limits and duplicate check",
    sql: SENDING_CHECKS,
    sample: &[
        Sample::AuthorId,
        Sample::Text("10.0.0.1"),
        Sample::Now,
        Sample::PostId,
        Sample::Digest,
    ],
};
pub(super) const HAS_APPROVED: &str =
    "select exists (select 1 from comments where author_id = $1 and state = 'approved')";
pub(super) const HAS_APPROVED_HOT: HotStatement = HotStatement {
    purpose: "comment sent: is the student known (one approval rule)",
    sql: HAS_APPROVED,
    sample: &[Sample::AuthorId],
};
const LOG: &str = "select l.comment_id, l.action, l.from_state, l.to_state, l.note, \
     l.created_at, a.display_name as actor_name, cu.display_name as comment_author, \
     c.guest_name, p.title as post_title, p.slug as post_slug from moderation_log l \
     join comments c on c.id = l.comment_id join posts p on p.id = c.post_id \
     left join users a on a.id = l.actor_id left join users cu on cu.id = c.author_id \
     where (l.comment_id = $1 or $1 is null) \
     and (c.author_id = $2 or l.actor_id = $2 or $2 is null) \
     and (l.created_at >= $3 or $3 is null) and (l.created_at < $4 or $4 is null) \
     order by l.created_at desc, l.id desc limit 500";
const NEW_ON_POSTS_OF: &str = concat!(
    comment_select!("p.title as post_title, p.slug as post_slug"),
    " join posts p on p.id = c.post_id \
     where p.author_id = $1 and c.state = 'approved' and c.approved_at > $2 \
     and (c.author_id is null or c.author_id <> $1) and",
    live!(),
    "order by c.approved_at desc, c.id desc limit 50"
);
const SET_COMMENTS_OPEN: &str = "update posts set comments_open = $2 where id = $1";

/// Every statement above, for the test that prepares them all on both backends.
pub(super) const STATEMENTS: &[&str] = &[
    INSERT_COMMENT,
    INSERT_LOG,
    ADJUST_COUNT,
    COMMENT_BY_ID,
    THREAD,
    STATE_OF,
    SET_STATE,
    SET_FLAG,
    SET_BODY,
    QUEUE,
    PENDING_COUNT,
    SENDING_CHECKS,
    HAS_APPROVED,
    LOG,
    NEW_ON_POSTS_OF,
    SET_COMMENTS_OPEN,
];

/// How often a compare-and-set is retried when another request changed the comment.
const ATTEMPTS: usize = 3;

/// How a change from `from` to `to` moves a post's count of approved comments.
fn approved_delta(from: &str, to: CommentState) -> i64 {
    let was = from == CommentState::Approved.as_str();
    let is = to == CommentState::Approved;
    i64::from(is) - i64::from(was)
}

/// The most comments written in one transaction.
const BATCH: usize = 64;

/// A comment on its way to the writer, and where its id (or error) goes.
#[derive(Debug)]
pub(super) struct Queued {
    comment: NewComment,
    written: oneshot::Sender<Result<i64, sqlx::Error>>,
}

/// Starts the task that writes comments in batches; it ends when the store is dropped.
fn spawn_comment_writer(db: Db) -> mpsc::Sender<Queued> {
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
/// in one transaction.
async fn insert_comments(db: &Db, comments: &[&NewComment]) -> Result<Vec<i64>, sqlx::Error> {
    let now = Timestamp::now();
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let mut ids = Vec::with_capacity(comments.len());
        for new in comments {
            let approved_at = (new.state == CommentState::Approved).then_some(now);
            let id: i64 = sqlx::query_scalar(INSERT_COMMENT)
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
                .bind(approved_at)
                .fetch_one(&mut *tx)
                .await?;
            sqlx::query(INSERT_LOG)
                .bind(id)
                .bind(new.author_id)
                .bind(LogAction::Submit.as_str())
                .bind(None::<&str>)
                .bind(new.state.as_str())
                .bind(new.reason)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            if new.state == CommentState::Approved {
                sqlx::query(ADJUST_COUNT).bind(new.post_id).bind(1_i64).execute(&mut *tx).await?;
            }
            ids.push(id);
        }
        tx.commit().await?;
        Ok(ids)
    })
}

/// What a state change does, for `change_state`; each comment brings its own note.
struct Change {
    action: LogAction,
    to: CommentState,
    flag: Option<(Flag, i64)>,
    actor_id: Option<i64>,
}

impl Store {
    /// Stores a comment and logs where the rules put it.
    ///
    /// Comments sent at the same moment are written together, in one transaction, by
    /// one task: when a class posts at once, each comment would otherwise wait its turn
    /// for SQLite's one writer, and pay a `BEGIN` and a `COMMIT` of its own.
    pub async fn create_comment(&self, new: NewComment) -> Result<i64, sqlx::Error> {
        let queue = self
            .comment_queue
            .get_or_init(|| spawn_comment_writer(self.db.clone()));
        let (written, answer) = oneshot::channel();
        let queued = Queued {
            comment: new,
            written,
        };
        queue
            .send(queued)
            .await
            .map_err(|_| sqlx::Error::PoolClosed)?;
        let written = answer.await.map_err(|_| sqlx::Error::PoolClosed)?;
        // The writer task commits; the generation moves once it has (see changes.rs).
        self.content_changed();
        written
    }

    /// One comment, in any state.
    pub async fn comment_by_id(&self, id: i64) -> Result<Option<Comment>, sqlx::Error> {
        let row: Option<CommentRow> = on_db!(&self.db, pool => {
            sqlx::query_as(COMMENT_BY_ID).bind(id).fetch_optional(pool).await?
        });
        Ok(row.map(Comment::from))
    }

    /// The comments on a post that this viewer may see, oldest first: approved ones,
    /// the viewer's own waiting or rejected ones, and for teachers every waiting one.
    pub async fn thread_for(
        &self,
        post_id: i64,
        viewer_id: Option<i64>,
        is_teacher: bool,
    ) -> Result<Vec<Comment>, sqlx::Error> {
        let rows: Vec<CommentRow> = on_db!(&self.db, pool => {
            sqlx::query_as(THREAD).bind(post_id).bind(viewer_id).bind(is_teacher).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(Comment::from).collect())
    }

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
            tx.commit().await?;
            Ok(true)
        })
    }

    /// The moderation queue, newest first.
    pub async fn moderation_queue(
        &self,
        filter: &QueueFilter,
        limit: i64,
    ) -> Result<Vec<QueueItem>, sqlx::Error> {
        let rows: Vec<QueueRow> = on_db!(&self.db, pool => {
            let (state, flagged_only) = filter.view.binds();
            sqlx::query_as(QUEUE)
                .bind(state)
                .bind(flagged_only)
                .bind(filter.post_id)
                .bind(filter.author_id)
                .bind(limit)
                .fetch_all(pool)
                .await?
        });
        Ok(rows
            .into_iter()
            .map(|row| QueueItem {
                comment: row.comment.into(),
                post_title: row.post_title,
                post_slug: row.post_slug,
                parent_body: row.parent_body,
            })
            .collect())
    }

    /// Comments waiting for a teacher.
    pub async fn pending_comment_count(&self) -> Result<i64, sqlx::Error> {
        on_db!(&self.db, pool => sqlx::query_scalar(PENDING_COUNT).fetch_one(pool).await)
    }

    /// What is checked before a comment is taken, in one query (every comment posted
    /// asks): how many comments the account (none for a guest) and the address sent
    /// since `since`, for the rate limits, and whether the same author (or guest at the
    /// same address) already posted this text on this post.
    pub async fn sending_checks(
        &self,
        new: &CommentSent<'_>,
        since: Timestamp,
    ) -> Result<SendingChecks, sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query_as(SENDING_CHECKS)
                .bind(new.author_id)
                .bind(new.address)
                .bind(since)
                .bind(new.post_id)
                .bind(new.body_hash)
                .fetch_one(pool)
                .await
        })
    }

    /// Whether a member already has an approved comment (for the "known commenter" rule).
    pub async fn has_approved_comment(&self, author_id: i64) -> Result<bool, sqlx::Error> {
        on_db!(&self.db, pool => sqlx::query_scalar(HAS_APPROVED).bind(author_id).fetch_one(pool).await)
    }

    /// The moderation log, newest first.
    pub async fn moderation_log(&self, filter: &LogFilter) -> Result<Vec<LogEntry>, sqlx::Error> {
        let rows: Vec<LogRow> = on_db!(&self.db, pool => {
            sqlx::query_as(LOG)
                .bind(filter.comment_id)
                .bind(filter.user_id)
                .bind(filter.from)
                .bind(filter.until)
                .fetch_all(pool)
                .await?
        });
        Ok(rows.into_iter().map(LogEntry::from).collect())
    }

    /// Approved comments by others on an author's posts, approved after `since`.
    pub async fn new_comments_on_posts_of(
        &self,
        author_id: i64,
        since: Timestamp,
    ) -> Result<Vec<CommentOnPost>, sqlx::Error> {
        let rows: Vec<CommentOnPostRow> = on_db!(&self.db, pool => {
            sqlx::query_as(NEW_ON_POSTS_OF).bind(author_id).bind(since).fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(|row| CommentOnPost {
                comment: row.comment.into(),
                post_title: row.post_title,
                post_slug: row.post_slug,
            })
            .collect())
    }

    /// Opens or closes a post to new comments.
    pub async fn set_comments_open(&self, post_id: i64, open: bool) -> Result<(), sqlx::Error> {
        writing_shown!(self, pool => {
            sqlx::query(SET_COMMENTS_OPEN).bind(post_id).bind(open).execute(pool).await?;
            Ok(())
        })
    }
}
