//! The comments readers see: one comment, the thread of a post (as far as this reader
//! may see it), and whether a post takes new ones.

use super::rows::CommentRow;
use crate::comments::Comment;
use crate::db::on_db;
use crate::store::handle::Store;
use crate::store::hot::{HotStatement, Sample};

const COMMENT_BY_ID: &str = concat!(comment_select!(), " where c.id = $1");
// Every comment some reader of the page may see: read once per generation and kept,
// then sorted per reader by `comments::may_see`.
pub(in crate::store) const THREAD: &str = concat!(
    comment_select!(),
    " where c.post_id = $1 and c.state in ('approved', 'pending', 'rejected') \
      order by c.created_at, c.id"
);
pub(in crate::store) const THREAD_HOT: HotStatement = HotStatement {
    purpose: "post page: the comments any of its readers may see",
    sql: THREAD,
    sample: &[Sample::PostId],
};
const SET_COMMENTS_OPEN: &str = "update posts set comments_open = $2 where id = $1";

/// Every statement above, for the test that prepares them all on both backends.
pub(in crate::store) const STATEMENTS: &[&str] = &[COMMENT_BY_ID, THREAD, SET_COMMENTS_OPEN];

impl Store {
    /// One comment, in any state.
    pub async fn comment_by_id(&self, id: i64) -> Result<Option<Comment>, sqlx::Error> {
        let row: Option<CommentRow> = on_db!(&self.db, pool => {
            sqlx::query_as(COMMENT_BY_ID).bind(id).fetch_optional(pool).await?
        });
        Ok(row.map(Comment::from))
    }

    /// The comments on a post that some reader may see, oldest first: approved, waiting
    /// (for their authors and the teachers) and rejected (for their authors).
    pub async fn thread_of(&self, post_id: i64) -> Result<Vec<Comment>, sqlx::Error> {
        let rows: Vec<CommentRow> = on_db!(&self.db, pool => {
            sqlx::query_as(THREAD).bind(post_id).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(Comment::from).collect())
    }

    /// Opens or closes a post to new comments.
    pub async fn set_comments_open(&self, post_id: i64, open: bool) -> Result<(), sqlx::Error> {
        writing_shown!(self, pool => {
            sqlx::query(SET_COMMENTS_OPEN).bind(post_id).bind(open).execute(pool).await?;
            Ok(())
        })
    }
}
