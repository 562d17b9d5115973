//! Imported blogs: one transaction that makes the new accounts, posts, labels,
//! comments and pictures of an import, and the table of what each was called at its
//! source (migration 0017), which makes a second import add nothing and old addresses
//! redirect. The batch's types are in `batch`; imports started from Settings (their
//! file, progress and report) in `runs`.

mod batch;
mod runs;

pub use batch::{
    ImportAuthor, ImportBatch, ImportComment, ImportOutcome, ImportPicture, ImportPost,
    NewImportAccount, OldAddress,
};
pub(super) use runs::STATEMENTS as RUN_STATEMENTS;
pub use runs::{BlogImport, STALE_AFTER};

use std::collections::HashMap;

use crate::db::{BeginWrite, Timestamp, on_db};
use crate::posts::slug;
use crate::store::comments::writer::{ADJUST_COUNT, INSERT_COMMENT};
use crate::store::handle::Store;
use crate::store::images::{INSERT_IMAGE, as_column};
use crate::store::posts::editing::{
    INSERT_POST_LABEL, SLUG_IS_OLD_ADDRESS, UPSERT_LABEL, add_labels,
};
use crate::store::posts::lifecycle::BUMP_POSTS_VERSION;
use crate::store::posts::revisions::INSERT_REVISION;
use crate::store::users::{INSERT_USER, name_skeleton};

/// Most numbered usernames or slugs tried before giving up.
const ATTEMPTS: u32 = 500;
/// Replies deeper than this sit beside their parent, as in quire's own threads.
const MAX_DEPTH: i32 = 3;

const IMPORTED_KEYS: &str = "select key from import_mappings where kind = 'entry' and source = $1";
const ENTRY_EXISTS: &str =
    "select exists (select 1 from import_mappings where kind = 'entry' and key = $1)";
const USERNAME_TAKEN: &str =
    "select exists (select 1 from users where lower(username) = lower($1))";
const SLUG_TAKEN: &str = "select exists (select 1 from posts where slug = $1)";
const INSERT_IMPORTED_POST: &str = "insert into posts (author_id, title, slug, body, body_html, \
     body_text, excerpt, labels, status, published_at, published_month, created_at, updated_at, \
     comments_open) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, true) returning id";
const INSERT_MAPPING: &str = "insert into import_mappings (kind, key, source, post_id, comment_id) \
     values ($1, $2, $3, $4, $5) on conflict (kind, key) do nothing";
const OLD_ADDRESS: &str = "select p.slug, m.comment_id from import_mappings m \
     join posts p on p.id = m.post_id where m.kind = 'address' and m.key = $1";

/// Every statement above, for the test that prepares them all on both backends.
pub(super) const STATEMENTS: &[&str] = &[
    IMPORTED_KEYS,
    ENTRY_EXISTS,
    USERNAME_TAKEN,
    SLUG_TAKEN,
    INSERT_IMPORTED_POST,
    INSERT_MAPPING,
    OLD_ADDRESS,
];

/// Inside the import's transaction `$tx`: the first of `base`, `base-2`… for which
/// every statement of `$taken` answers false.
macro_rules! first_free {
    ($tx:ident, $base:expr, $numbered:expr, [$($taken:expr),+]) => {{
        let mut found = None;
        for n in 1..=ATTEMPTS {
            let candidate: String = if n == 1 { $base.to_string() } else { $numbered(n) };
            let mut free = true;
            $(
                let taken: bool = sqlx::query_scalar($taken).bind(&candidate).fetch_one(&mut *$tx).await?;
                free = free && !taken;
            )+
            if free {
                found = Some(candidate);
                break;
            }
        }
        found.ok_or_else(|| sqlx::Error::Protocol("no free name after 500 tries".into()))?
    }};
}

