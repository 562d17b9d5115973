//! What a seed is asked for, and the facts about the seeded class the benchmark
//! relies on: the shared password, the two posts set apart, the search word.

/// Every seeded account's password, printed so a person can sign in as anyone.
pub const PASSWORD: &str = "quire-bench-class";
/// The title of the post with exactly 7 approved comments.
pub const SEVEN_COMMENTS_TITLE: &str = "The seven comments post";
/// The title of the post with exactly 300 approved comments.
pub const THREE_HUNDRED_COMMENTS_TITLE: &str = "The three hundred comments post";
/// A word many seeded posts contain, for the search benchmark.
pub const SEARCH_WORD: &str = "volcano";
/// Comments the two benchmark posts need: 7 approved and 1 waiting, and 300.
pub const MIN_COMMENTS: usize = 308;

/// How big a class to write.
#[derive(Clone, Copy, Debug)]
pub struct SeedOptions {
    /// Student accounts (one teacher is added).
    pub students: usize,
    /// Posts, about 3 % of them drafts.
    pub posts: usize,
    /// Comments, at least [`MIN_COMMENTS`].
    pub comments: usize,
    /// The RNG's seed: the same seed and numbers write the same class.
    pub rng_seed: u64,
}
