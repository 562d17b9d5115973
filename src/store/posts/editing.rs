//! Writing a post: a new draft and saved edits, with the slug taken from the title
//! (numbered when taken, old ones kept as redirects) and the labels replaced whole.

use super::lifecycle::BUMP_POSTS_VERSION;
use super::revisions::INSERT_REVISION;
use crate::db::{BeginWrite, Timestamp, is_unique_violation, on_db};
use crate::posts::{Post, PostContent, slug};
use crate::store::handle::Store;

/// Inside a transaction `$tx`: gives the post `$labels`, each label made the first time
/// it is used. A macro, since the transaction's type differs per backend; the caller has
/// `UPSERT_LABEL` and `INSERT_POST_LABEL` in scope.
macro_rules! add_labels {
    ($tx:ident, $post_id:expr, $labels:expr) => {
        for label in $labels.as_slice() {
            let label_id: i64 = sqlx::query_scalar(UPSERT_LABEL)
                .bind(&label.name)
                .bind(&label.slug)
                .fetch_one(&mut *$tx)
                .await?;
            sqlx::query(INSERT_POST_LABEL)
                .bind($post_id)
                .bind(label_id)
                .execute(&mut *$tx)
                .await?;
        }
    };
}
pub(in crate::store) use add_labels;

/// Inside a transaction `$tx`: the post's labels become exactly `$labels`.
macro_rules! replace_labels {
    ($tx:ident, $post_id:expr, $labels:expr) => {
        sqlx::query(CLEAR_POST_LABELS)
            .bind($post_id)
            .execute(&mut *$tx)
            .await?;
        add_labels!($tx, $post_id, $labels);
    };
}

/// Binds a post's content to `$2`…`$8` of `$query` (INSERT_POST and UPDATE_CONTENT lay
/// them out alike): title, slug, Markdown, HTML, plain text, excerpt, joined labels.
macro_rules! bind_content {
    ($query:expr, $content:expr, $slug:expr) => {
        $query
            .bind($content.title.as_str())
            .bind($slug)
            .bind($content.body.as_str())
            .bind($content.rendered.html.as_str())
            .bind(&$content.rendered.text)
            .bind(&$content.excerpt)
            .bind($content.labels.joined())
    };
}

/// A new post's content and author.
#[derive(Debug)]
pub struct NewPost<'a> {
    /// Who writes it.
    pub author_id: i64,
    /// What it says.
    pub content: &'a PostContent,
}

pub(in crate::store) const SLUG_IS_OLD_ADDRESS: &str =
    "select exists (select 1 from post_slugs where slug = $1)";
const INSERT_POST: &str = "insert into posts (author_id, title, slug, body, body_html, \
     body_text, excerpt, labels, status, created_at, updated_at, comments_open) \
     values ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', $9, $9, true) returning id";
const UPDATE_CONTENT: &str = "update posts set title = $2, slug = $3, body = $4, \
     body_html = $5, body_text = $6, excerpt = $7, labels = $8, updated_at = $9, \
     edited_at = $10 where id = $1";
const REMEMBER_OLD_SLUG: &str = "insert into post_slugs (slug, post_id) values ($1, $2) \
     on conflict (slug) do update set post_id = excluded.post_id";
const FORGET_OLD_SLUG: &str = "delete from post_slugs where slug = $1";
pub(in crate::store) const UPSERT_LABEL: &str = "insert into labels (name, slug) values ($1, $2) \
     on conflict (slug) do update set slug = excluded.slug returning id";
const CLEAR_POST_LABELS: &str = "delete from post_labels where post_id = $1";
pub(in crate::store) const INSERT_POST_LABEL: &str = "insert into post_labels (post_id, label_id) values ($1, $2) \
     on conflict do nothing";

/// How many numbered slugs are tried before giving up.
const SLUG_ATTEMPTS: u32 = 500;

/// Every statement above, for the test that prepares them all on both backends.
pub(in crate::store) const STATEMENTS: &[&str] = &[
    SLUG_IS_OLD_ADDRESS,
    INSERT_POST,
    UPDATE_CONTENT,
    REMEMBER_OLD_SLUG,
    FORGET_OLD_SLUG,
    UPSERT_LABEL,
    CLEAR_POST_LABELS,
    INSERT_POST_LABEL,
];

