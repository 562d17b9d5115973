//! The hot statements: those behind every page view and every comment sent. Each is
//! declared beside its SQL with the values to bind for a query plan, so `quire dev
//! explain` shows how the database runs it, and a test checks that every one reads
//! through an index. A statement that changes its placeholders fails this module's
//! test until its sample changes with it.

use super::{changes, comments, posts, reading, search, sessions};
use crate::db::Backend;

/// A hot statement, and what to bind to it for a query plan.
#[derive(Clone, Copy, Debug)]
pub struct HotStatement {
    /// What the statement is for, as `quire dev explain` prints it.
    pub purpose: &'static str,
    /// The SQL, as the store runs it.
    pub sql: &'static str,
    /// A value for each of `$1`, `$2` …, in order.
    pub sample: &'static [Sample],
}

/// A value to bind for a plan: a constant, or a fact about the post being explained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sample {
    /// The explained post's id.
    PostId,
    /// The explained post's slug.
    PostSlug,
    /// When the explained post was published.
    PublishedAt,
    /// The explained post's author.
    AuthorId,
    /// The search word as SQLite's FTS5 `match` takes it.
    Fts5Query,
    /// The search word as Postgres's `plainto_tsquery` takes it.
    WordsQuery,
    /// A SHA-256 hex digest that no row has (a session token's, a comment body's).
    Digest,
    /// The time of the request.
    Now,
    /// A time after every post: where the first page of a list starts.
    EndOfTime,
    /// A number.
    Int(i64),
    /// A number that is absent (a guest's user id).
    NullInt,
    /// A piece of text.
    Text(&'static str),
    /// A yes or no.
    Flag(bool),
}

/// Every hot statement run on `backend`, in the order a reader's requests meet them.
pub fn hot_statements(backend: Backend) -> Vec<HotStatement> {
    let mut hot = vec![
        sessions::SESSION_USER_HOT,
        reading::OLDER_HOT,
        posts::POST_BY_SLUG_HOT,
        reading::PREVIOUS_POST_HOT,
        reading::NEXT_POST_HOT,
        comments::THREAD_HOT,
        reading::AUTHOR_OLDER_HOT,
        reading::FEED_ALL_HOT,
        match backend {
            Backend::Sqlite => search::SEARCH_SQLITE_HOT,
            Backend::Postgres => search::SEARCH_POSTGRES_HOT,
        },
        comments::SENDING_CHECKS_HOT,
        comments::HAS_APPROVED_HOT,
        reading::LABEL_COUNTS_HOT,
        reading::MONTH_COUNTS_HOT,
    ];
    // Only a SQLite server polls the counter; Postgres notifies its listeners instead.
    if backend == Backend::Sqlite {
        hot.push(changes::CONTENT_COUNTER_HOT);
    }
    hot
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// The numbers of the `$N` placeholders in `sql`, each once, in ascending order.
    fn placeholders(sql: &str) -> Vec<usize> {
        let mut numbers: Vec<usize> = sql
            .split('$')
            .skip(1)
            .filter_map(|rest| {
                let digits = rest
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len());
                rest[..digits].parse().ok()
            })
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        numbers
    }

    #[test]
    fn every_sample_binds_each_placeholder_of_its_statement() {
        for backend in [Backend::Sqlite, Backend::Postgres] {
            for hot in hot_statements(backend) {
                let expected: Vec<usize> = (1..=hot.sample.len()).collect();
                assert_eq!(placeholders(hot.sql), expected, "{}", hot.purpose);
            }
        }
    }

    #[test]
    fn every_hot_statement_is_one_the_store_runs() {
        for backend in [Backend::Sqlite, Backend::Postgres] {
            let statements = Store::statements_for(backend);
            for hot in hot_statements(backend) {
                assert!(statements.contains(&hot.sql), "{}", hot.purpose);
            }
        }
    }

    #[test]
    fn placeholders_are_read_as_numbers() {
        assert_eq!(placeholders("a = $2 and b = $10 or c = $2"), [2, 10]);
    }
}
