//! What the seed wrote, printed for people and for `bench/run`.

use std::fmt;
use std::time::Duration;

use super::options::{PASSWORD, SEARCH_WORD};
use super::write::SeedCounts;

/// A post set apart for the benchmark.
#[derive(Clone, Debug)]
pub struct SeededPost {
    /// Database id (the comment form posts to `/posts/{id}/comments`).
    pub id: i64,
    /// Its address: `/posts/{slug}`.
    pub slug: String,
}

/// What the seed wrote, for people and for `bench/run` (one `key: value` a line).
#[derive(Clone, Debug)]
pub struct SeedReport {
    /// The teacher's username.
    pub teacher: String,
    /// A student who wrote many posts, for the author page and signing in.
    pub author: String,
    /// The slug of a label many posts carry, for the label page.
    pub label: String,
    /// The post with 7 approved comments.
    pub seven: SeededPost,
    /// The post with 300 approved comments.
    pub three_hundred: SeededPost,
    /// Recent posts open for comments, not the two above, for the comment benchmark.
    pub comment_targets: Vec<i64>,
    /// What the database holds afterwards.
    pub counts: SeedCounts,
    /// How long it took.
    pub elapsed: Duration,
}

impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let targets: Vec<String> = self.comment_targets.iter().map(i64::to_string).collect();
        writeln!(f, "password: {PASSWORD}")?;
        writeln!(f, "teacher: {}", self.teacher)?;
        writeln!(f, "author: {}", self.author)?;
        writeln!(f, "label: {}", self.label)?;
        writeln!(f, "seven_slug: {}", self.seven.slug)?;
        writeln!(f, "seven_id: {}", self.seven.id)?;
        writeln!(f, "three_hundred_slug: {}", self.three_hundred.slug)?;
        writeln!(f, "three_hundred_id: {}", self.three_hundred.id)?;
        writeln!(f, "comment_targets: {}", targets.join(","))?;
        writeln!(f, "search_word: {SEARCH_WORD}")?;
        let c = &self.counts;
        writeln!(f, "users: {}", c.users)?;
        writeln!(f, "posts: {} ({} published)", c.posts, c.published)?;
        writeln!(f, "comments: {} ({} approved)", c.comments, c.approved)?;
        write!(f, "seconds: {:.1}", self.elapsed.as_secs_f64())
    }
}