impl Store {
    /// Creates a draft; its slug comes from the title, numbered if taken.
    pub async fn create_post(&self, new: &NewPost<'_>) -> Result<i64, sqlx::Error> {
        let base = slug::for_post_title(new.content.title.as_str());
        let now = Timestamp::now();
        let content = new.content;
        let mut attempt = 1;
        loop {
            let candidate = self.free_slug(&base, attempt).await?;
            let inserted: Result<i64, sqlx::Error> = writing_shown!(self, pool => {
                let mut tx = pool.begin_write().await?;
                let insert = sqlx::query_scalar(INSERT_POST).bind(new.author_id);
                let id: i64 = bind_content!(insert, content, &candidate.0)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
                replace_labels!(tx, id, content.labels);
                tx.commit().await?;
                Ok(id)
            });
            match inserted {
                Err(e) if is_unique_violation(&e) && attempt < SLUG_ATTEMPTS => {
                    attempt = candidate.1 + 1;
                }
                other => return other,
            }
        }
    }

    /// Saves new content. A changed title moves the post to a new slug and the old
    /// one keeps redirecting. `revision_by` records a revision (for published posts).
    pub async fn update_post(
        &self,
        post: &Post,
        content: &PostContent,
        revision_by: Option<i64>,
    ) -> Result<String, sqlx::Error> {
        let base = slug::for_post_title(content.title.as_str());
        let keep_slug = post.slug == base
            || post.slug.starts_with(&format!("{base}-"))
                && post.slug[base.len() + 1..]
                    .chars()
                    .all(|c| c.is_ascii_digit());
        let now = Timestamp::now();
        let mut attempt = 1;
        loop {
            let new_slug = if keep_slug {
                (post.slug.clone(), 0)
            } else {
                self.free_slug(&base, attempt).await?
            };
            let updated: Result<(), sqlx::Error> = writing_shown!(self, pool => {
                let mut tx = pool.begin_write().await?;
                bind_content!(sqlx::query(UPDATE_CONTENT).bind(post.id), content, &new_slug.0)
                    .bind(now)
                    // "Updated …" only once a post has been published.
                    .bind(post.published_at.map(|_| now))
                    .execute(&mut *tx)
                    .await?;
                if new_slug.0 != post.slug {
                    sqlx::query(FORGET_OLD_SLUG).bind(&new_slug.0).execute(&mut *tx).await?;
                    sqlx::query(REMEMBER_OLD_SLUG).bind(&post.slug).bind(post.id).execute(&mut *tx).await?;
                }
                replace_labels!(tx, post.id, content.labels);
                if let Some(editor) = revision_by {
                    sqlx::query(INSERT_REVISION).bind(post.id).bind(editor).bind(now).execute(&mut *tx).await?;
                }
                sqlx::query(BUMP_POSTS_VERSION).execute(&mut *tx).await?;
                tx.commit().await
            });
            match updated {
                Ok(()) => return Ok(new_slug.0),
                Err(e) if is_unique_violation(&e) && !keep_slug && attempt < SLUG_ATTEMPTS => {
                    attempt = new_slug.1 + 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// The first free slug from `base`, trying `base`, `base-2`… from attempt `from`.
    /// A slug a post used to have stays taken, so its redirect keeps working.
    async fn free_slug(&self, base: &str, from: u32) -> Result<(String, u32), sqlx::Error> {
        for n in from.max(1)..SLUG_ATTEMPTS {
            let candidate = if n == 1 {
                base.to_owned()
            } else {
                slug::numbered(base, n)
            };
            let taken_now = self.post_by_slug(&candidate).await?.is_some();
            let taken_before: bool = on_db!(&self.db, pool => {
                sqlx::query_scalar(SLUG_IS_OLD_ADDRESS).bind(&candidate).fetch_one(pool).await?
            });
            if !taken_now && !taken_before {
                return Ok((candidate, n));
            }
        }
        Ok((slug::numbered(base, SLUG_ATTEMPTS), SLUG_ATTEMPTS))
    }
}
