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

mod commenters;
mod insert;
mod plan;
mod statements;
mod text;
mod words;
mod write;

pub use commenters::add_commenters;
pub use statements::STATEMENTS;
pub use write::SeedCounts;

use std::collections::HashMap;
use std::fmt;
use std::time::{Duration, Instant};

use anyhow::{bail, ensure};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::accounts::{NewPassword, Role, Username};
use crate::auth::password;
use crate::comments::CommentBody;
use crate::dates::SchoolZone;
use crate::posts::markdown::{SafeHtml, render_comment};
use crate::posts::{Body, Labels, PostContent, Title};
use crate::store::Store;
use write::NewSeedUser;

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

/// Distinct post bodies rendered; posts share them beyond this.
const BODIES: usize = 240;
/// Distinct comment texts per topic.
const COMMENT_TEXTS: usize = 40;
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

/// A comment text, checked, rendered and fingerprinted once.
struct CommentText {
    body: CommentBody,
    html: SafeHtml,
    hash: String,
}

/// Writes a class into an empty database.
pub async fn seed(store: &Store, options: &SeedOptions) -> anyhow::Result<SeedReport> {
    let started = Instant::now();
    ensure!(options.students >= 1, "--students must be at least 1");
    ensure!(options.posts >= 2, "--posts must be at least 2");
    ensure!(
        options.comments >= MIN_COMMENTS,
        "--comments must be at least {MIN_COMMENTS} (7 + 1 and 300 for the two benchmark posts)"
    );
    if !write::database_is_empty(store.db()).await? {
        bail!("the database already has accounts; seed only a new, empty database");
    }
    let mut rng = StdRng::seed_from_u64(options.rng_seed);
    let zone = SchoolZone::parse(&store.site_settings().await?.time_zone).unwrap_or_default();

    let (user_ids, usernames) = create_class(store, options.students).await?;
    let label_ids = create_labels(store).await?;
    let bodies = render_bodies(options.posts, &mut rng)?;
    let texts = comment_texts(&mut rng)?;
    let mut posts = plan::plan_posts(options, &bodies, &label_ids, &zone, &mut rng)?;
    let [seven, three_hundred] = plan::set_apart(&mut posts)?;
    let comments = plan::plan_comments(options, &mut posts, [seven, three_hundred], &mut rng)?;

    let post_ids = insert::posts(store, &posts, &bodies, &user_ids).await?;
    insert::comments(
        store, &comments, &posts, &post_ids, &user_ids, &texts, &bodies,
    )
    .await?;
    if matches!(store.db(), crate::db::Db::Postgres(_)) {
        // Postgres's autovacuum would gather statistics soon after a bulk load; SQLite
        // gets none, because quire never runs ANALYZE there, so neither does the seed.
        write::analyze(store.db()).await?;
    }
    let counts = write::counts(store.db()).await?;
    ensure!(
        counts.miscounted == 0,
        "{} posts have a wrong comment count",
        counts.miscounted
    );
    let comment_targets = plan::newest_published(&posts)
        .filter(|&index| index != seven && index != three_hundred)
        .take(20)
        .map(|index| post_ids[index])
        .collect();
    Ok(SeedReport {
        teacher: usernames[0].clone(),
        author: usernames[1].clone(),
        seven: SeededPost {
            id: post_ids[seven],
            slug: posts[seven].slug.clone(),
        },
        three_hundred: SeededPost {
            id: post_ids[three_hundred],
            slug: posts[three_hundred].slug.clone(),
        },
        comment_targets,
        counts,
        elapsed: started.elapsed(),
    })
}

/// The hash of [`PASSWORD`], which every seeded account shares.
async fn password_hash() -> anyhow::Result<String> {
    let password = NewPassword::parse(PASSWORD, PASSWORD).map_err(anyhow::Error::msg)?;
    Ok(password::hash(&password).await?)
}

/// The teacher (index 0) and the students; returns ids and usernames in that order.
async fn create_class(store: &Store, students: usize) -> anyhow::Result<(Vec<i64>, Vec<String>)> {
    let hash = password_hash().await?;
    let mut names = vec![("Ms. Rivera".to_owned(), Role::Teacher)];
    names.extend((0..students).map(|n| (text::student_name(n), Role::Student)));
    let mut taken: HashMap<String, u32> = HashMap::new();
    let usernames: Vec<String> = names
        .iter()
        .map(|(name, _)| {
            let base = Username::suggest_for(name);
            let seen = taken.entry(base.as_str().to_owned()).or_insert(0);
            *seen += 1;
            match *seen {
                1 => base.as_str().to_owned(),
                n => base.numbered(n).as_str().to_owned(),
            }
        })
        .collect();
    let users: Vec<NewSeedUser<'_>> = names
        .iter()
        .zip(&usernames)
        .map(|((display_name, role), username)| NewSeedUser {
            username,
            display_name,
            role: *role,
            bio: if *role == Role::Teacher {
                "I teach this class."
            } else {
                "I write about what we learn."
            },
        })
        .collect();
    let ids = write::users(store.db(), &users, &hash).await?;
    Ok((ids, usernames))
}

/// Every label a seeded post may carry; returns slug → id.
async fn create_labels(store: &Store) -> anyhow::Result<HashMap<String, i64>> {
    let names: Vec<&str> = words::TOPICS
        .iter()
        .map(|t| t.label)
        .chain(words::EXTRA_LABELS.iter().copied())
        .collect();
    let mut labels = Vec::new();
    for name in names {
        let parsed = Labels::parse(name).map_err(anyhow::Error::msg)?;
        labels.extend(parsed.as_slice().iter().cloned());
    }
    let pairs: Vec<(&str, &str)> = labels
        .iter()
        .map(|l| (l.name.as_str(), l.slug.as_str()))
        .collect();
    let ids = write::labels(store.db(), &pairs).await?;
    Ok(labels.iter().map(|l| l.slug.clone()).zip(ids).collect())
}

/// The distinct bodies, each rendered once as the Write page would: (topic, content).
fn render_bodies(posts: usize, rng: &mut StdRng) -> anyhow::Result<Vec<(usize, PostContent)>> {
    let placeholder = Title::parse("Seed").map_err(anyhow::Error::msg)?;
    (0..posts.min(BODIES))
        .map(|n| {
            let topic = n % words::TOPICS.len();
            // With the table, the list and the footnotes, 300 to 1,500 words.
            let words = rng.random_range(300..=1_400);
            let markdown = text::body(&words::TOPICS[topic], words, rng);
            let body = Body::parse(&markdown).map_err(anyhow::Error::msg)?;
            let content = PostContent::new(placeholder.clone(), body, Labels::default());
            Ok((topic, content))
        })
        .collect()
}

/// The distinct comment texts, per topic, each checked and rendered once.
fn comment_texts(rng: &mut StdRng) -> anyhow::Result<Vec<Vec<CommentText>>> {
    words::TOPICS
        .iter()
        .map(|topic| {
            (0..COMMENT_TEXTS)
                .map(|_| {
                    let body = CommentBody::parse(&text::comment(topic, rng))
                        .map_err(anyhow::Error::msg)?;
                    Ok(CommentText {
                        html: render_comment(body.as_str()),
                        hash: body.fingerprint(),
                        body,
                    })
                })
                .collect()
        })
        .collect()
}
