//! The data generator's inserts (`quire dev seed`): many rows a statement, many
//! statements a transaction, so a large class is written in minutes.
//!
//! Each statement is written once, for one row, like every other statement here (so
//! the prepare test checks it on both backends); [`batched`] repeats its `values`
//! tuple for as many rows as a batch holds. Ids come back with `returning id`: with
//! the seed as the only writer both backends number a statement's rows one after
//! another in the order given, which [`in_order`] checks rather than assumes.

use sqlx::AssertSqlSafe;

use crate::store::Store;
use crate::comments::CommentState;
use crate::db::{BeginWrite, Timestamp, on_db};
use crate::posts::markdown::{Rendered, SafeHtml};
use crate::posts::{Body, Labels, PostStatus, Title};

const USER_COUNT: &str = "select count(*) from users";
const INSERT_USER: &str = "insert into users (username, display_name, role, password_hash, \
     active, bio, created_at) values ($1, $2, $3, $4, true, $5, $6) returning id";
const INSERT_SESSION: &str =
    "insert into sessions (token_hash, user_id, created_at, expires_at) values ($1, $2, $3, $4)";
const INSERT_LABEL: &str = "insert into labels (name, slug) values ($1, $2) returning id";
const INSERT_POST: &str = "insert into posts (author_id, title, slug, body, body_html, \
     body_text, excerpt, labels, status, published_at, published_month, created_at, \
     updated_at, edited_at, comments_open, comment_count) values ($1, $2, $3, $4, $5, $6, $7, \
     $8, $9, $10, $11, $12, $13, $14, true, $15) returning id";
const INSERT_POST_LABEL: &str = "insert into post_labels (post_id, label_id) values ($1, $2)";
// A published post has the revision that publishing it recorded.
const INSERT_REVISIONS: &str = "insert into post_revisions (post_id, editor_id, title, body, \
     labels, created_at) select id, author_id, title, body, labels, published_at from posts \
     where id between $1 and $2 and published_at is not null order by id";
const INSERT_COMMENT: &str = "insert into comments (post_id, parent_id, depth, author_id, \
     body, body_html, state, body_hash, address, created_at, updated_at, approved_at) \
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id";
// Under the default rule every member's comment waits, so each comment's log has its
// submission and, for the approved ones, a teacher's approval.
const LOG_SUBMISSIONS: &str = "insert into moderation_log (comment_id, actor_id, action, \
     from_state, to_state, note, created_at) select id, author_id, 'submit', null, 'pending', \
     'comments wait for a teacher', created_at from comments where id between $1 and $2 \
     order by id";
const LOG_APPROVALS: &str = "insert into moderation_log (comment_id, actor_id, action, \
     from_state, to_state, note, created_at) select id, $3, 'approve', 'pending', 'approved', \
     null, approved_at from comments where id between $1 and $2 and state = 'approved' \
     order by id";
const COUNTS: &str = "select (select count(*) from users) as users, \
     (select count(*) from posts) as posts, \
     (select count(*) from posts where status = 'published') as published, \
     (select count(*) from comments) as comments, \
     (select count(*) from comments where state = 'approved') as approved, \
     (select count(*) from posts p where p.comment_count <> (select count(*) from comments c \
      where c.post_id = p.id and c.state = 'approved')) as miscounted";
const ANALYZE: &str = "analyze";

/// Every statement above, for the test that prepares them all on both backends.
pub(crate) const STATEMENTS: &[&str] = &[
    USER_COUNT,
    INSERT_USER,
    INSERT_SESSION,
    INSERT_LABEL,
    INSERT_POST,
    INSERT_POST_LABEL,
    INSERT_REVISIONS,
    INSERT_COMMENT,
    LOG_SUBMISSIONS,
    LOG_APPROVALS,
    COUNTS,
    ANALYZE,
];

/// An account the seed creates.
#[derive(Debug)]
pub struct NewSeedUser<'a> {
    /// Sign-in name.
    pub username: &'a str,
    /// Shown name.
    pub display_name: &'a str,
    /// `teacher` or `student`.
    pub role: crate::accounts::Role,
    /// A line about them.
    pub bio: &'a str,
}

/// A post the seed creates; the body and its rendering are shared between posts.
#[derive(Debug)]
pub struct NewSeedPost<'a> {
    /// Who wrote it.
    pub author_id: i64,
    /// Title.
    pub title: &'a Title,
    /// Its address, unique.
    pub slug: &'a str,
    /// The Markdown.
    pub body: &'a Body,
    /// The Markdown rendered once for every post that shares it.
    pub rendered: &'a Rendered,
    /// The opening words.
    pub excerpt: &'a str,
    /// Its labels, and their ids.
    pub labels: &'a Labels,
    /// The ids of `labels`.
    pub label_ids: &'a [i64],
    /// Draft or published.
    pub status: PostStatus,
    /// When it was published, and its archive month.
    pub published: Option<(Timestamp, &'a str)>,
    /// When it was started.
    pub created_at: Timestamp,
    /// Last saved change after publication.
    pub edited_at: Option<Timestamp>,
    /// Its approved comments, counted by the seed's plan.
    pub comment_count: i64,
}

