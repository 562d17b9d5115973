//! Private feedback on students' posts: the current version, every saved version, the
//! author's What's new told in the same transaction, and the state an assignment's table
//! shows for a set of posts.
//!
//! No page kept in memory shows feedback (only its author and the teachers, signed in,
//! read it), so these writes leave the content generation alone.

use std::collections::HashMap;

use sqlx::FromRow;

use super::handle::Store;
use crate::db::{BeginWrite, Timestamp, on_db};
use crate::feedback::{FeedbackState, FeedbackText};

/// How many posts one reading of states asks about; longer lists are read in slices.
const STATES_AT_ONCE: usize = 32;

const FEEDBACK_ON: &str = "select f.id, f.post_id, f.body, u.display_name as teacher_name, \
     f.created_at, f.updated_at, f.seen_at from feedback f join users u on u.id = f.teacher_id \
     where f.post_id = $1";
/// Saves the current version: $1 the post, $2 the teacher, $3 the Markdown, $4 now. An
/// edit clears `seen_at`: the author has not seen this version yet.
const SAVE_FEEDBACK: &str = "insert into feedback (post_id, teacher_id, body, created_at, \
     updated_at) values ($1, $2, $3, $4, $4) on conflict (post_id) do update set \
     teacher_id = excluded.teacher_id, body = excluded.body, updated_at = excluded.updated_at, \
     seen_at = null returning id";
const INSERT_FEEDBACK_REVISION: &str = "insert into feedback_revisions (feedback_id, \
     teacher_id, body, created_at) values ($1, $2, $3, $4)";
/// Tells the author ($1 the feedback, $2 now, $3 the teacher): `feedback` the first time,
/// `feedback_updated` after; not again while an earlier word about it is unread.
const TELL_FEEDBACK: &str = "insert into events (user_id, kind, post_id, created_at) \
     select p.author_id, case when f.created_at = f.updated_at then 'feedback' \
     else 'feedback_updated' end, p.id, $2 from feedback f join posts p on p.id = f.post_id \
     where f.id = $1 and p.author_id <> $3 \
     and not exists (select 1 from events e where e.post_id = p.id \
         and e.user_id = p.author_id and e.read_at is null \
         and e.kind in ('feedback', 'feedback_updated'))";
const FEEDBACK_VERSIONS: &str = "select r.id, r.body, u.display_name as teacher_name, \
     r.created_at from feedback_revisions r join feedback f on f.id = r.feedback_id \
     join users u on u.id = r.teacher_id where f.post_id = $1 order by r.id desc";
const MARK_FEEDBACK_SEEN: &str =
    "update feedback set seen_at = $2 where post_id = $1 and seen_at is null";
const FEEDBACK_STATES: &str = "select post_id, updated_at, seen_at from feedback \
     where post_id in ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, \
     $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, \
     $23, $24, $25, $26, $27, $28, $29, $30, $31, $32)";

/// Every statement above, for the test that prepares them all on both backends.
pub(in crate::store) const STATEMENTS: &[&str] = &[
    FEEDBACK_ON,
    SAVE_FEEDBACK,
    INSERT_FEEDBACK_REVISION,
    TELL_FEEDBACK,
    FEEDBACK_VERSIONS,
    MARK_FEEDBACK_SEEN,
    FEEDBACK_STATES,
];

/// A post's feedback as it stands.
#[derive(Clone, Debug, FromRow)]
pub struct Feedback {
    /// Its id.
    pub id: i64,
    /// The post it is about.
    pub post_id: i64,
    /// The Markdown of the current version.
    pub body: String,
    /// Who saved the current version.
    pub teacher_name: String,
    /// When it was first written.
    pub created_at: Timestamp,
    /// When the current version was saved.
    pub updated_at: Timestamp,
    /// When the author saw the current version, if they have.
    pub seen_at: Option<Timestamp>,
}

/// One saved version of a post's feedback.
#[derive(Clone, Debug, FromRow)]
pub struct FeedbackVersion {
    /// Its id.
    pub id: i64,
    /// Its Markdown.
    pub body: String,
    /// Who saved it.
    pub teacher_name: String,
    /// When.
    pub created_at: Timestamp,
}

impl Store {
    /// The feedback on a post, if a teacher has written some.
    pub async fn feedback_on(&self, post_id: i64) -> Result<Option<Feedback>, sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query_as(FEEDBACK_ON).bind(post_id).fetch_optional(pool).await
        })
    }

    /// Saves a new version of a post's feedback, keeps it in the history and tells the
    /// author, in one transaction.
    pub async fn save_feedback(
        &self,
        post_id: i64,
        teacher_id: i64,
        text: &FeedbackText,
    ) -> Result<(), sqlx::Error> {
        let now = Timestamp::now();
        writing_sessions!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let id: i64 = sqlx::query_scalar(SAVE_FEEDBACK)
                .bind(post_id).bind(teacher_id).bind(text.as_str()).bind(now)
                .fetch_one(&mut *tx).await?;
            sqlx::query(INSERT_FEEDBACK_REVISION)
                .bind(id).bind(teacher_id).bind(text.as_str()).bind(now)
                .execute(&mut *tx).await?;
            sqlx::query(TELL_FEEDBACK).bind(id).bind(now).bind(teacher_id).execute(&mut *tx).await?;
            tx.commit().await
        })
    }

    /// Every saved version of a post's feedback, newest (the current one) first.
    pub async fn feedback_versions(
        &self,
        post_id: i64,
    ) -> Result<Vec<FeedbackVersion>, sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query_as(FEEDBACK_VERSIONS).bind(post_id).fetch_all(pool).await
        })
    }

    /// The author is looking at the current version of their post's feedback.
    pub async fn mark_feedback_seen(&self, post_id: i64) -> Result<(), sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query(MARK_FEEDBACK_SEEN)
                .bind(post_id).bind(Timestamp::now()).execute(pool).await?;
            Ok(())
        })
    }

    /// Where the feedback on each of `post_ids` stands (for an assignment's table): every
    /// id asked for is in the answer, [`FeedbackState::None`] when it has no feedback.
    pub async fn feedback_states(
        &self,
        post_ids: &[i64],
    ) -> Result<HashMap<i64, FeedbackState>, sqlx::Error> {
        let mut states: HashMap<i64, FeedbackState> = post_ids
            .iter()
            .map(|id| (*id, FeedbackState::None))
            .collect();
        for slice in post_ids.chunks(STATES_AT_ONCE) {
            // Unused places are filled with the slice's first id: asked twice, found once.
            let ids = (0..STATES_AT_ONCE).map(|i| slice.get(i).unwrap_or(&slice[0]));
            let rows: Vec<(i64, Timestamp, Option<Timestamp>)> = on_db!(&self.db, pool => {
                let mut query = sqlx::query_as(FEEDBACK_STATES);
                for id in ids {
                    query = query.bind(*id);
                }
                query.fetch_all(pool).await
            })?;
            for (post_id, at, seen_at) in rows {
                states.insert(post_id, FeedbackState::of(at, seen_at));
            }
        }
        Ok(states)
    }
}
