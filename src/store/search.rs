//! Full-text search: the one statement that truly differs per backend. SQLite matches
//! with FTS5 and ranks with bm25; Postgres matches a generated tsvector and ranks with
//! ts_rank. Both AND the words and weigh the title above the body.
//!
//! Both rank the matches inside the index first and read only the best few posts: a
//! common word matches thousands of posts on a large blog (8,364 for "volcano" among
//! 100,000), and carrying each whole post through the sort took half a second on
//! SQLite. Posts that readers may not see (drafts, the trash) are dropped after the
//! ranking, so when too few are left the window widens and the search runs again.

use sqlx::FromRow;

use super::handle::Store;
use super::hot::{HotStatement, Sample};
use super::reading::lists::{PostSummary, SummaryRow};
use crate::db::Db;
use crate::posts::search::SearchTerms;

/// A search result: the post and its text, for the highlighted snippet.
#[derive(Clone, Debug)]
pub struct SearchHit {
    /// The post as lists show it.
    pub post: PostSummary,
    /// Its plain text.
    pub body_text: String,
}

#[derive(FromRow)]
struct HitRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    body_text: String,
}

pub(super) const SEARCH_SQLITE: &str = concat!(
    "select ",
    summary_columns!(),
    ", p.body_text from (select rowid as id, bm25(posts_search, 10.0, 1.0) as score \
           from posts_search where posts_search match $1 order by score limit $3) hits \
     join posts p on p.id = hits.id join users u on u.id = p.author_id where",
    live!(),
    "order by hits.score, p.published_at desc limit $2"
);
pub(super) const SEARCH_SQLITE_HOT: HotStatement = HotStatement {
    purpose: "search",
    sql: SEARCH_SQLITE,
    sample: &[
        Sample::Fts5Query,
        Sample::Int(30),
        Sample::Int(FIRST_WINDOW),
    ],
};
pub(super) const SEARCH_POSTGRES: &str = concat!(
    "select ",
    summary_columns!(),
    ", p.body_text from (select id, ts_rank(search, plainto_tsquery('simple', $1)) as score \
           from posts where search @@ plainto_tsquery('simple', $1) order by score desc limit $3) hits \
     join posts p on p.id = hits.id join users u on u.id = p.author_id where",
    live!(),
    "order by hits.score desc, p.published_at desc limit $2"
);
pub(super) const SEARCH_POSTGRES_HOT: HotStatement = HotStatement {
    purpose: "search",
    sql: SEARCH_POSTGRES,
    sample: &[
        Sample::WordsQuery,
        Sample::Int(30),
        Sample::Int(FIRST_WINDOW),
    ],
};

/// Statements run only on SQLite, for the prepare test.
pub(super) const SQLITE_STATEMENTS: &[&str] = &[SEARCH_SQLITE];
/// Statements run only on Postgres, for the prepare test.
pub(super) const POSTGRES_STATEMENTS: &[&str] = &[SEARCH_POSTGRES];

/// How many ranked matches the first try reads.
const FIRST_WINDOW: i64 = 128;
/// Past this many (16× at a time), the window holds every match a blog can have.
const LAST_WINDOW: i64 = 1 << 24;

impl Store {
    /// Published posts matching every word, best first.
    pub async fn search_posts(
        &self,
        terms: &SearchTerms,
        limit: i64,
    ) -> Result<Vec<SearchHit>, sqlx::Error> {
        let mut window = (limit * 4).max(FIRST_WINDOW);
        let rows = loop {
            let rows = self.search_window(terms, limit, window).await?;
            // Fewer than asked: either that is all there is, or readers may not see
            // enough of the best `window` matches. Only a wider window tells which.
            if rows.len() >= usize::try_from(limit).unwrap_or(usize::MAX) || window >= LAST_WINDOW {
                break rows;
            }
            window = window.saturating_mul(16);
        };
        Ok(rows
            .into_iter()
            .map(|row| SearchHit {
                post: row.summary.into(),
                body_text: row.body_text,
            })
            .collect())
    }

    async fn search_window(
        &self,
        terms: &SearchTerms,
        limit: i64,
        window: i64,
    ) -> Result<Vec<HitRow>, sqlx::Error> {
        match &self.db {
            Db::Sqlite(pool) => {
                sqlx::query_as(SEARCH_SQLITE)
                    .bind(terms.fts5_query())
                    .bind(limit)
                    .bind(window)
                    .fetch_all(pool)
                    .await
            }
            Db::Postgres(pool) => {
                sqlx::query_as(SEARCH_POSTGRES)
                    .bind(terms.words_query())
                    .bind(limit)
                    .bind(window)
                    .fetch_all(pool)
                    .await
            }
        }
    }
}
