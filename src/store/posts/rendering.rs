//! Stored posts rendered again when quire's renderer changes (`posts::rerender`): which
//! renderer the stored HTML came from, and the posts' fresh HTML, text and excerpts.

use crate::db::{BeginWrite, on_db};
use crate::store::handle::Store;

const RENDERING_VERSION: &str = "select value from settings where key = 'rendering.version'";
const SET_RENDERING_VERSION: &str = "insert into settings (key, value) \
     values ('rendering.version', $1) on conflict (key) do update set value = excluded.value";
const POST_BODIES_AFTER: &str = "select id, body from posts where id > $1 order by id limit $2";
const SET_RENDERING: &str =
    "update posts set body_html = $2, body_text = $3, excerpt = $4 where id = $1";
const BUMP_POSTS: &str = "update change_counters set value = value + 1 where name = 'posts'";

pub(in crate::store) const STATEMENTS: &[&str] = &[
    RENDERING_VERSION,
    SET_RENDERING_VERSION,
    POST_BODIES_AFTER,
    SET_RENDERING,
    BUMP_POSTS,
];

impl Store {
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
