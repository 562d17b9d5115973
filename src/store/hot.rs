//! The hot statements: those behind every page view and every comment sent. Each is
//! declared beside its SQL with the values to bind for a query plan, so `quire dev
//! explain` shows how the database runs it, and a test checks that every one reads
//! through an index. A statement that changes its placeholders fails the catalog's
//! test until its sample changes with it. The list of them is in `catalog.rs`.

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
