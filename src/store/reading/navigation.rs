//! The ways around a reader's pages: the neighbouring posts, the archive's months and
//! the labels (the sidebar keeps the last two until a post changes).

use sqlx::FromRow;

use crate::db::{Timestamp, on_db};
use crate::store::handle::Store;
use crate::store::hot::{HotStatement, Sample};

/// A month of the archive and how many posts it has.
#[derive(Clone, Debug, FromRow)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    /// Published posts that month.
    pub posts: i64,
}

/// A label and how many published posts carry it.
#[derive(Clone, Debug, FromRow)]
pub struct LabelCount {
    /// Database id.
    pub id: i64,
    /// As first typed.
    pub name: String,
    /// Address part.
    pub slug: String,
    /// Published posts with it.
    pub posts: i64,
}

/// A neighbouring post, for "previous" and "next" links.
#[derive(Clone, Debug, FromRow)]
pub struct PostLink {
    /// Title.
    pub title: String,
    /// Address part.
    pub slug: String,
}

pub(in crate::store) const PREVIOUS_POST: &str = concat!(
    "select p.title, p.slug from posts p where",
    live!(),
    "and (p.published_at, p.id) < ($1, $2) order by p.published_at desc, p.id desc limit 1"
);
pub(in crate::store) const PREVIOUS_POST_HOT: HotStatement = HotStatement {
    purpose: "post page: the older post",
    sql: PREVIOUS_POST,
    sample: &[Sample::PublishedAt, Sample::PostId],
};
pub(in crate::store) const NEXT_POST: &str = concat!(
    "select p.title, p.slug from posts p where",
    live!(),
    "and (p.published_at, p.id) > ($1, $2) order by p.published_at, p.id limit 1"
);
pub(in crate::store) const NEXT_POST_HOT: HotStatement = HotStatement {
    purpose: "post page: the newer post",
    sql: NEXT_POST,
    sample: &[Sample::PublishedAt, Sample::PostId],
};
pub(in crate::store) const MONTH_COUNTS: &str = concat!(
    "select p.published_month as month, count(*) as posts \
     from posts p where",
    live!(),
    "group by p.published_month order by p.published_month desc"
);
pub(in crate::store) const MONTH_COUNTS_HOT: HotStatement = HotStatement {
    purpose: "sidebar: months (kept until a post changes)",
    sql: MONTH_COUNTS,
    sample: &[],
};
pub(in crate::store) const LABEL_COUNTS: &str = concat!(
    "select l.id, l.name, l.slug, count(*) as posts from labels l \
     join post_labels pl on pl.label_id = l.id join posts p on p.id = pl.post_id where",
    live!(),
    "group by l.id, l.name, l.slug order by lower(l.name), l.name"
);
pub(in crate::store) const LABEL_COUNTS_HOT: HotStatement = HotStatement {
    purpose: "sidebar: labels (kept until a post changes)",
    sql: LABEL_COUNTS,
    sample: &[],
};
const LABEL_BY_SLUG: &str = concat!(
    "select l.id, l.name, l.slug, \
     (select count(*) from post_labels pl join posts p on p.id = pl.post_id \
      where pl.label_id = l.id and",
    live!(),
    ") as posts from labels l where l.slug = $1"
);

/// Every statement above, for the test that prepares them all on both backends.
pub(in crate::store) const STATEMENTS: &[&str] = &[
    PREVIOUS_POST,
    NEXT_POST,
    MONTH_COUNTS,
    LABEL_COUNTS,
    LABEL_BY_SLUG,
];

impl Store {
    /// The published posts just older and just newer than `post`. The two reads run at
    /// once on two pooled connections: one wait on the page, each still a plain index seek.
    pub async fn neighbours_of(
        &self,
        at: Timestamp,
        id: i64,
    ) -> Result<(Option<PostLink>, Option<PostLink>), sqlx::Error> {
        on_db!(&self.db, pool => {
            tokio::try_join!(
                sqlx::query_as(PREVIOUS_POST).bind(at).bind(id).fetch_optional(pool),
                sqlx::query_as(NEXT_POST).bind(at).bind(id).fetch_optional(pool),
            )
        })
    }

    /// Months with published posts, newest first.
    pub async fn archive_months(&self) -> Result<Vec<MonthCount>, sqlx::Error> {
        on_db!(&self.db, pool => sqlx::query_as(MONTH_COUNTS).fetch_all(pool).await)
    }

    /// Labels on published posts, by name.
    pub async fn label_counts(&self) -> Result<Vec<LabelCount>, sqlx::Error> {
        on_db!(&self.db, pool => sqlx::query_as(LABEL_COUNTS).fetch_all(pool).await)
    }

    /// The label with this slug.
    pub async fn label_by_slug(&self, slug: &str) -> Result<Option<LabelCount>, sqlx::Error> {
        on_db!(&self.db, pool => sqlx::query_as(LABEL_BY_SLUG).bind(slug).fetch_optional(pool).await)
    }
}
