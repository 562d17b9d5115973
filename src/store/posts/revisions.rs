//! A post's saved versions: one made on every publication and every saved edit of a
//! published post, never changed afterwards.

use sqlx::FromRow;

use crate::db::{Timestamp, on_db};
use crate::store::handle::Store;

/// One saved version of a post: made on every publication and every saved edit of a
/// published post, never changed afterwards.
#[derive(Clone, Debug, FromRow)]
pub struct Revision {
    /// Its number in the history's addresses (`/posts/{post_id}/history/{id}`).
    pub id: i64,
    /// The post it belongs to.
    pub post_id: i64,
    /// The display name of whoever saved it (the author or a teacher).
    pub editor_name: String,
    /// The title as it was then.
    pub title: String,
    /// Its Markdown.
    pub body: String,
    /// Its labels, comma separated.
    pub labels: String,
    /// When it was saved.
    pub created_at: Timestamp,
}

pub(in crate::store) const INSERT_REVISION: &str = "insert into post_revisions (post_id, editor_id, title, body, \
     labels, created_at) select id, $2, title, body, labels, $3 from posts where id = $1";
const REVISIONS_OF: &str = "select r.id, r.post_id, u.display_name as editor_name, r.title, \
     r.body, r.labels, r.created_at from post_revisions r join users u on u.id = r.editor_id \
     where r.post_id = $1 order by r.id desc";
const REVISION_BY_ID: &str = "select r.id, r.post_id, u.display_name as editor_name, r.title, \
     r.body, r.labels, r.created_at from post_revisions r join users u on u.id = r.editor_id \
     where r.id = $1";

/// Every statement above, for the test that prepares them all on both backends.
pub(in crate::store) const STATEMENTS: &[&str] = &[INSERT_REVISION, REVISIONS_OF, REVISION_BY_ID];

impl Store {
    /// A post's revisions, newest first.
    pub async fn revisions_of(&self, post_id: i64) -> Result<Vec<Revision>, sqlx::Error> {
        on_db!(&self.db, pool => sqlx::query_as(REVISIONS_OF).bind(post_id).fetch_all(pool).await)
    }

    /// One revision, of any post: the caller checks it belongs to the post asked for.
    pub async fn revision_by_id(&self, id: i64) -> Result<Option<Revision>, sqlx::Error> {
        on_db!(&self.db, pool => sqlx::query_as(REVISION_BY_ID).bind(id).fetch_optional(pool).await)
    }
}
