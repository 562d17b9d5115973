//! Posts, their labels, old addresses and revisions.

use sqlx::FromRow;

use super::Store;
use super::hot::{HotStatement, Sample};
use crate::db::{BeginWrite, Timestamp, is_unique_violation, on_db};
use crate::posts::markdown::SafeHtml;
use crate::posts::{Author, Post, PostContent, PostStatus, slug};

#[derive(FromRow)]
pub(super) struct PostRow {
    id: i64,
    author_id: i64,
    author_username: String,
    author_name: String,
    title: String,
    slug: String,
    body: String,
    body_html: String,
    excerpt: String,
    labels: String,
    status: String,
    review_note: Option<String>,
    published_at: Option<Timestamp>,
    created_at: Timestamp,
    updated_at: Timestamp,
    edited_at: Option<Timestamp>,
    trashed_at: Option<Timestamp>,
    comments_open: bool,
}

impl From<PostRow> for Post {
    fn from(row: PostRow) -> Post {
        Post {
            id: row.id,
            author: Author {
                id: row.author_id,
                username: row.author_username,
                display_name: row.author_name,
            },
            title: row.title,
            slug: row.slug,
            body: row.body,
            body_html: SafeHtml::from_stored(row.body_html),
            excerpt: row.excerpt,
            labels: split_labels(&row.labels),
            status: PostStatus::from_stored(&row.status),
            review_note: row.review_note,
            published_at: row.published_at,
            created_at: row.created_at,
            updated_at: row.updated_at,
            edited_at: row.edited_at,
            trashed_at: row.trashed_at,
            comments_open: row.comments_open,
        }
    }
}

