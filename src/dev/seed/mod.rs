//! `quire dev seed`: a realistic class written straight into an empty database, so the
//! benchmark (and anyone trying quire) has a lived-in blog to read.
//!
//! A teacher and N students share one known password; posts of 300–1,500 words
//! (headings, a table, a list, footnotes) carry labels and were published over the past
//! two years; comments are spread unevenly over them, most approved, about 5 % waiting,
//! a third of them replies up to three deep. Two posts are set apart for the benchmark:
//! "The seven comments post" with exactly 7 approved comments (and one waiting), and
//! "The three hundred comments post" with exactly 300.
//!
//! Everything goes through the domain types a real post or comment goes through
//! (`Title`, `Body`, `Labels`, `PostContent`, `CommentBody`, `render_comment`), but each
//! distinct body is rendered once and shared, and rows go in by the thousand
//! (`write`), so the large set (100,000 posts, 1,000,000 comments) takes minutes.
//! A seeded RNG makes two runs with the same numbers write the same class.
//!
//! - `run`: the order of the work; `options` and `report`: what goes in and comes out.
//! - `class`: the accounts and labels; `rendered`: the texts, rendered once.
//! - `plan`: every post and comment decided in memory; `insert`: the plan as rows.
//! - `write` and `statements`: the batched inserts and their SQL.
//! - `text` and `words`: the made-up prose; `commenters`: the comment benchmark's accounts.

mod class;
mod commenters;
mod insert;
mod options;
mod plan;
mod rendered;
mod report;
mod run;
mod statements;
mod text;
mod words;
mod write;

pub use commenters::add_commenters;
pub use options::{
    MIN_COMMENTS, PASSWORD, SEARCH_WORD, SEVEN_COMMENTS_TITLE, SeedOptions,
    THREE_HUNDRED_COMMENTS_TITLE,
};
pub use report::{SeedReport, SeededPost};
pub use run::seed;
pub use statements::STATEMENTS;
pub use write::SeedCounts;
