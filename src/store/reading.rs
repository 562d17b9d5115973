//! What readers see: the lists of published posts (keyset-paginated), the archive,
//! labels, neighbours, feeds and the sitemap.

use sqlx::FromRow;

use super::Store;
use super::hot::{HotStatement, Sample};
use super::posts::{PostRow, split_labels};
use crate::db::{Timestamp, on_db};
use crate::posts::Post;

/// A published post as a list shows it.
#[derive(Clone, Debug)]
pub struct PostSummary {
    /// Database id.
    pub id: i64,
    /// For the author link.
    pub author_username: String,
    /// Shown as the byline.
    pub author_name: String,
    /// Title.
    pub title: String,
    /// Address.
    pub slug: String,
    /// Opening words.
    pub excerpt: String,
    /// Label names.
    pub labels: Vec<String>,
    /// First publication.
    pub published_at: Timestamp,
    /// Last change after publication.
    pub edited_at: Option<Timestamp>,
    /// Approved comments.
    pub comment_count: i64,
}

#[derive(FromRow)]
pub(super) struct SummaryRow {
    id: i64,
    author_username: String,
    author_name: String,
    title: String,
    slug: String,
    excerpt: String,
    labels: String,
    published_at: Timestamp,
    edited_at: Option<Timestamp>,
    comment_count: i64,
}

impl From<SummaryRow> for PostSummary {
    fn from(row: SummaryRow) -> PostSummary {
        PostSummary {
            id: row.id,
            author_username: row.author_username,
            author_name: row.author_name,
            title: row.title,
            slug: row.slug,
            excerpt: row.excerpt,
            labels: split_labels(&row.labels),
            published_at: row.published_at,
            edited_at: row.edited_at,
            comment_count: row.comment_count,
        }
    }
}

/// A place in a list: the publication time and id of a post, newest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    /// Publication time.
    pub at: Timestamp,
    /// Tie-breaker for posts published in the same millisecond.
    pub id: i64,
}

impl Cursor {
    /// Reads `1733000000000-42`.
    pub fn parse(text: &str) -> Option<Cursor> {
        let (millis, id) = text.split_once('-')?;
        Some(Cursor {
            at: Timestamp::from_unix_millis(millis.parse().ok()?)?,
            id: id.parse().ok()?,
        })
    }

    /// The cursor of a listed post.
    pub fn of(post: &PostSummary) -> Cursor {
        Cursor {
            at: post.published_at,
            id: post.id,
        }
    }
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.at.unix_millis(), self.id)
    }
}

/// Which way to page from a cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Posts published before the cursor ("Older posts").
    Older,
    /// Posts published after it ("Newer posts").
    Newer,
}

/// Which published posts a list shows.
#[derive(Clone, Copy, Debug)]
pub enum Scope<'a> {
    /// Every published post (the home page).
    All,
    /// One author's.
    Author(i64),
    /// One label's.
    Label(i64),
    /// One archive month, `YYYY-MM`.
    Month(&'a str),
}

/// One page of a list, newest first, and whether there are more either way.
#[derive(Clone, Debug)]
pub struct PostPage {
    /// The posts on this page.
    pub posts: Vec<PostSummary>,
    /// Where "Older posts" continues, if there are older ones.
    pub older: Option<Cursor>,
    /// Where "Newer posts" continues, if there are newer ones.
    pub newer: Option<Cursor>,
}

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

/// An address for the sitemap.
#[derive(Clone, Debug, FromRow)]
pub struct SitemapEntry {
    /// Address part.
    pub slug: String,
    /// Last change.
    pub updated_at: Timestamp,
}

/// One page of published posts in a scope: `$1, $2` the cursor, `$3` the page size,
/// `$4` the scope's value. Older pages read the index backwards, newer ones forwards.
macro_rules! keyset_page {
    ($join:literal, $scope:literal, $compare:literal, $order:literal) => {
        concat!(
            summary_select!(),
            $join,
            " where",
            live!(),
            $scope,
            " and (p.published_at, p.id) ",
            $compare,
            " ($1, $2) order by p.published_at ",
            $order,
            ", p.id ",
            $order,
            " limit $3"
        )
    };
}