/// A comment the seed creates.
#[derive(Debug)]
pub struct NewSeedComment<'a> {
    /// The post.
    pub post_id: i64,
    /// The comment it answers, inserted earlier.
    pub parent_id: Option<i64>,
    /// 1 to 3.
    pub depth: i32,
    /// Who wrote it.
    pub author_id: i64,
    /// The text.
    pub body: &'a str,
    /// Rendered once for every comment that shares the text.
    pub body_html: &'a SafeHtml,
    /// Fingerprint of the text.
    pub body_hash: &'a str,
    /// Approved or pending.
    pub state: CommentState,
    /// The commenter's address.
    pub address: &'a str,
    /// Written.
    pub created_at: Timestamp,
    /// Approved, for approved ones.
    pub approved_at: Option<Timestamp>,
}

/// What a seeded database holds, to check the seed against its plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SeedCounts {
    /// Accounts.
    pub users: i64,
    /// Posts in any state.
    pub posts: i64,
    /// Published posts.
    pub published: i64,
    /// Comments in any state.
    pub comments: i64,
    /// Approved comments.
    pub approved: i64,
    /// Posts whose `comment_count` is not their number of approved comments (0).
    pub miscounted: i64,
}

/// `insert … values (…)` for one row made into `rows` rows, its placeholders renumbered.
fn batched(one_row: &str, rows: usize) -> AssertSqlSafe<String> {
    let start = one_row
        .find(" values (")
        .map_or(0, |at| at + " values ".len());
    let end = one_row[start..]
        .find(')')
        .map_or(one_row.len(), |at| start + at + 1);
    let tuple = &one_row[start..end];
    let width = tuple.matches('$').count();
    let mut sql = String::with_capacity(one_row.len() + rows * tuple.len());
    sql.push_str(&one_row[..start]);
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        let mut rest = tuple;
        while let Some(at) = rest.find('$') {
            sql.push_str(&rest[..=at]);
            let digits = rest[at + 1..]
                .find(|c: char| !c.is_ascii_digit())
                .map_or(rest.len() - at - 1, |n| n);
            let number: usize = rest[at + 1..at + 1 + digits].parse().unwrap_or(0);
            sql.push_str(&(number + row * width).to_string());
            rest = &rest[at + 1 + digits..];
        }
        sql.push_str(rest);
    }
    sql.push_str(&one_row[end..]);
    AssertSqlSafe(sql)
}

/// The ids of a batch, checked to be numbered in the order the rows were given.
fn in_order(mut ids: Vec<i64>, rows: usize) -> Result<Vec<i64>, sqlx::Error> {
    ids.sort_unstable();
    let consecutive = ids.len() == rows && ids.windows(2).all(|pair| pair[1] == pair[0] + 1);
    if consecutive {
        Ok(ids)
    } else {
        Err(sqlx::Error::Protocol(
            "seeded rows were not numbered one after another; is something else writing?".into(),
        ))
    }
}

impl Store {
    /// Whether the database has no account yet (the seed writes only into an empty one).
    pub async fn seed_database_is_empty(&self) -> Result<bool, sqlx::Error> {
        let users: i64 = on_db!(self.db(), pool => {
            sqlx::query_scalar(USER_COUNT).fetch_one(pool).await?
        });
        Ok(users == 0)
    }

