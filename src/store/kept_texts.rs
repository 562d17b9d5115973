//! What the editor keeps for writers (issue 11): autosaves, text posted after a session
//! ended, the list of a writer's own pictures, and re-rendering stored posts when the
//! renderer changes.

use super::Store;
use crate::db::{BeginWrite, Timestamp, on_db};
use crate::posts::PostContent;

/// A post's text as the writer last had it: an autosave or a form posted while signed out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptText {
    /// The post it belongs to; `None` for a post never saved.
    pub post_id: Option<i64>,
    /// As typed, unchecked.
    pub title: String,
    /// As typed, unchecked.
    pub body: String,
    /// As typed, unchecked.
    pub labels: String,
    /// When it was kept.
    pub saved_at: Timestamp,
}

/// One of a writer's pictures, for "Your pictures".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnImage {
    /// Its public id (`/media/{id}`).
    pub id: String,
    /// The file's name on the writer's computer, cleaned.
    pub original_name: String,
    /// When it was uploaded.
    pub created_at: Timestamp,
}

const UPDATE_DRAFT_TEXT: &str = "update posts set title = $2, body = $3, body_html = $4, \
     body_text = $5, excerpt = $6, labels = $7, updated_at = $8 \
     where id = $1 and status = 'draft' and updated_at = $9";
const UPSERT_AUTOSAVE: &str = "insert into autosaves (post_id, user_id, title, body, labels, \
     saved_at) values ($1, $2, $3, $4, $5, $6) on conflict (post_id) do update set \
     user_id = excluded.user_id, title = excluded.title, body = excluded.body, \
     labels = excluded.labels, saved_at = excluded.saved_at";
const AUTOSAVE_OF: &str =
    "select post_id, title, body, labels, saved_at from autosaves where post_id = $1";
const DELETE_AUTOSAVE: &str = "delete from autosaves where post_id = $1";
const INSERT_PENDING: &str = "insert into pending_texts (token_hash, post_id, title, body, \
     labels, created_at) values ($1, $2, $3, $4, $5, $6)";
const PENDING_BY_TOKEN: &str = "select post_id, title, body, labels, created_at \
     from pending_texts where token_hash = $1 and created_at > $2";
const PURGE_PENDING: &str = "delete from pending_texts where created_at <= $1";
const IMAGES_OF: &str = "select id, original_name, created_at from images \
     where uploader_id = $1 order by created_at desc, id limit $2";
const IMAGE_UPLOADER: &str = "select uploader_id from images where id = $1";
const RENDERING_VERSION: &str = "select value from settings where key = 'rendering.version'";
const SET_RENDERING_VERSION: &str = "insert into settings (key, value) \
     values ('rendering.version', $1) on conflict (key) do update set value = excluded.value";
const POST_BODIES_AFTER: &str = "select id, body from posts where id > $1 order by id limit $2";
const SET_RENDERING: &str =
    "update posts set body_html = $2, body_text = $3, excerpt = $4 where id = $1";
const BUMP_POSTS: &str = "update change_counters set value = value + 1 where name = 'posts'";

/// Every statement above, for the test that prepares them all on both backends.
pub(super) const STATEMENTS: &[&str] = &[
    UPDATE_DRAFT_TEXT,
    UPSERT_AUTOSAVE,
    AUTOSAVE_OF,
    DELETE_AUTOSAVE,
    INSERT_PENDING,
    PENDING_BY_TOKEN,
    PURGE_PENDING,
    IMAGES_OF,
    IMAGE_UPLOADER,
    RENDERING_VERSION,
    SET_RENDERING_VERSION,
    POST_BODIES_AFTER,
    SET_RENDERING,
    BUMP_POSTS,
];

type KeptRow = (Option<i64>, String, String, String, Timestamp);

fn kept((post_id, title, body, labels, saved_at): KeptRow) -> KeptText {
    KeptText {
        post_id,
        title,
        body,
        labels,
        saved_at,
    }
}

