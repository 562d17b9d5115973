//! The lists of published posts (home, author, label, month), a page at a time by
//! keyset: no OFFSET scans, however deep a reader pages.

use sqlx::FromRow;

use crate::accounts::Role;
use crate::db::{Timestamp, on_db};
use crate::posts::AnswerTo;
use crate::store::handle::Store;
use crate::store::hot::{HotStatement, Sample};
use crate::store::posts::rows::split_labels;

/// A published post as a list shows it.
#[derive(Clone, Debug)]
pub struct PostSummary {
    /// Database id.
    pub id: i64,
    /// For the author link.
    pub author_username: String,
    /// Shown as the byline.
    pub author_name: String,
    /// Written by a teacher: the byline carries a "Teacher" badge.
    pub author_is_teacher: bool,
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
    /// The assignment it answers, if it does.
    pub answer_to: Option<AnswerTo>,
}

#[derive(FromRow)]
pub(in crate::store) struct SummaryRow {
    id: i64,
    author_username: String,
    author_name: String,
    author_role: String,
    title: String,
    slug: String,
    excerpt: String,
    labels: String,
    published_at: Timestamp,
    edited_at: Option<Timestamp>,
    comment_count: i64,
    assignment_id: Option<i64>,
    assignment_title: Option<String>,
}

impl From<SummaryRow> for PostSummary {
    fn from(row: SummaryRow) -> PostSummary {
        PostSummary {
            id: row.id,
            author_username: row.author_username,
            author_name: row.author_name,
            author_is_teacher: Role::from_stored(&row.author_role) == Role::Teacher,
            title: row.title,
            slug: row.slug,
            excerpt: row.excerpt,
            labels: split_labels(&row.labels),
            published_at: row.published_at,
            edited_at: row.edited_at,
            comment_count: row.comment_count,
            answer_to: AnswerTo::from_columns(row.assignment_id, row.assignment_title),
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

pub(in crate::store) const OLDER: &str = keyset_page!("", "", "<", "desc");
// The first page: from the end of time, 20 posts and one more to tell if there are more.
pub(in crate::store) const OLDER_HOT: HotStatement = HotStatement {
    purpose: "home page: newest published posts",
    sql: OLDER,
    sample: &[Sample::EndOfTime, Sample::Int(i64::MAX), Sample::Int(21)],
};
const NEWER: &str = keyset_page!("", "", ">", "asc");
pub(in crate::store) const AUTHOR_OLDER: &str =
    keyset_page!("", "and p.author_id = $4", "<", "desc");
pub(in crate::store) const AUTHOR_OLDER_HOT: HotStatement = HotStatement {
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

/// Every statement above, for the test that prepares them all on both backends.
pub(in crate::store) const STATEMENTS: &[&str] = &[
    OLDER,
    NEWER,
    AUTHOR_OLDER,
    AUTHOR_NEWER,
    LABEL_OLDER,
    LABEL_NEWER,
    MONTH_OLDER,
    MONTH_NEWER,
];

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
}

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
