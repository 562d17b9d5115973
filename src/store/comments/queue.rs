//! The moderation queue: which comments a teacher sees to judge, by state, post and
//! author, and how many wait.

use sqlx::FromRow;

use super::rows::CommentRow;
use crate::comments::{Comment, CommentState};
use crate::db::on_db;
use crate::store::handle::Store;

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
    /// Only those by the students of one group.
    pub group_id: Option<i64>,
}

/// The queue's statement: every filter is in `where` (a `null` leaves it out), and
/// `$key` repeats the one filter that narrows it most as a plain equality, so the
/// planner can use an index. Without it SQLite read all 20,000 comments of the small
/// benchmark set and sorted them for every page (`or $3 is null` hides the index), and
/// Postgres's generic plan did the same.
macro_rules! queue_statement {
    ($key:literal) => {
        concat!(
            comment_select!("p.title as post_title, p.slug as post_slug, pc.body as parent_body"),
            " join posts p on p.id = c.post_id left join comments pc on pc.id = c.parent_id \
             where (c.state = $1 or $1 is null) and (c.flag is not null or not $2) \
             and (c.post_id = $3 or $3 is null) and (c.author_id = $4 or $4 is null) \
             and (u.group_id = $6 or $6 is null) ",
            $key,
            " order by c.created_at desc, c.id desc limit $5"
        )
    };
}

/// One post's comments, by `comments_post`.
const QUEUE_ON_POST: &str = queue_statement!("and c.post_id = $3");
/// One author's, by `comments_author`.
const QUEUE_BY_AUTHOR: &str = queue_statement!("and c.author_id = $4");
/// One state's, newest first straight from `comments_state`.
const QUEUE_IN_STATE: &str = queue_statement!("and c.state = $1");
/// Every comment (the "All" view with no post or author): the newest of all.
const QUEUE_ANY: &str = queue_statement!("");
const PENDING_COUNT: &str = "select count(*) from comments where state = 'pending'";

/// Every statement above, for the test that prepares them all on both backends.
pub(in crate::store) const STATEMENTS: &[&str] = &[
    QUEUE_ON_POST,
    QUEUE_BY_AUTHOR,
    QUEUE_IN_STATE,
    QUEUE_ANY,
    PENDING_COUNT,
];

impl QueueFilter {
    /// The queue's statement keyed on the narrowest filter this one sets.
    fn statement(&self) -> &'static str {
        if self.post_id.is_some() {
            QUEUE_ON_POST
        } else if self.author_id.is_some() {
            QUEUE_BY_AUTHOR
        } else if self.view.binds().0.is_some() {
            QUEUE_IN_STATE
        } else {
            QUEUE_ANY
        }
    }
}

impl Store {
    /// The moderation queue, newest first.
    pub async fn moderation_queue(
        &self,
        filter: &QueueFilter,
        limit: i64,
    ) -> Result<Vec<QueueItem>, sqlx::Error> {
        let rows: Vec<QueueRow> = on_db!(&self.db, pool => {
            let (state, flagged_only) = filter.view.binds();
            sqlx::query_as(filter.statement())
                .bind(state)
                .bind(flagged_only)
                .bind(filter.post_id)
                .bind(filter.author_id)
                .bind(limit)
                .bind(filter.group_id)
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
}