impl Store {
    /// Saves a draft's text in place, without a revision, if the post is still a draft
    /// last saved at `seen` (so a change made elsewhere is never overwritten). Answers the
    /// new save time, or `None` when the post changed since `seen` or is no draft.
    pub async fn autosave_draft(
        &self,
        post_id: i64,
        content: &PostContent,
        seen: Timestamp,
    ) -> Result<Option<Timestamp>, sqlx::Error> {
        let now = Timestamp::now();
        let done = writing_shown!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(UPDATE_DRAFT_TEXT)
                .bind(post_id)
                .bind(content.title.as_str())
                .bind(content.body.as_str())
                .bind(content.rendered.html.as_str())
                .bind(&content.rendered.text)
                .bind(&content.excerpt)
                .bind(content.labels.joined())
                .bind(now)
                .bind(seen)
                .execute(&mut *tx)
                .await?;
            sqlx::query(BUMP_POSTS).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(done.rows_affected())
        })?;
        Ok((done == 1).then_some(now))
    }

    /// Keeps the text of a post readers or a teacher can see, beside it, replacing any
    /// earlier autosave of it.
    pub async fn keep_autosave(&self, user_id: i64, text: &KeptText) -> Result<(), sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query(UPSERT_AUTOSAVE)
                .bind(text.post_id)
                .bind(user_id)
                .bind(&text.title)
                .bind(&text.body)
                .bind(&text.labels)
                .bind(text.saved_at)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// The autosave kept beside a post, if any.
    pub async fn autosave_of(&self, post_id: i64) -> Result<Option<KeptText>, sqlx::Error> {
        let row: Option<KeptRow> = on_db!(&self.db, pool => {
            sqlx::query_as(AUTOSAVE_OF).bind(post_id).fetch_optional(pool).await?
        });
        Ok(row.map(kept))
    }

    /// Forgets a post's autosave (its text was saved into the post, or thrown away).
    pub async fn drop_autosave(&self, post_id: i64) -> Result<(), sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query(DELETE_AUTOSAVE).bind(post_id).execute(pool).await?;
        });
        Ok(())
    }

    /// Keeps a form posted after its session ended, under the hash of a token.
    pub async fn keep_pending_text(
        &self,
        token_hash: &str,
        text: &KeptText,
    ) -> Result<(), sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query(INSERT_PENDING)
                .bind(token_hash)
                .bind(text.post_id)
                .bind(&text.title)
                .bind(&text.body)
                .bind(&text.labels)
                .bind(text.saved_at)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// The text kept under a token's hash, if it was kept after `since`.
    pub async fn pending_text(
        &self,
        token_hash: &str,
        since: Timestamp,
    ) -> Result<Option<KeptText>, sqlx::Error> {
        let row: Option<KeptRow> = on_db!(&self.db, pool => {
            sqlx::query_as(PENDING_BY_TOKEN)
                .bind(token_hash)
                .bind(since)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(kept))
    }

    /// Forgets texts kept before `before`.
    pub async fn purge_pending_texts(&self, before: Timestamp) -> Result<u64, sqlx::Error> {
        Ok(on_db!(&self.db, pool => {
            sqlx::query(PURGE_PENDING).bind(before).execute(pool).await?.rows_affected()
        }))
    }

    /// A writer's pictures, newest first, at most `limit`.
    pub async fn images_of(&self, user_id: i64, limit: i64) -> Result<Vec<OwnImage>, sqlx::Error> {
        let rows: Vec<(String, String, Timestamp)> = on_db!(&self.db, pool => {
            sqlx::query_as(IMAGES_OF).bind(user_id).bind(limit).fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(|(id, original_name, created_at)| OwnImage {
                id,
                original_name,
                created_at,
            })
            .collect())
    }

    /// Who uploaded a picture, if it exists.
    pub async fn image_uploader(&self, id: &str) -> Result<Option<i64>, sqlx::Error> {
        let row: Option<(i64,)> = on_db!(&self.db, pool => {
            sqlx::query_as(IMAGE_UPLOADER).bind(id).fetch_optional(pool).await?
        });
        Ok(row.map(|(uploader,)| uploader))
    }

    /// The renderer version the stored posts were rendered with, if recorded.
    pub async fn rendering_version(&self) -> Result<Option<String>, sqlx::Error> {
        let row: Option<(String,)> = on_db!(&self.db, pool => {
            sqlx::query_as(RENDERING_VERSION).fetch_optional(pool).await?
        });
        Ok(row.map(|(value,)| value))
    }

    /// Records the renderer version every stored post is now rendered with.
    pub async fn set_rendering_version(&self, version: &str) -> Result<(), sqlx::Error> {
        writing_shown!(self, pool => {
            sqlx::query(SET_RENDERING_VERSION).bind(version).execute(pool).await?;
            Ok(())
        })
    }

    /// Up to `limit` posts' (id, Markdown) with ids above `after`, in id order.
    pub async fn post_bodies_after(
        &self,
        after: i64,
        limit: i64,
    ) -> Result<Vec<(i64, String)>, sqlx::Error> {
        Ok(on_db!(&self.db, pool => {
            sqlx::query_as(POST_BODIES_AFTER).bind(after).bind(limit).fetch_all(pool).await?
        }))
    }

    /// Stores posts' fresh renderings: (id, HTML, plain text, excerpt), in one transaction.
    pub async fn set_renderings(
        &self,
        renderings: &[(i64, String, String, String)],
    ) -> Result<(), sqlx::Error> {
        writing_shown!(self, pool => {
            let mut tx = pool.begin_write().await?;
            for (id, html, text, excerpt) in renderings {
                sqlx::query(SET_RENDERING)
                    .bind(id)
                    .bind(html)
                    .bind(text)
                    .bind(excerpt)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query(BUMP_POSTS).execute(&mut *tx).await?;
            tx.commit().await
        })
    }
}