/// Inside `$tx`: one post, its labels, pictures, revision, mappings and comments.
/// Returns how many comments it wrote.
macro_rules! import_post {
    ($tx:ident, $batch:expr, $post:expr, $post_id:ident, $account_ids:expr) => {{
        let author = |who: ImportAuthor| match who {
            ImportAuthor::Account(id) => id,
            ImportAuthor::New(index) => $account_ids[index],
        };
        let post: &ImportPost = $post;
        let author_id = author(post.author);
        let base = if slug::is_well_formed(&post.slug) {
            post.slug.clone()
        } else {
            slug::for_post_title(post.content.title.as_str())
        };
        let chosen = first_free!(
            $tx,
            base,
            |n| slug::numbered(&base, n),
            [SLUG_TAKEN, SLUG_IS_OLD_ADDRESS]
        );
        let (status, published_at, month) = if post.published {
            ("published", Some(post.at), Some(post.month.as_str()))
        } else {
            ("draft", None, None)
        };
        let content = &post.content;
        let $post_id: i64 = sqlx::query_scalar(INSERT_IMPORTED_POST)
            .bind(author_id)
            .bind(content.title.as_str())
            .bind(&chosen)
            .bind(content.body.as_str())
            .bind(content.rendered.html.as_str())
            .bind(&content.rendered.text)
            .bind(&content.excerpt)
            .bind(content.labels.joined())
            .bind(status)
            .bind(published_at)
            .bind(month)
            .bind(post.at)
            .fetch_one(&mut *$tx)
            .await?;
        add_labels!($tx, $post_id, content.labels);
        for picture in &post.pictures {
            sqlx::query(INSERT_IMAGE)
                .bind(&picture.id)
                .bind(author_id)
                .bind(picture.content_type)
                .bind(as_column(picture.size.0)?)
                .bind(as_column(picture.size.1)?)
                .bind(&picture.data)
                .bind(as_column(picture.small_size.0)?)
                .bind(as_column(picture.small_size.1)?)
                .bind(&picture.small_data)
                .bind(&picture.original_name)
                .bind(post.at)
                .execute(&mut *$tx)
                .await?;
        }
        if post.published {
            sqlx::query(INSERT_REVISION)
                .bind($post_id)
                .bind(author_id)
                .bind(post.at)
                .execute(&mut *$tx)
                .await?;
        }
        sqlx::query(INSERT_MAPPING)
            .bind("entry")
            .bind(&post.key)
            .bind($batch.source)
            .bind($post_id)
            .bind(None::<i64>)
            .execute(&mut *$tx)
            .await?;
        for address in &post.addresses {
            sqlx::query(INSERT_MAPPING)
                .bind("address")
                .bind(address)
                .bind($batch.source)
                .bind($post_id)
                .bind(None::<i64>)
                .execute(&mut *$tx)
                .await?;
        }
        // Each comment's id, depth and parent by its source key, for the replies.
        let mut written: HashMap<&str, (i64, i32, Option<i64>)> = HashMap::new();
        let mut approved = 0_i64;
        for comment in &post.comments {
            let parent = comment
                .parent
                .as_deref()
                .and_then(|key| written.get(key))
                .copied();
            let (parent_id, depth) = match parent {
                None => (None, 1),
                Some((id, depth, grandparent)) if depth >= MAX_DEPTH => {
                    (grandparent.or(Some(id)), MAX_DEPTH)
                }
                Some((id, depth, _)) => (Some(id), depth + 1),
            };
            let approved_at = (comment.state == "approved").then_some(comment.at);
            let guest = comment
                .author
                .is_none()
                .then_some(comment.guest_name.as_str());
            let comment_id: i64 = sqlx::query_scalar(INSERT_COMMENT)
                .bind($post_id)
                .bind(parent_id)
                .bind(depth)
                .bind(comment.author.map(author))
                .bind(guest)
                .bind(&comment.body)
                .bind(&comment.body_html)
                .bind(comment.state)
                .bind(&comment.body_hash)
                .bind("")
                .bind(comment.at)
                .bind(approved_at)
                .fetch_one(&mut *$tx)
                .await?;
            written.insert(comment.key.as_str(), (comment_id, depth, parent_id));
            approved += i64::from(comment.state == "approved");
            sqlx::query(INSERT_MAPPING)
                .bind("entry")
                .bind(&comment.key)
                .bind($batch.source)
                .bind($post_id)
                .bind(Some(comment_id))
                .execute(&mut *$tx)
                .await?;
            if let Some(address) = &comment.address {
                sqlx::query(INSERT_MAPPING)
                    .bind("address")
                    .bind(address)
                    .bind($batch.source)
                    .bind($post_id)
                    .bind(Some(comment_id))
                    .execute(&mut *$tx)
                    .await?;
            }
        }
        sqlx::query(ADJUST_COUNT)
            .bind($post_id)
            .bind(approved)
            .execute(&mut *$tx)
            .await?;
        post.comments.len()
    }};
}

impl Store {
    /// The source keys of every post and comment already imported from `source`.
    pub async fn imported_keys(
        &self,
        source: &str,
    ) -> Result<std::collections::HashSet<String>, sqlx::Error> {
        let keys: Vec<String> = on_db!(&self.db, pool => {
            sqlx::query_scalar(IMPORTED_KEYS).bind(source).fetch_all(pool).await?
        });
        Ok(keys.into_iter().collect())
    }

    /// Where an old address of an imported blog leads, if anywhere.
    pub async fn old_address(&self, address: &str) -> Result<Option<OldAddress>, sqlx::Error> {
        let row: Option<(String, Option<i64>)> = on_db!(&self.db, pool => {
            sqlx::query_as(OLD_ADDRESS).bind(address).fetch_optional(pool).await?
        });
        Ok(row.map(|(slug, comment_id)| OldAddress { slug, comment_id }))
    }

    /// Writes a whole import in one transaction: all of it, or (on any error) none.
    /// A post whose source key is already here is left out, so an import running
    /// twice at once still adds each post once.
    pub async fn apply_import(
        &self,
        batch: &ImportBatch<'_>,
    ) -> Result<ImportOutcome, sqlx::Error> {
        let now = Timestamp::now();
        writing_shown!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let mut outcome = ImportOutcome::default();
            let mut account_ids = Vec::with_capacity(batch.accounts.len());
            for account in batch.accounts {
                let wanted = &account.username;
                let username = first_free!(tx, wanted.as_str(), |n| wanted.numbered(n).as_str().to_owned(), [USERNAME_TAKEN]);
                let id: i64 = sqlx::query_scalar(INSERT_USER)
                    .bind(&username).bind(&account.display_name).bind("student")
                    .bind(&account.password_hash).bind(now)
                    .bind(name_skeleton(&account.display_name))
                    .fetch_one(&mut *tx).await?;
                account_ids.push(id);
                outcome.usernames.push(username);
            }
            for post in batch.posts {
                let here: bool = sqlx::query_scalar(ENTRY_EXISTS).bind(&post.key).fetch_one(&mut *tx).await?;
                if here {
                    continue;
                }
                outcome.comments += import_post!(tx, batch, post, post_id, account_ids);
                outcome.posts += 1;
            }
            sqlx::query(BUMP_POSTS_VERSION).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(outcome)
        })
    }
}