    /// Creates accounts sharing one password hash; returns their ids in order.
    pub async fn seed_users(
        &self,
        users: &[NewSeedUser<'_>],
        password_hash: &str,
    ) -> Result<Vec<i64>, sqlx::Error> {
        let now = Timestamp::now();
        on_db!(self.db(), pool => {
            let mut tx = pool.begin_write().await?;
            let mut ids = Vec::with_capacity(users.len());
            for chunk in users.chunks(500) {
                let mut query = sqlx::query_scalar(batched(INSERT_USER, chunk.len()));
                for user in chunk {
                    query = query
                        .bind(user.username)
                        .bind(user.display_name)
                        .bind(user.role.as_str())
                        .bind(password_hash)
                        .bind(user.bio)
                        .bind(now);
                }
                ids.extend(in_order(query.fetch_all(&mut *tx).await?, chunk.len())?);
            }
            tx.commit().await?;
            Ok(ids)
        })
    }

    /// Opens sessions (`(user id, token digest)`) that last until `expires_at`.
    pub async fn seed_sessions(
        &self,
        sessions: &[(i64, String)],
        expires_at: Timestamp,
    ) -> Result<(), sqlx::Error> {
        let now = Timestamp::now();
        on_db!(self.db(), pool => {
            let mut tx = pool.begin_write().await?;
            for chunk in sessions.chunks(500) {
                let mut query = sqlx::query(batched(INSERT_SESSION, chunk.len()));
                for (user_id, digest) in chunk {
                    query = query.bind(digest).bind(*user_id).bind(now).bind(expires_at);
                }
                query.execute(&mut *tx).await?;
            }
            tx.commit().await
        })
    }

    /// Creates labels (`(name, slug)`); returns their ids in order.
    pub async fn seed_labels(&self, labels: &[(&str, &str)]) -> Result<Vec<i64>, sqlx::Error> {
        on_db!(self.db(), pool => {
            let mut query = sqlx::query_scalar(batched(INSERT_LABEL, labels.len()));
            for (name, slug) in labels {
                query = query.bind(*name).bind(*slug);
            }
            in_order(query.fetch_all(pool).await?, labels.len())
        })
    }

    /// Creates posts with their labels and revisions, in one transaction; returns
    /// their ids in order. Keep a batch to about 100 posts: SQLite's cost of binding
    /// grows with the square of a statement's parameters.
    pub async fn seed_posts(&self, posts: &[NewSeedPost<'_>]) -> Result<Vec<i64>, sqlx::Error> {
        let labels: usize = posts.iter().map(|p| p.label_ids.len()).sum();
        on_db!(self.db(), pool => {
            let mut tx = pool.begin_write().await?;
            let mut query = sqlx::query_scalar(batched(INSERT_POST, posts.len()));
            for post in posts {
                let updated_at = post.edited_at.or(post.published.map(|p| p.0)).unwrap_or(post.created_at);
                query = query
                    .bind(post.author_id)
                    .bind(post.title.as_str())
                    .bind(post.slug)
                    .bind(post.body.as_str())
                    .bind(post.rendered.html.as_str())
                    .bind(&post.rendered.text)
                    .bind(post.excerpt)
                    .bind(post.labels.joined())
                    .bind(post.status.as_str())
                    .bind(post.published.map(|p| p.0))
                    .bind(post.published.map(|p| p.1))
                    .bind(post.created_at)
                    .bind(updated_at)
                    .bind(post.edited_at)
                    .bind(post.comment_count);
            }
            let ids = in_order(query.fetch_all(&mut *tx).await?, posts.len())?;
            if labels > 0 {
                let mut query = sqlx::query(batched(INSERT_POST_LABEL, labels));
                for (post, id) in posts.iter().zip(&ids) {
                    for label_id in post.label_ids {
                        query = query.bind(*id).bind(*label_id);
                    }
                }
                query.execute(&mut *tx).await?;
            }
            if let (Some(first), Some(last)) = (ids.first(), ids.last()) {
                sqlx::query(INSERT_REVISIONS).bind(first).bind(last).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(ids)
        })
    }

    /// Creates comments and their moderation log, in one transaction; returns their
    /// ids in order. Keep a batch to about 200 comments (see `seed_posts`).
    pub async fn seed_comments(
        &self,
        comments: &[NewSeedComment<'_>],
        teacher_id: i64,
    ) -> Result<Vec<i64>, sqlx::Error> {
        on_db!(self.db(), pool => {
            let mut tx = pool.begin_write().await?;
            let mut query = sqlx::query_scalar(batched(INSERT_COMMENT, comments.len()));
            for comment in comments {
                query = query
                    .bind(comment.post_id)
                    .bind(comment.parent_id)
                    .bind(comment.depth)
                    .bind(comment.author_id)
                    .bind(comment.body)
                    .bind(comment.body_html.as_str())
                    .bind(comment.state.as_str())
                    .bind(comment.body_hash)
                    .bind(comment.address)
                    .bind(comment.created_at)
                    .bind(comment.approved_at.unwrap_or(comment.created_at))
                    .bind(comment.approved_at);
            }
            let ids = in_order(query.fetch_all(&mut *tx).await?, comments.len())?;
            if let (Some(first), Some(last)) = (ids.first(), ids.last()) {
                sqlx::query(LOG_SUBMISSIONS).bind(first).bind(last).execute(&mut *tx).await?;
                sqlx::query(LOG_APPROVALS).bind(first).bind(last).bind(teacher_id).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(ids)
        })
    }

    /// What the database holds, and how many posts have a wrong comment count.
    pub async fn seed_counts(&self) -> Result<SeedCounts, sqlx::Error> {
        on_db!(self.db(), pool => sqlx::query_as(COUNTS).fetch_one(pool).await)
    }

    /// Gathers the planner's statistics, as Postgres's autovacuum would after a bulk load.
    pub async fn seed_analyze(&self) -> Result<(), sqlx::Error> {
        on_db!(self.db(), pool => {
            sqlx::query(ANALYZE).execute(pool).await?;
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_row_insert_becomes_a_batch_with_renumbered_placeholders() {
        let sql = batched(
            "insert into t (a, b, c) values ($1, 'x', $2) returning id",
            3,
        );
        assert_eq!(
            sql.0,
            "insert into t (a, b, c) values ($1, 'x', $2), ($3, 'x', $4), ($5, 'x', $6) returning id"
        );
        let wide = batched(INSERT_COMMENT, 2);
        assert!(wide.0.contains("$12), ($13, $14,"));
        assert!(wide.0.ends_with("$24) returning id"));
    }

    #[test]
    fn ids_out_of_step_with_the_rows_are_refused() {
        assert_eq!(in_order(vec![7, 5, 6], 3).ok(), Some(vec![5, 6, 7]));
        assert!(in_order(vec![5, 7, 8], 3).is_err());
        assert!(in_order(vec![5, 6], 3).is_err());
    }
}
