//! The moderation log as teachers read it: who decided what, when, on which comment.

use sqlx::FromRow;

use crate::comments::{CommentState, LogAction};
use crate::db::{Timestamp, on_db};
use crate::store::handle::Store;

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
    /// A teacher wrote the comment.
    pub comment_author_is_teacher: bool,
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
    comment_author_role: Option<String>,
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
            comment_author_is_teacher: row.comment_author_role.as_deref() == Some("teacher"),
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

const LOG: &str = "select l.comment_id, l.action, l.from_state, l.to_state, l.note, \
     l.created_at, a.display_name as actor_name, cu.display_name as comment_author, \
     cu.role as comment_author_role, c.guest_name, p.title as post_title, p.slug as post_slug from moderation_log l \
     join comments c on c.id = l.comment_id join posts p on p.id = c.post_id \
     left join users a on a.id = l.actor_id left join users cu on cu.id = c.author_id \
     where (l.comment_id = $1 or $1 is null) \
     and (c.author_id = $2 or l.actor_id = $2 or $2 is null) \
     and (l.created_at >= $3 or $3 is null) and (l.created_at < $4 or $4 is null) \
     order by l.created_at desc, l.id desc limit 500";

/// Every statement above, for the test that prepares them all on both backends.
pub(in crate::store) const STATEMENTS: &[&str] = &[LOG];

impl Store {
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
}
