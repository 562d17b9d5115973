//! A comment being sent: the checks before it is taken (rate limits, the same text
//! twice, the known-commenter rule) and handing it to the comment writer.

use tokio::sync::oneshot;

use super::writer::{NewComment, Queued, spawn_comment_writer};
use crate::comments::CommentState;
use crate::db::{Timestamp, on_db};
use crate::store::handle::Store;
use crate::store::hot::{HotStatement, Sample};

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
    /// Comments lately from the client's address by guests: members' comments from a
    /// shared school address do not count (members are limited by account).
    pub guests_from_address: i64,
    /// The same text is already on the post from the same author.
    pub duplicate: bool,
}

pub(in crate::store) const SENDING_CHECKS: &str = "select \
     (select count(*) from comments where author_id = $1 and created_at > $3) as by_author, \
     (select count(*) from comments where address = $2 and author_id is null \
         and created_at > $3) as guests_from_address, \
     exists (select 1 from comments where post_id = $4 and body_hash = $5 \
         and state <> 'deleted' \
         and (author_id = $1 or (author_id is null and $1 is null and address = $2))) \
         as duplicate";
pub(in crate::store) const SENDING_CHECKS_HOT: HotStatement = HotStatement {
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
pub(in crate::store) const HAS_APPROVED: &str =
    "select exists (select 1 from comments where author_id = $1 and state = 'approved')";
pub(in crate::store) const HAS_APPROVED_HOT: HotStatement = HotStatement {
    purpose: "comment sent: is the student known (one approval rule)",
    sql: HAS_APPROVED,
    sample: &[Sample::AuthorId],
};

/// Every statement above, for the test that prepares them all on both backends.
pub(in crate::store) const STATEMENTS: &[&str] = &[SENDING_CHECKS, HAS_APPROVED];

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
        let shown = new.state == CommentState::Approved;
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
        // The writer task commits; the generation moves once it has (see changes.rs),
        // and only for a comment readers see: one waiting for the teacher changes no
        // page kept for them, only what its author and the teachers see.
        if shown {
            self.content_changed();
        } else {
            self.members_changed();
        }
        written
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
}
