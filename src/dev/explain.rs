//! `quire dev explain`: how the database runs the statements behind every page view and
//! every comment, with real values from a seeded database, so a plan that reads a whole
//! table shows up before a school's server is slow. SQLite's plans come from `EXPLAIN
//! QUERY PLAN`, Postgres's from `EXPLAIN ANALYZE` (which runs the read, with timings).

use crate::db::{Db, Timestamp};
use crate::store::{Store, changes, comments, posts, reading, search, sessions};

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

impl Store {
    /// The plans of the hot statements for `sample`.
    pub async fn explain_hot_statements(
        &self,
        sample: &PlanSample,
    ) -> Result<Vec<Plan>, sqlx::Error> {
        let now = Timestamp::now();
        let far_future = Timestamp::from_unix_millis(253_402_214_400_000).unwrap_or(now);
        let post = Value::Int(sample.post_id);
        let search = match self.db() {
            Db::Sqlite(_) => search::SEARCH_SQLITE,
            Db::Postgres(_) => search::SEARCH_POSTGRES,
        };
        let search_terms = match self.db() {
            Db::Sqlite(_) => format!("\"{}\"", sample.word),
            Db::Postgres(_) => sample.word.clone(),
        };
        let mut statements: Vec<(&'static str, &'static str, Vec<Value>)> = vec![
            (
                "session of a signed-in reader (every request with a cookie)",
                sessions::SESSION_USER,
                vec![Value::Text("0".repeat(64)), Value::Time(now)],
            ),
            (
                "home page: newest published posts",
                reading::OLDER,
                vec![
                    Value::Time(far_future),
                    Value::Int(i64::MAX),
                    Value::Int(21),
                ],
            ),
            (
                "post page: the post",
                posts::POST_BY_SLUG,
                vec![Value::Text(sample.post_slug.clone())],
            ),
            (
                "post page: the older post",
                reading::PREVIOUS_POST,
                vec![Value::Time(sample.published_at), post.clone()],
            ),
            (
                "post page: the newer post",
                reading::NEXT_POST,
                vec![Value::Time(sample.published_at), post.clone()],
            ),
            (
                "post page: the comments a reader may see",
                comments::THREAD,
                vec![post.clone(), Value::NoInt, Value::Flag(false)],
            ),
            (
                "author page",
                reading::AUTHOR_OLDER,
                vec![
                    Value::Time(far_future),
                    Value::Int(i64::MAX),
                    Value::Int(21),
                    Value::Int(sample.author_id),
                ],
            ),
            ("site feed", reading::FEED_ALL, vec![Value::Int(20)]),
            (
                "search",
                search,
                vec![Value::Text(search_terms), Value::Int(30), Value::Int(128)],
            ),
            (
                "comment sent: rate limits and duplicate check",
                comments::SENDING_CHECKS,
                vec![
                    Value::Int(sample.author_id),
                    Value::Text("10.0.0.1".to_owned()),
                    Value::Time(now),
                    post.clone(),
                    Value::Text("0".repeat(64)),
                ],
            ),
            (
                "comment sent: is the student known (one approval rule)",
                comments::HAS_APPROVED,
                vec![Value::Int(sample.author_id)],
            ),
            (
                "sidebar: labels (kept until a post changes)",
                reading::LABEL_COUNTS,
                vec![],
            ),
            (
                "sidebar: months (kept until a post changes)",
                reading::MONTH_COUNTS,
                vec![],
            ),
        ];
        if let Db::Sqlite(_) = self.db() {
            statements.push((
                "content counter (a SQLite server, four times a second)",
                changes::CONTENT_COUNTER,
                vec![],
            ));
        }
        let mut plans = Vec::with_capacity(statements.len());
        for (purpose, statement, values) in statements {
            let lines = match self.db() {
                Db::Sqlite(pool) => {
                    let sql = format!("explain query plan {statement}");
                    let query = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
                    let rows: Vec<(i64, i64, i64, String)> =
                        bind_values!(query, &values).fetch_all(pool).await?;
                    sqlite_tree(&rows)
                }
                Db::Postgres(pool) => {
                    let sql = format!("explain (analyze, buffers off) {statement}");
                    let query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.as_str()));
                    bind_values!(query, &values).fetch_all(pool).await?
                }
            };
            plans.push(Plan { purpose, lines });
        }
        Ok(plans)
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