pub(super) const OLDER: &str = keyset_page!("", "", "<", "desc");
// The first page: from the end of time, 20 posts and one more to tell if there are more.
pub(super) const OLDER_HOT: HotStatement = HotStatement {
    purpose: "home page: newest published posts",
    sql: OLDER,
    sample: &[Sample::EndOfTime, Sample::Int(i64::MAX), Sample::Int(21)],
};
const NEWER: &str = keyset_page!("", "", ">", "asc");
pub(super) const AUTHOR_OLDER: &str = keyset_page!("", "and p.author_id = $4", "<", "desc");
pub(super) const AUTHOR_OLDER_HOT: HotStatement = HotStatement {
    purpose: "author page",
    sql: AUTHOR_OLDER,
    sample: &[
        Sample::EndOfTime,
        Sample::Int(i64::MAX),
        Sample::Int(21),
        Sample::AuthorId,
    ],
};
const AUTHOR_NEWER: &str = keyset_page!("", "and p.author_id = $4", ">", "asc");
const LABEL_OLDER: &str = keyset_page!(
    " join post_labels pl on pl.post_id = p.id",
    "and pl.label_id = $4",
    "<",
    "desc"
);
const LABEL_NEWER: &str = keyset_page!(
    " join post_labels pl on pl.post_id = p.id",
    "and pl.label_id = $4",
    ">",
    "asc"
);
const MONTH_OLDER: &str = keyset_page!("", "and p.published_month = $4", "<", "desc");
const MONTH_NEWER: &str = keyset_page!("", "and p.published_month = $4", ">", "asc");
pub(super) const PREVIOUS_POST: &str = concat!(
    "select p.title, p.slug from posts p where",
    live!(),
    "and (p.published_at, p.id) < ($1, $2) order by p.published_at desc, p.id desc limit 1"
);
pub(super) const PREVIOUS_POST_HOT: HotStatement = HotStatement {
    purpose: "post page: the older post",
    sql: PREVIOUS_POST,
    sample: &[Sample::PublishedAt, Sample::PostId],
};
pub(super) const NEXT_POST: &str = concat!(
    "select p.title, p.slug from posts p where",
    live!(),
    "and (p.published_at, p.id) > ($1, $2) order by p.published_at, p.id limit 1"
);
pub(super) const NEXT_POST_HOT: HotStatement = HotStatement {
    purpose: "post page: the newer post",
    sql: NEXT_POST,
    sample: &[Sample::PublishedAt, Sample::PostId],
};
pub(super) const MONTH_COUNTS: &str = concat!(
    "select p.published_month as month, count(*) as posts \
     from posts p where",
    live!(),
    "group by p.published_month order by p.published_month desc"
);
pub(super) const MONTH_COUNTS_HOT: HotStatement = HotStatement {
    purpose: "sidebar: months (kept until a post changes)",
    sql: MONTH_COUNTS,
    sample: &[],
};
pub(super) const LABEL_COUNTS: &str = concat!(
    "select l.id, l.name, l.slug, count(*) as posts from labels l \
     join post_labels pl on pl.label_id = l.id join posts p on p.id = pl.post_id where",
    live!(),
    "group by l.id, l.name, l.slug order by lower(l.name), l.name"
);
pub(super) const LABEL_COUNTS_HOT: HotStatement = HotStatement {
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
pub(super) const FEED_ALL: &str = concat!(
    post_select!(),
    " where",
    live!(),
    "order by p.published_at desc, p.id desc limit $1"
);
pub(super) const FEED_ALL_HOT: HotStatement = HotStatement {
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

/// A date later than any post, so the first page is "older than the end of time".
fn far_future() -> Timestamp {
    Timestamp::from_unix_millis(253_402_300_799_000).unwrap_or_else(Timestamp::now)
}

impl Store {
    /// A page of published posts in `scope`, from `cursor` in `direction` (the newest
    /// page when there is no cursor). Keyset pagination: no OFFSET scans.
    pub async fn post_page(
        &self,
        scope: Scope<'_>,
        cursor: Option<(Direction, Cursor)>,
        size: usize,
    ) -> Result<PostPage, sqlx::Error> {
        let (direction, from) = cursor.unwrap_or((
            Direction::Older,
            Cursor {
                at: far_future(),
                id: i64::MAX,
            },
        ));
        let statement = match (scope, direction) {
            (Scope::All, Direction::Older) => OLDER,
            (Scope::All, Direction::Newer) => NEWER,
            (Scope::Author(_), Direction::Older) => AUTHOR_OLDER,
            (Scope::Author(_), Direction::Newer) => AUTHOR_NEWER,
            (Scope::Label(_), Direction::Older) => LABEL_OLDER,
            (Scope::Label(_), Direction::Newer) => LABEL_NEWER,
            (Scope::Month(_), Direction::Older) => MONTH_OLDER,
            (Scope::Month(_), Direction::Newer) => MONTH_NEWER,
        };
        let limit = i64::try_from(size + 1).unwrap_or(i64::MAX);
        let rows: Vec<SummaryRow> = on_db!(&self.db, pool => {
            let query = sqlx::query_as(statement).bind(from.at).bind(from.id).bind(limit);
            let query = match scope {
                Scope::All => query,
                Scope::Author(id) | Scope::Label(id) => query.bind(id),
                Scope::Month(month) => query.bind(month),
            };
            query.fetch_all(pool).await?
        });
        let mut posts: Vec<PostSummary> = rows.into_iter().map(PostSummary::from).collect();
        let more = posts.len() > size;
        posts.truncate(size);
        if direction == Direction::Newer {
            posts.reverse();
        }
        let (first, last) = (posts.first().map(Cursor::of), posts.last().map(Cursor::of));
        let (older, newer) = match direction {
            Direction::Older => (
                if more { last } else { None },
                if cursor.is_some() { first } else { None },
            ),
            Direction::Newer => (last, if more { first } else { None }),
        };
        Ok(PostPage {
            posts,
            older,
            newer,
        })
    }

    /// The published posts just older and just newer than `post`.
    pub async fn neighbours_of(
        &self,
        at: Timestamp,
        id: i64,
    ) -> Result<(Option<PostLink>, Option<PostLink>), sqlx::Error> {
        on_db!(&self.db, pool => {
            let older = sqlx::query_as(PREVIOUS_POST).bind(at).bind(id).fetch_optional(pool).await?;
            let newer = sqlx::query_as(NEXT_POST).bind(at).bind(id).fetch_optional(pool).await?;
            Ok((older, newer))
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

/// Every statement above, for the test that prepares them all on both backends.
pub(super) const STATEMENTS: &[&str] = &[
    OLDER,
    NEWER,
    AUTHOR_OLDER,
    AUTHOR_NEWER,
    LABEL_OLDER,
    LABEL_NEWER,
    MONTH_OLDER,
    MONTH_NEWER,
    PREVIOUS_POST,
    NEXT_POST,
    MONTH_COUNTS,
    LABEL_COUNTS,
    LABEL_BY_SLUG,
    FEED_ALL,
    FEED_AUTHOR,
    FEED_LABEL,
    SITEMAP,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_junk() {
        let cursor = Cursor {
            at: Timestamp::from_unix_millis(1_733_000_000_123).unwrap_or_else(Timestamp::now),
            id: 42,
        };
        assert_eq!(Cursor::parse(&cursor.to_string()), Some(cursor));
        for junk in ["", "-", "abc-1", "1-abc", "99999999999999999999-1"] {
            assert_eq!(Cursor::parse(junk), None, "{junk}");
        }
    }
}
