//! Full-text search: the one statement that truly differs per backend. SQLite matches
//! with FTS5 and ranks with bm25; Postgres matches a generated tsvector and ranks with
//! ts_rank. Both AND the words and weigh the title above the body.

use sqlx::FromRow;

use super::Store;
use super::reading::{PostSummary, SummaryRow};
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
    "select p.id, u.username as author_username, u.display_name as author_name, p.title, \
     p.slug, p.excerpt, p.labels, p.published_at, p.edited_at, p.comment_count, p.body_text \
     from posts_search s join posts p on p.id = s.rowid join users u on u.id = p.author_id \
     where posts_search match $1 and",
    live!(),
    "order by bm25(posts_search, 10.0, 1.0), p.published_at desc limit $2"
);
pub(super) const SEARCH_POSTGRES: &str = concat!(
    "select p.id, u.username as author_username, u.display_name as author_name, p.title, \
     p.slug, p.excerpt, p.labels, p.published_at, p.edited_at, p.comment_count, p.body_text \
     from posts p join users u on u.id = p.author_id \
     where p.search @@ plainto_tsquery('simple', $1) and",
    live!(),
    "order by ts_rank(p.search, plainto_tsquery('simple', $1)) desc, p.published_at desc limit $2"
);

/// Statements run only on SQLite, for the prepare test.
pub(super) const SQLITE_STATEMENTS: &[&str] = &[SEARCH_SQLITE];
/// Statements run only on Postgres, for the prepare test.
pub(super) const POSTGRES_STATEMENTS: &[&str] = &[SEARCH_POSTGRES];

impl Store {
    /// Published posts matching every word, best first.
    pub async fn search_posts(
        &self,
        terms: &SearchTerms,
        limit: i64,
    ) -> Result<Vec<SearchHit>, sqlx::Error> {
        let rows: Vec<HitRow> = match &self.db {
            Db::Sqlite(pool) => {
                sqlx::query_as(SEARCH_SQLITE)
                    .bind(terms.fts5_query())
                    .bind(limit)
                    .fetch_all(pool)
                    .await?
            }
            Db::Postgres(pool) => {
                sqlx::query_as(SEARCH_POSTGRES)
                    .bind(terms.words_query())
                    .bind(limit)
                    .fetch_all(pool)
                    .await?
            }
        };
        Ok(rows
            .into_iter()
            .map(|row| SearchHit {
                post: row.summary.into(),
                body_text: row.body_text,
            })
            .collect())
    }
}
