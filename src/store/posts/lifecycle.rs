//! A post's life after writing: publication, review, unpublishing, the trash and its
//! purge, each moving the posts counter in the same transaction. A post published or
//! sent back by someone else tells its author, in the same transaction.

use super::revisions::INSERT_REVISION;
use crate::db::{BeginWrite, Timestamp, on_db};
use crate::store::events::TELL_POST_DECISION;
use crate::store::handle::Store;

/// Runs one statement on a post (binding the post id, then any further values) and
/// moves the posts counter, in one transaction.
macro_rules! changing_posts {
    ($store:expr, $statement:expr, $($bind:expr),+) => {
        writing_shown!($store, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query($statement)$(.bind($bind))+.execute(&mut *tx).await?;
            sqlx::query(BUMP_POSTS_VERSION).execute(&mut *tx).await?;
            tx.commit().await
        })
    };
}

/// Where a post goes when it is published: its first publication time and month.
#[derive(Clone, Debug)]
pub struct Publication {
    /// The moment; kept from the first publication if there was one.
    pub at: Timestamp,
    /// `YYYY-MM` in the school's time zone.
    pub month: String,
}

const PUBLISH: &str = "update posts set status = 'published', review_note = null, \
     published_at = coalesce(published_at, $2), \
     published_month = coalesce(published_month, $3) where id = $1";
const SUBMIT_FOR_REVIEW: &str =
    "update posts set status = 'review', review_note = null where id = $1";
const SEND_BACK: &str = "update posts set status = 'draft', review_note = $2 where id = $1";
const UNPUBLISH: &str = "update posts set status = 'draft' where id = $1";
const TRASH: &str = "update posts set trashed_at = $2 where id = $1";
const RESTORE: &str = "update posts set trashed_at = null where id = $1";
const PURGE_TRASH: &str = "delete from posts where trashed_at <= $1";
pub(in crate::store) const BUMP_POSTS_VERSION: &str =
    "update change_counters set value = value + 1 where name = 'posts'";
const POSTS_VERSION: &str = "select value from change_counters where name = 'posts'";

/// Every statement above, for the test that prepares them all on both backends.
pub(in crate::store) const STATEMENTS: &[&str] = &[
    PUBLISH,
    SUBMIT_FOR_REVIEW,
    SEND_BACK,
    UNPUBLISH,
    TRASH,
    RESTORE,
    PURGE_TRASH,
    BUMP_POSTS_VERSION,
    POSTS_VERSION,
];

impl Store {
    /// Publishes a post (keeping its first publication date if it had one) and
    /// records the published version as a revision.
    pub async fn publish_post(
        &self,
        post_id: i64,
        publication: &Publication,
        editor_id: i64,
    ) -> Result<(), sqlx::Error> {
        writing_shown!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(PUBLISH)
                .bind(post_id)
                .bind(publication.at)
                .bind(&publication.month)
                .execute(&mut *tx)
                .await?;
            sqlx::query(INSERT_REVISION).bind(post_id).bind(editor_id).bind(publication.at).execute(&mut *tx).await?;
            sqlx::query(TELL_POST_DECISION)
                .bind(post_id).bind("published").bind(publication.at).bind(editor_id)
                .execute(&mut *tx).await?;
            sqlx::query(BUMP_POSTS_VERSION).execute(&mut *tx).await?;
            tx.commit().await
        })
    }

    /// Submits a post for a teacher's review.
    pub async fn submit_post_for_review(&self, post_id: i64) -> Result<(), sqlx::Error> {
        changing_posts!(self, SUBMIT_FOR_REVIEW, post_id)
    }

    /// Sends a post in review back to its author with a note, and tells the author.
    pub async fn send_post_back(
        &self,
        post_id: i64,
        note: &str,
        teacher_id: i64,
    ) -> Result<(), sqlx::Error> {
        writing_shown!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(SEND_BACK).bind(post_id).bind(note).execute(&mut *tx).await?;
            sqlx::query(TELL_POST_DECISION)
                .bind(post_id).bind("sent_back").bind(Timestamp::now()).bind(teacher_id)
                .execute(&mut *tx).await?;
            sqlx::query(BUMP_POSTS_VERSION).execute(&mut *tx).await?;
            tx.commit().await
        })
    }

    /// Takes a post off the site, back to draft.
    pub async fn unpublish_post(&self, post_id: i64) -> Result<(), sqlx::Error> {
        changing_posts!(self, UNPUBLISH, post_id)
    }

    /// Moves a post to the trash.
    pub async fn trash_post(&self, post_id: i64) -> Result<(), sqlx::Error> {
        changing_posts!(self, TRASH, post_id, Timestamp::now())
    }

    /// Brings a post back from the trash as it was.
    pub async fn restore_post(&self, post_id: i64) -> Result<(), sqlx::Error> {
        changing_posts!(self, RESTORE, post_id)
    }

    /// Deletes posts that have been in the trash since before `before`.
    pub async fn purge_trash(&self, before: Timestamp) -> Result<u64, sqlx::Error> {
        writing_shown!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let purged = sqlx::query(PURGE_TRASH).bind(before).execute(&mut *tx).await?.rows_affected();
            if purged > 0 {
                sqlx::query(BUMP_POSTS_VERSION).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(purged)
        })
    }

    /// The posts counter: it moves with every change to what readers can see of posts.
    pub async fn posts_version(&self) -> Result<i64, sqlx::Error> {
        on_db!(&self.db, pool => sqlx::query_scalar(POSTS_VERSION).fetch_one(pool).await)
    }
}