pub(super) fn split_labels(joined: &str) -> Vec<String> {
    joined
        .split(", ")
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Inside a transaction `$tx`: the post's labels become exactly `$labels`, each label
/// made the first time it is used. A macro, since the transaction's type differs per backend.
macro_rules! replace_labels {
    ($tx:ident, $post_id:expr, $labels:expr) => {
        sqlx::query(CLEAR_POST_LABELS)
            .bind($post_id)
            .execute(&mut *$tx)
            .await?;
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

/// A new post's content and author.
#[derive(Debug)]
pub struct NewPost<'a> {
    /// Who writes it.
    pub author_id: i64,
    /// What it says.
    pub content: &'a PostContent,
}

/// Where a post goes when it is published: its first publication time and month.
#[derive(Clone, Debug)]
pub struct Publication {
    /// The moment; kept from the first publication if there was one.
    pub at: Timestamp,
    /// `YYYY-MM` in the school's time zone.
    pub month: String,
}

/// One saved version of a post: made on every publication and every saved edit of a
/// published post, never changed afterwards.
#[derive(Clone, Debug, FromRow)]
pub struct Revision {
    /// Its number in the history's addresses (`/posts/{post_id}/history/{id}`).
    pub id: i64,
    /// The post it belongs to.
    pub post_id: i64,
    /// The display name of whoever saved it (the author or a teacher).
    pub editor_name: String,
    /// The title as it was then.
    pub title: String,
    /// Its Markdown.
    pub body: String,
    /// Its labels, comma separated.
    pub labels: String,
    /// When it was saved.
    pub created_at: Timestamp,
}

const POST_BY_ID: &str = concat!(post_select!(), " where p.id = $1");
pub(super) const POST_BY_SLUG: &str = concat!(post_select!(), " where p.slug = $1");
pub(super) const POST_BY_SLUG_HOT: HotStatement = HotStatement {
    purpose: "post page: the post",
    sql: POST_BY_SLUG,
    sample: &[Sample::PostSlug],
};
const SLUG_OF_OLD_SLUG: &str =
    "select p.slug from post_slugs s join posts p on p.id = s.post_id where s.slug = $1";
const SLUG_IS_OLD_ADDRESS: &str = "select exists (select 1 from post_slugs where slug = $1)";
const INSERT_POST: &str = "insert into posts (author_id, title, slug, body, body_html, \
     body_text, excerpt, labels, status, created_at, updated_at, comments_open) \
     values ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', $9, $9, true) returning id";
const UPDATE_CONTENT: &str = "update posts set title = $2, slug = $3, body = $4, \
     body_html = $5, body_text = $6, excerpt = $7, labels = $8, updated_at = $9, \
     edited_at = $10 where id = $1";
const REMEMBER_OLD_SLUG: &str = "insert into post_slugs (slug, post_id) values ($1, $2) \
     on conflict (slug) do update set post_id = excluded.post_id";
const FORGET_OLD_SLUG: &str = "delete from post_slugs where slug = $1";
const UPSERT_LABEL: &str = "insert into labels (name, slug) values ($1, $2) \
     on conflict (slug) do update set slug = excluded.slug returning id";
const CLEAR_POST_LABELS: &str = "delete from post_labels where post_id = $1";
const INSERT_POST_LABEL: &str = "insert into post_labels (post_id, label_id) values ($1, $2) \
     on conflict do nothing";
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
const BUMP_POSTS_VERSION: &str =
    "update change_counters set value = value + 1 where name = 'posts'";
const POSTS_VERSION: &str = "select value from change_counters where name = 'posts'";
const INSERT_REVISION: &str = "insert into post_revisions (post_id, editor_id, title, body, \
     labels, created_at) select id, $2, title, body, labels, $3 from posts where id = $1";
const REVISIONS_OF: &str = "select r.id, r.post_id, u.display_name as editor_name, r.title, \
     r.body, r.labels, r.created_at from post_revisions r join users u on u.id = r.editor_id \
     where r.post_id = $1 order by r.id desc";
const REVISION_BY_ID: &str = "select r.id, r.post_id, u.display_name as editor_name, r.title, \
     r.body, r.labels, r.created_at from post_revisions r join users u on u.id = r.editor_id \
     where r.id = $1";
const POSTS_OF_AUTHOR_FOR_EDITING: &str = concat!(
    post_select!(),
    " where p.author_id = $1 and p.trashed_at is null order by p.updated_at desc, p.id desc"
);
const POSTS_IN_REVIEW: &str = concat!(
    post_select!(),
    " where p.status = 'review' and p.trashed_at is null order by p.updated_at, p.id"
);
const TRASH_OF_AUTHOR: &str = concat!(
    post_select!(),
    " where p.author_id = $1 and p.trashed_at is not null order by p.trashed_at desc"
);
const ALL_TRASH: &str = concat!(
    post_select!(),
    " where p.trashed_at is not null order by p.trashed_at desc"
);

/// How many numbered slugs are tried before giving up.
const SLUG_ATTEMPTS: u32 = 500;

impl Store {
    /// The post with this id, in any state.
    pub async fn post_by_id(&self, id: i64) -> Result<Option<Post>, sqlx::Error> {
        let row: Option<PostRow> = on_db!(&self.db, pool => {
            sqlx::query_as(POST_BY_ID).bind(id).fetch_optional(pool).await?
        });
        Ok(row.map(Post::from))
    }

    /// The post at this address, in any state.
    pub async fn post_by_slug(&self, slug: &str) -> Result<Option<Post>, sqlx::Error> {
        let row: Option<PostRow> = on_db!(&self.db, pool => {
            sqlx::query_as(POST_BY_SLUG).bind(slug).fetch_optional(pool).await?
        });
        Ok(row.map(Post::from))
    }

    /// The current slug of a post that used to answer at `old_slug`.
    pub async fn slug_for_old_slug(&self, old_slug: &str) -> Result<Option<String>, sqlx::Error> {
        on_db!(&self.db, pool => {
            sqlx::query_scalar(SLUG_OF_OLD_SLUG).bind(old_slug).fetch_optional(pool).await
        })
    }

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
            sqlx::query(BUMP_POSTS_VERSION).execute(&mut *tx).await?;
            tx.commit().await
        })
    }

    /// Submits a post for a teacher's review.
    pub async fn submit_post_for_review(&self, post_id: i64) -> Result<(), sqlx::Error> {
        changing_posts!(self, SUBMIT_FOR_REVIEW, post_id)
    }

    /// Sends a post in review back to its author with a note.
    pub async fn send_post_back(&self, post_id: i64, note: &str) -> Result<(), sqlx::Error> {
        changing_posts!(self, SEND_BACK, post_id, note)
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

    /// A post's revisions, newest first.
    pub async fn revisions_of(&self, post_id: i64) -> Result<Vec<Revision>, sqlx::Error> {
        on_db!(&self.db, pool => sqlx::query_as(REVISIONS_OF).bind(post_id).fetch_all(pool).await)
    }

    /// One revision, of any post: the caller checks it belongs to the post asked for.
    pub async fn revision_by_id(&self, id: i64) -> Result<Option<Revision>, sqlx::Error> {
        on_db!(&self.db, pool => sqlx::query_as(REVISION_BY_ID).bind(id).fetch_optional(pool).await)
    }

    /// An author's posts that are not in the trash, most recently saved first.
    pub async fn posts_of_author_for_editing(
        &self,
        author_id: i64,
    ) -> Result<Vec<Post>, sqlx::Error> {
        self.posts_where(POSTS_OF_AUTHOR_FOR_EDITING, Some(author_id))
            .await
    }

    /// Posts waiting for a teacher, oldest first.
    pub async fn posts_in_review(&self) -> Result<Vec<Post>, sqlx::Error> {
        self.posts_where(POSTS_IN_REVIEW, None).await
    }

    /// The trash: one author's, or everyone's for a teacher (`None`).
    pub async fn trashed_posts(&self, author_id: Option<i64>) -> Result<Vec<Post>, sqlx::Error> {
        match author_id {
            Some(id) => self.posts_where(TRASH_OF_AUTHOR, Some(id)).await,
            None => self.posts_where(ALL_TRASH, None).await,
        }
    }

    async fn posts_where(
        &self,
        statement: &'static str,
        id: Option<i64>,
    ) -> Result<Vec<Post>, sqlx::Error> {
        let rows: Vec<PostRow> = on_db!(&self.db, pool => {
            let query = sqlx::query_as(statement);
            let query = match id { Some(id) => query.bind(id), None => query };
            query.fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(Post::from).collect())
    }
}

/// Every statement above, for the test that prepares them all on both backends.
pub(super) const STATEMENTS: &[&str] = &[
    POST_BY_ID,
    POST_BY_SLUG,
    SLUG_OF_OLD_SLUG,
    SLUG_IS_OLD_ADDRESS,
    INSERT_POST,
    UPDATE_CONTENT,
    REMEMBER_OLD_SLUG,
    FORGET_OLD_SLUG,
    UPSERT_LABEL,
    CLEAR_POST_LABELS,
    INSERT_POST_LABEL,
    PUBLISH,
    SUBMIT_FOR_REVIEW,
    SEND_BACK,
    UNPUBLISH,
    TRASH,
    RESTORE,
    PURGE_TRASH,
    BUMP_POSTS_VERSION,
    POSTS_VERSION,
    INSERT_REVISION,
    REVISIONS_OF,
    REVISION_BY_ID,
    POSTS_OF_AUTHOR_FOR_EDITING,
    POSTS_IN_REVIEW,
    TRASH_OF_AUTHOR,
    ALL_TRASH,
];
