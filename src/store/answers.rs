//! Answers to assignments: linking a post to one, the answers classmates read, and the
//! teacher's table of who answered and how many classmates' answers each commented on.

use sqlx::FromRow;

use super::handle::Store;
use crate::db::{Timestamp, on_db};
use crate::posts::PostStatus;

/// A student's row of the teacher's table, as the database has it.
#[derive(Clone, Debug, FromRow)]
pub struct AnswerRow {
    /// The student's account.
    pub student_id: i64,
    /// For their author page.
    pub username: String,
    /// As shown.
    pub display_name: String,
    /// Their linked post, if any.
    pub post_id: Option<i64>,
    /// Its address.
    pub post_slug: Option<String>,
    post_status: Option<String>,
    /// When it was first published.
    pub published_at: Option<Timestamp>,
    /// In the trash since.
    pub trashed_at: Option<Timestamp>,
    /// Their own due moment, if extended.
    pub extended_due: Option<Timestamp>,
    /// Approved comments on classmates' live answers to the same assignment.
    pub comments_left: i64,
}

impl AnswerRow {
    /// The linked post's status, whether it is in the trash, and when it was published.
    pub fn post(&self) -> Option<(PostStatus, Option<Timestamp>, bool)> {
        self.post_status.as_deref().map(|status| {
            (
                PostStatus::from_stored(status),
                self.published_at,
                self.trashed_at.is_some(),
            )
        })
    }
}

/// A published answer, as the list of classmates' answers shows it.
#[derive(Clone, Debug, FromRow)]
pub struct PublishedAnswer {
    /// The post.
    pub post_id: i64,
    /// Its title.
    pub title: String,
    /// Its address, `/posts/{slug}`.
    pub slug: String,
    /// Who wrote it.
    pub author_id: i64,
    /// As shown.
    pub author_name: String,
    /// Approved comments on it.
    pub comment_count: i64,
}

/// The table: every active student (of the group, if given), their answer, extension
/// and counted comments. A comment counts when `assignments::counts_toward` says so:
/// approved, on a live answer to this assignment, not the commenter's own. The counts
/// are one grouped pass over the comments of this assignment's answers (the
/// `posts_one_answer` and `comments_post` indexes), never a count per student. The
/// `cross join` fixes SQLite's join order (answers first): without statistics it
/// otherwise starts from every approved comment of the class through `comments_state`,
/// 20 times slower on 20,000 comments; Postgres reads it as the inner join it is.
pub const ANSWER_TABLE: &str = "select u.id as student_id, u.username, u.display_name, \
     p.id as post_id, p.slug as post_slug, p.status as post_status, p.published_at, \
     p.trashed_at, e.due_at as extended_due, coalesce(k.comments_left, 0) as comments_left \
     from users u \
     left join posts p on p.assignment_id = $1 and p.author_id = u.id \
     left join assignment_extensions e on e.assignment_id = $1 and e.student_id = u.id \
     left join (select c.author_id, count(*) as comments_left \
         from posts q cross join comments c \
         where c.post_id = q.id \
         and q.assignment_id = $1 and q.status = 'published' and q.trashed_at is null \
         and c.state = 'approved' and c.author_id <> q.author_id \
         group by c.author_id) k on k.author_id = u.id \
     where u.role = 'student' and u.active = true and (u.group_id = $2 or $2 is null) \
     and (u.id = $3 or $3 is null) \
     order by lower(u.display_name), u.display_name, u.id";
const PUBLISHED_ANSWERS: &str = "select p.id as post_id, p.title, p.slug, p.author_id, \
     u.display_name as author_name, p.comment_count from posts p \
     join users u on u.id = p.author_id \
     where p.assignment_id = $1 and p.status = 'published' and p.trashed_at is null \
     order by lower(u.display_name), u.display_name, p.id";
const ANSWER_OF: &str = "select id, title from posts where assignment_id = $1 and author_id = $2";
const LINK_ANSWER: &str = "update posts set assignment_id = $2 where id = $1";

/// Every statement above, for the test that prepares them all on both backends.
pub(super) const STATEMENTS: &[&str] = &[ANSWER_TABLE, PUBLISHED_ANSWERS, ANSWER_OF, LINK_ANSWER];

impl Store {
    /// The teacher's table for an assignment: one row per active student of `group`
    /// (every group when `None`), by name.
    pub async fn answer_table(
        &self,
        assignment_id: i64,
        group: Option<i64>,
    ) -> Result<Vec<AnswerRow>, sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query_as(ANSWER_TABLE).bind(assignment_id).bind(group).bind(None::<i64>)
                .fetch_all(pool).await
        })
    }

    /// One student's row of the table: their own progress.
    pub async fn answer_row(
        &self,
        assignment_id: i64,
        student_id: i64,
    ) -> Result<Option<AnswerRow>, sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query_as(ANSWER_TABLE).bind(assignment_id).bind(None::<i64>).bind(student_id)
                .fetch_optional(pool).await
        })
    }

    /// The published answers to an assignment, by author.
    pub async fn published_answers(
        &self,
        assignment_id: i64,
    ) -> Result<Vec<PublishedAnswer>, sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query_as(PUBLISHED_ANSWERS).bind(assignment_id).fetch_all(pool).await
        })
    }

    /// The post (id and title) by which `author_id` answers an assignment, if any.
    pub async fn answer_of(
        &self,
        assignment_id: i64,
        author_id: i64,
    ) -> Result<Option<(i64, String)>, sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query_as(ANSWER_OF).bind(assignment_id).bind(author_id)
                .fetch_optional(pool).await
        })
    }

    /// Links a post to an assignment as its author's answer, or unlinks it (`None`). A
    /// second answer by the same author is a unique violation.
    pub async fn link_answer(
        &self,
        post_id: i64,
        assignment_id: Option<i64>,
    ) -> Result<(), sqlx::Error> {
        writing_shown!(self, pool => {
            sqlx::query(LINK_ANSWER).bind(post_id).bind(assignment_id)
                .execute(pool).await.map(|_| ())
        })
    }
}
