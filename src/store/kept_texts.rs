//! What the editor keeps for writers (issue 11): autosaves beside their posts, and text
//! posted after a session ended, kept until its writer signs in again.

use super::handle::Store;
use crate::db::{Timestamp, on_db};

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

/// Every statement above, for the test that prepares them all on both backends.
pub(super) const STATEMENTS: &[&str] = &[
    UPSERT_AUTOSAVE,
    AUTOSAVE_OF,
    DELETE_AUTOSAVE,
    INSERT_PENDING,
    PENDING_BY_TOKEN,
    PURGE_PENDING,
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
    /// Keeps a post's autosaved text beside it, replacing any earlier autosave of it.
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
}
