//! What's new for each member: the events written beside the actions that cause them
//! (in the same transaction, never for the member's own actions), the navigation's
//! counts, the list on Your posts, and marking events read.
//!
//! The statements that write events are run by the comments', posts' and feedback's
//! own transactions: `tell_comment_shown!` for a comment readers now see, the others
//! bound where a comment is rejected or a post is decided (feedback's in `feedback.rs`).
//! Each takes the actor's id (0 for nobody: a guest) so that nobody is told about what
//! they did themselves.

use sqlx::FromRow;

use super::handle::Store;
use crate::db::{Timestamp, on_db};

/// Writes, inside the transaction `$tx`, the events of a comment readers now see: the
/// post's author is told of a comment, the answered comment's author of a reply (once,
/// as a reply, when they are the same person). A comment approved again tells nobody twice.
macro_rules! tell_comment_shown {
    ($tx:expr, $comment_id:expr, $actor_id:expr, $now:expr) => {
        for statement in [
            $crate::store::events::TELL_POST_AUTHOR,
            $crate::store::events::TELL_PARENT_AUTHOR,
        ] {
            sqlx::query(statement)
                .bind($comment_id)
                .bind($now)
                .bind($actor_id)
                .execute(&mut *$tx)
                .await?;
        }
    };
}

/// A comment on your post: $1 the comment, $2 now, $3 the actor.
pub(in crate::store) const TELL_POST_AUTHOR: &str = "insert into events \
     (user_id, kind, post_id, comment_id, created_at) \
     select p.author_id, 'comment', p.id, c.id, $2 from comments c \
     join posts p on p.id = c.post_id \
     where c.id = $1 and c.state = 'approved' and p.author_id <> $3 \
     and (c.author_id is null or c.author_id <> p.author_id) \
     and not exists (select 1 from comments parent where parent.id = c.parent_id \
         and parent.author_id = p.author_id) \
     and not exists (select 1 from events e where e.comment_id = c.id \
         and e.user_id = p.author_id)";
/// A reply to your comment: $1 the reply, $2 now, $3 the actor.
pub(in crate::store) const TELL_PARENT_AUTHOR: &str = "insert into events \
     (user_id, kind, post_id, comment_id, created_at) \
     select parent.author_id, 'reply', c.post_id, c.id, $2 from comments c \
     join comments parent on parent.id = c.parent_id \
     where c.id = $1 and c.state = 'approved' and parent.author_id <> $3 \
     and (c.author_id is null or c.author_id <> parent.author_id) \
     and not exists (select 1 from events e where e.comment_id = c.id \
         and e.user_id = parent.author_id)";
/// Your comment rejected, with the teacher's note: $1 the comment, $2 now, $3 the actor.
pub(in crate::store) const TELL_REJECTED: &str = "insert into events \
     (user_id, kind, post_id, comment_id, note, created_at) \
     select c.author_id, 'rejected', c.post_id, c.id, c.rejection_note, $2 from comments c \
     where c.id = $1 and c.state = 'rejected' and c.author_id <> $3";
/// Your post sent back (with its note) or published by someone else: $1 the post, $2 the
/// kind, $3 now, $4 the actor.
pub(in crate::store) const TELL_POST_DECISION: &str = "insert into events \
     (user_id, kind, post_id, note, created_at) \
     select p.author_id, $2, p.id, p.review_note, $3 from posts p \
     where p.id = $1 and p.author_id <> $4";
const EVENTS_OF: &str = "select e.id, e.kind, e.post_id, e.comment_id, e.note, \
     e.created_at, e.read_at, p.title as post_title, p.slug as post_slug, \
     (p.status = 'published' and p.trashed_at is null) as post_live, \
     coalesce(u.display_name, c.guest_name) as commenter, c.body as comment_body \
     from events e join posts p on p.id = e.post_id \
     left join comments c on c.id = e.comment_id \
     left join users u on u.id = c.author_id \
     where e.user_id = $1 order by e.created_at desc, e.id desc limit $2";
const MARK_POST_READ: &str = "update events set read_at = $3 \
     where user_id = $1 and post_id = $2 and read_at is null";
const MARK_ALL_READ: &str = "update events set read_at = $2 where user_id = $1 and read_at is null";

/// Every statement above, for the test that prepares them all on both backends.
pub(in crate::store) const STATEMENTS: &[&str] = &[
    TELL_POST_AUTHOR,
    TELL_PARENT_AUTHOR,
    TELL_REJECTED,
    TELL_POST_DECISION,
    EVENTS_OF,
    MARK_POST_READ,
    MARK_ALL_READ,
];

/// Something that happened to a member's work.
#[derive(Clone, Debug, FromRow)]
pub struct Event {
    /// Its id.
    pub id: i64,
    /// `comment`, `reply`, `rejected`, `sent_back`, `published`, `feedback` or
    /// `feedback_updated`.
    pub kind: String,
    /// The post it is about.
    pub post_id: i64,
    /// The comment it is about, if any.
    pub comment_id: Option<i64>,
    /// The teacher's note (a post sent back, a comment rejected).
    pub note: Option<String>,
    /// When it happened.
    pub created_at: Timestamp,
    /// When the member saw it; `None` while unread.
    pub read_at: Option<Timestamp>,
    /// The post's title.
    pub post_title: String,
    /// The post's address.
    pub post_slug: String,
    /// Whether readers can see the post now.
    pub post_live: bool,
    /// Who wrote the comment, if the event is about one.
    pub commenter: Option<String>,
    /// The comment's Markdown, if the event is about one.
    pub comment_body: Option<String>,
}

impl Store {
    /// A member's latest events, newest first, read or not.
    pub async fn events_of(&self, user_id: i64, limit: i64) -> Result<Vec<Event>, sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query_as(EVENTS_OF).bind(user_id).bind(limit).fetch_all(pool).await
        })
    }

    /// Marks a member's events about one post read (they are looking at it); returns how
    /// many were unread.
    pub async fn mark_post_events_read(
        &self,
        user_id: i64,
        post_id: i64,
    ) -> Result<u64, sqlx::Error> {
        let marked = on_db!(&self.db, pool => {
            let done = sqlx::query(MARK_POST_READ)
                .bind(user_id).bind(post_id).bind(Timestamp::now()).execute(pool).await?;
            done.rows_affected()
        });
        // Most looks at a post find nothing unread: no kept session need be read again.
        if marked > 0 {
            self.sessions_changed();
        }
        Ok(marked)
    }

    /// Marks every event of a member read.
    pub async fn mark_all_events_read(&self, user_id: i64) -> Result<(), sqlx::Error> {
        writing_sessions!(self, pool => {
            sqlx::query(MARK_ALL_READ).bind(user_id).bind(Timestamp::now()).execute(pool).await?;
            Ok(())
        })
    }
}
