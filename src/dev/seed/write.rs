//! The seed's rows and the transactions that write them: many rows a statement, many
//! statements a transaction, so a large class is written in minutes. The SQL is in
//! `statements`; it runs over the product's database handle, never through `Store`.

use super::statements::{
    ANALYZE, COUNTS, INSERT_COMMENT, INSERT_LABEL, INSERT_POST, INSERT_POST_LABEL,
    INSERT_REVISIONS, INSERT_SESSION, INSERT_USER, LOG_APPROVALS, LOG_SUBMISSIONS, USER_COUNT,
    in_order,
};
use crate::accounts::Role;
use crate::comments::CommentState;
use crate::db::{BeginWrite, Db, Timestamp, batched, on_db};
use crate::posts::markdown::{Rendered, SafeHtml};
use crate::posts::{Body, Labels, PostStatus, Title};

/// An account the seed creates; every one shares the class's password hash.
#[derive(Debug)]
pub(super) struct NewSeedUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub bio: &'a str,
}

/// A post the seed creates; the body and its rendering are shared between posts.
#[derive(Debug)]
pub(super) struct NewSeedPost<'a> {
    pub author_id: i64,
    pub title: &'a Title,
    /// Unique, as the slugs the Write page makes.
    pub slug: &'a str,
    pub body: &'a Body,
    /// Rendered once for every post that shares the body.
    pub rendered: &'a Rendered,
    pub excerpt: &'a str,
    pub labels: &'a Labels,
    /// The ids of `labels`, in the same order.
    pub label_ids: &'a [i64],
    pub status: PostStatus,
    /// When it was published, and its archive month; `None` for a draft.
    pub published: Option<(Timestamp, &'a str)>,
    pub created_at: Timestamp,
    /// The last change saved after publication.
    pub edited_at: Option<Timestamp>,
    /// Its approved comments, as the seed's plan counted them.
    pub comment_count: i64,
}

/// A comment the seed creates; its text and rendering are shared between comments.
#[derive(Debug)]
pub(super) struct NewSeedComment<'a> {
    pub post_id: i64,
    /// The comment it answers, written in an earlier batch.
    pub parent_id: Option<i64>,
    /// 1 to 3.
    pub depth: i32,
    pub author_id: i64,
    pub body: &'a str,
    pub body_html: &'a SafeHtml,
    pub body_hash: &'a str,
    /// Approved or pending.
    pub state: CommentState,
    pub address: &'a str,
    pub created_at: Timestamp,
    /// Set for approved comments only.
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

/// Whether the database has no account yet (the seed writes only into an empty one).
pub(super) async fn database_is_empty(db: &Db) -> Result<bool, sqlx::Error> {
    let users: i64 = on_db!(db, pool => {
        sqlx::query_scalar(USER_COUNT).fetch_one(pool).await?
    });
    Ok(users == 0)
}

/// Creates accounts sharing one password hash; returns their ids in order.
pub(super) async fn users(
    db: &Db,
    users: &[NewSeedUser<'_>],
    password_hash: &str,
) -> Result<Vec<i64>, sqlx::Error> {
    let now = Timestamp::now();
    on_db!(db, pool => {
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
pub(super) async fn sessions(
    db: &Db,
    sessions: &[(i64, String)],
    expires_at: Timestamp,
) -> Result<(), sqlx::Error> {
    let now = Timestamp::now();
    on_db!(db, pool => {
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
pub(super) async fn labels(db: &Db, labels: &[(&str, &str)]) -> Result<Vec<i64>, sqlx::Error> {
    on_db!(db, pool => {
        let mut query = sqlx::query_scalar(batched(INSERT_LABEL, labels.len()));
        for (name, slug) in labels {
            query = query.bind(*name).bind(*slug);
        }
        in_order(query.fetch_all(pool).await?, labels.len())
    })
}

/// Creates posts with their labels and revisions, in one transaction; returns their
/// ids in order. Keep a batch to about 100 posts: SQLite's cost of binding grows with
/// the square of a statement's parameters.
pub(super) async fn posts(db: &Db, posts: &[NewSeedPost<'_>]) -> Result<Vec<i64>, sqlx::Error> {
    let labels: usize = posts.iter().map(|p| p.label_ids.len()).sum();
    on_db!(db, pool => {
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

/// Creates comments and their moderation log, in one transaction; returns their ids
/// in order. Keep a batch to about 200 comments (see [`posts`]).
pub(super) async fn comments(
    db: &Db,
    comments: &[NewSeedComment<'_>],
    teacher_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    on_db!(db, pool => {
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
pub(super) async fn counts(db: &Db) -> Result<SeedCounts, sqlx::Error> {
    on_db!(db, pool => sqlx::query_as(COUNTS).fetch_one(pool).await)
}

/// Gathers the planner's statistics, as Postgres's autovacuum would after a bulk load.
pub(super) async fn analyze(db: &Db) -> Result<(), sqlx::Error> {
    on_db!(db, pool => {
        sqlx::query(ANALYZE).execute(pool).await?;
    });
    Ok(())
}
