//! `quire dev explain`: how the database runs the store's hot statements (those behind
//! every page view and every comment), with real values from a seeded database, so a
//! plan that reads a whole table shows up before a school's server is slow. SQLite's
//! plans come from `EXPLAIN QUERY PLAN`, Postgres's from `EXPLAIN ANALYZE` (which runs
//! the read, with timings). The statements and their sample binds come from the store
//! ([`hot_statements`]), declared beside each statement.

use anyhow::Context;

use crate::db::{Db, Timestamp};
use crate::posts::search::SearchTerms;
use crate::store::{Sample, Store, hot_statements};

/// The post and reader the statements are explained for.
#[derive(Clone, Debug)]
pub struct PlanSample {
    /// A published post (the benchmark's seven comments post, say).
    pub post_id: i64,
    /// Its address.
    pub post_slug: String,
    /// When it was published.
    pub published_at: Timestamp,
    /// Its author.
    pub author_id: i64,
    /// A word to search for.
    pub word: String,
}

/// One statement's plan, a line a step.
#[derive(Clone, Debug)]
pub struct Plan {
    /// What the statement is for.
    pub purpose: &'static str,
    /// The plan, as the database prints it.
    pub lines: Vec<String>,
}

/// A sample made concrete for one post, at one moment.
#[derive(Clone, Debug)]
enum Value {
    Int(i64),
    Text(String),
    Time(Timestamp),
    NoInt,
    Flag(bool),
}

/// Binds `values` in order to a query of either backend.
macro_rules! bind_values {
    ($query:expr, $values:expr) => {{
        let mut query = $query;
        for value in $values {
            query = match value {
                Value::Int(v) => query.bind(*v),
                Value::Text(v) => query.bind(v.as_str()),
                Value::Time(v) => query.bind(*v),
                Value::NoInt => query.bind(None::<i64>),
                Value::Flag(v) => query.bind(*v),
            };
        }
        query
    }};
}

/// Prints the plans for the post at `slug`, a statement at a time.
pub async fn print_plans(store: &Store, slug: &str, word: String) -> anyhow::Result<()> {
    let post = store
        .post_by_slug(slug)
        .await?
        .with_context(|| format!("there is no post at /posts/{slug}"))?;
    let sample = PlanSample {
        post_id: post.id,
        post_slug: slug.to_owned(),
        published_at: post.published_at.unwrap_or(post.created_at),
        author_id: post.author.id,
        word,
    };
    for plan in explain_hot_statements(store, &sample).await? {
        println!("-- {}", plan.purpose);
        for line in plan.lines {
            println!("{line}");
        }
        println!();
    }
    Ok(())
}

/// The plans of the store's hot statements for `sample`, in the store's order.
pub async fn explain_hot_statements(
    store: &Store,
    sample: &PlanSample,
) -> anyhow::Result<Vec<Plan>> {
    let terms = SearchTerms::parse(&sample.word)
        .with_context(|| format!("{:?} has no word to search for", sample.word))?;
    let now = Timestamp::now();
    let mut plans = Vec::new();
    for hot in hot_statements(store.db().backend()) {
        let values: Vec<Value> = hot
            .sample
            .iter()
            .map(|&kind| value(kind, sample, &terms, now))
            .collect();
        let lines = match store.db() {
            Db::Sqlite(pool) => {
                let sql = format!("explain query plan {}", hot.sql);
                let query = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
                let rows: Vec<(i64, i64, i64, String)> =
                    bind_values!(query, &values).fetch_all(pool).await?;
                sqlite_tree(&rows)
            }
            Db::Postgres(pool) => {
                let sql = format!("explain (analyze, buffers off) {}", hot.sql);
                let query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.as_str()));
                bind_values!(query, &values).fetch_all(pool).await?
            }
        };
        plans.push(Plan {
            purpose: hot.purpose,
            lines,
        });
    }
    Ok(plans)
}

/// What `kind` stands for, for the post in `sample`.
fn value(kind: Sample, sample: &PlanSample, terms: &SearchTerms, now: Timestamp) -> Value {
    match kind {
        Sample::PostId => Value::Int(sample.post_id),
        Sample::PostSlug => Value::Text(sample.post_slug.clone()),
        Sample::PublishedAt => Value::Time(sample.published_at),
        Sample::AuthorId => Value::Int(sample.author_id),
        Sample::Fts5Query => Value::Text(terms.fts5_query()),
        Sample::WordsQuery => Value::Text(terms.words_query()),
        Sample::Digest => Value::Text("0".repeat(64)),
        Sample::Now => Value::Time(now),
        // 9999-12-31, after every post.
        Sample::EndOfTime => {
            Value::Time(Timestamp::from_unix_millis(253_402_214_400_000).unwrap_or(now))
        }
        Sample::Int(v) => Value::Int(v),
        Sample::NullInt => Value::NoInt,
        Sample::Text(v) => Value::Text(v.to_owned()),
        Sample::Flag(v) => Value::Flag(v),
    }
}

/// SQLite's rows (id, parent, _, detail) as an indented tree.
fn sqlite_tree(rows: &[(i64, i64, i64, String)]) -> Vec<String> {
    let depth_of = |mut parent: i64| {
        let mut depth = 0;
        while let Some(row) = rows.iter().find(|row| row.0 == parent) {
            depth += 1;
            parent = row.1;
        }
        depth
    };
    rows.iter()
        .map(|(_, parent, _, detail)| format!("{}{detail}", "  ".repeat(depth_of(*parent))))
        .collect()
}
