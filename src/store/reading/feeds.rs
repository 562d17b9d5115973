//! What readers' programs read: the newest posts in full for the Atom feeds, and every
//! published address for the sitemap.

use sqlx::FromRow;

use super::lists::Scope;
use crate::db::{Timestamp, on_db};
use crate::posts::Post;
use crate::store::handle::Store;
use crate::store::hot::{HotStatement, Sample};
use crate::store::posts::rows::PostRow;

/// An address for the sitemap.
#[derive(Clone, Debug, FromRow)]
pub struct SitemapEntry {
    /// Address part.
    pub slug: String,
    /// Last change.
    pub updated_at: Timestamp,
}

pub(in crate::store) const FEED_ALL: &str = concat!(
    post_select!(),
    " where",
    live!(),
    "order by p.published_at desc, p.id desc limit $1"
);
pub(in crate::store) const FEED_ALL_HOT: HotStatement = HotStatement {
    purpose: "site feed",
    sql: FEED_ALL,
    sample: &[Sample::Int(20)],
};
const FEED_AUTHOR: &str = concat!(
    post_select!(),
    " where",
    live!(),
    "and p.author_id = $2 order by p.published_at desc, p.id desc limit $1"
);
const FEED_LABEL: &str = concat!(
    post_select!(),
    " join post_labels pl on pl.post_id = p.id where",
    live!(),
    "and pl.label_id = $2 order by p.published_at desc, p.id desc limit $1"
);
const SITEMAP: &str = concat!(
    "select p.slug, coalesce(p.edited_at, p.published_at) as updated_at \
     from posts p where",
    live!(),
    "order by p.published_at desc, p.id desc limit 50000"
);

/// Every statement above, for the test that prepares them all on both backends.
pub(in crate::store) const STATEMENTS: &[&str] = &[FEED_ALL, FEED_AUTHOR, FEED_LABEL, SITEMAP];

impl Store {
    /// The newest published posts in full, for a feed.
    pub async fn feed_posts(&self, scope: Scope<'_>, limit: i64) -> Result<Vec<Post>, sqlx::Error> {
        let rows: Vec<PostRow> = on_db!(&self.db, pool => {
            match scope {
                Scope::Author(id) => sqlx::query_as(FEED_AUTHOR).bind(limit).bind(id).fetch_all(pool).await?,
                Scope::Label(id) => sqlx::query_as(FEED_LABEL).bind(limit).bind(id).fetch_all(pool).await?,
                Scope::All | Scope::Month(_) => sqlx::query_as(FEED_ALL).bind(limit).fetch_all(pool).await?,
            }
        });
        Ok(rows.into_iter().map(Post::from).collect())
    }

    /// Every published post's address and last change.
    pub async fn sitemap_entries(&self) -> Result<Vec<SitemapEntry>, sqlx::Error> {
        on_db!(&self.db, pool => sqlx::query_as(SITEMAP).fetch_all(pool).await)
    }
}
