//! The seed's plan: every post and comment decided in memory first (times, authors,
//! states, threads), so the inserts can go in large batches and each post's comment
//! count is known before the post is written.

use std::collections::HashMap;

use anyhow::{bail, ensure};
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use time::Duration;

use super::options::{
    MIN_COMMENTS, SEVEN_COMMENTS_TITLE, SeedOptions, THREE_HUNDRED_COMMENTS_TITLE,
};
use super::{text, words};
use crate::comments::{CommentState, MAX_DEPTH};
use crate::dates::SchoolZone;
use crate::db::Timestamp;
use crate::posts::{Labels, PostContent, Title, slug};

/// A post as planned, before it has an id.
pub(super) struct PlannedPost {
    /// Index into the class (0 is the teacher).
    pub author: usize,
    /// Index into the rendered bodies.
    pub body: usize,
    pub title: Title,
    pub slug: String,
    pub labels: Labels,
    pub label_ids: Vec<i64>,
    /// Publication time and archive month; `None` for a draft.
    pub published: Option<(Timestamp, String)>,
    pub created_at: Timestamp,
    pub edited_at: Option<Timestamp>,
    /// Approved comments planned for it.
    pub approved: i64,
}

/// A comment as planned; `parent` is an index into the plan.
pub(super) struct PlannedComment {
    /// Index into the planned posts.
    pub post: usize,
    pub parent: Option<usize>,
    pub depth: i32,
    /// Index into the class.
    pub author: usize,
    /// Index into the post's topic's comment texts.
    pub text: usize,
    pub state: CommentState,
    pub created_at: Timestamp,
    pub approved_at: Option<Timestamp>,
}

/// Posts in publication order, oldest first, over the two years before yesterday.
pub(super) fn plan_posts(
    options: &SeedOptions,
    bodies: &[(usize, PostContent)],
    label_ids: &HashMap<String, i64>,
    zone: &SchoolZone,
    rng: &mut StdRng,
) -> anyhow::Result<Vec<PlannedPost>> {
    let now = Timestamp::now();
    let span = Duration::days(730).whole_milliseconds() as i64;
    let end = (now - Duration::days(1)).unix_millis();
    let mut times: Vec<i64> = (0..options.posts)
        .map(|_| end - rng.random_range(0..span))
        .collect();
    times.sort_unstable();
    let mut slugs: HashMap<String, u32> = HashMap::new();
    let mut posts = Vec::with_capacity(options.posts);
    for (index, millis) in times.into_iter().enumerate() {
        let at = Timestamp::from_unix_millis(millis).unwrap_or(now);
        let body = rng.random_range(0..bodies.len());
        let topic = &words::TOPICS[bodies[body].0];
        let title = Title::parse(&text::title(topic, rng)).map_err(anyhow::Error::msg)?;
        let slug = unique_slug(&mut slugs, slug::for_post_title(title.as_str()));
        let labels = post_labels(topic, rng)?;
        let label_ids = labels
            .as_slice()
            .iter()
            .filter_map(|l| label_ids.get(&l.slug).copied())
            .collect();
        // About one post in 33 is a draft that was never published.
        let draft = index % 33 == 32;
        let edited = !draft && rng.random_bool(0.1);
        let author = if rng.random_bool(0.05) {
            0
        } else {
            1 + rng.random_range(0..options.students)
        };
        posts.push(PlannedPost {
            author,
            body,
            title,
            slug,
            labels,
            label_ids,
            published: (!draft).then(|| (at, zone.month_key(at))),
            created_at: at - Duration::minutes(rng.random_range(10..600)),
            edited_at: edited.then(|| at + Duration::hours(rng.random_range(1..20))),
            approved: 0,
        });
    }
    Ok(posts)
}

fn unique_slug(taken: &mut HashMap<String, u32>, base: String) -> String {
    let seen = taken.entry(base.clone()).or_insert(0);
    *seen += 1;
    match *seen {
        1 => base,
        n => slug::numbered(&base, n),
    }
}

/// The topic's label, and up to two more.
fn post_labels(topic: &words::Topic, rng: &mut StdRng) -> anyhow::Result<Labels> {
    let mut names = vec![topic.label];
    for _ in 0..rng.random_range(0..3) {
        names.extend(words::EXTRA_LABELS.choose(rng));
    }
    Labels::parse(&names.join(", ")).map_err(anyhow::Error::msg)
}

/// Published posts, newest first.
pub(super) fn newest_published(posts: &[PlannedPost]) -> impl Iterator<Item = usize> + '_ {
    (0..posts.len())
        .rev()
        .filter(|&i| posts[i].published.is_some())
}

/// Makes the 5th and 10th newest published posts (the newest two in a tiny class) the
/// two benchmark posts, written by the first student; returns their indices.
pub(super) fn set_apart(posts: &mut [PlannedPost]) -> anyhow::Result<[usize; 2]> {
    let newest: Vec<usize> = newest_published(posts).take(10).collect();
    let chosen = match newest.as_slice() {
        [.., fifth, _, _, _, _, tenth] if newest.len() == 10 => [*fifth, *tenth],
        [first, second, ..] => [*first, *second],
        _ => bail!("the seed needs at least two published posts"),
    };
    // These titles are unlike any generated one, so their slugs are free.
    for (index, title) in chosen
        .into_iter()
        .zip([SEVEN_COMMENTS_TITLE, THREE_HUNDRED_COMMENTS_TITLE])
    {
        let post = &mut posts[index];
        post.title = Title::parse(title).map_err(anyhow::Error::msg)?;
        post.slug = slug::for_post_title(title);
        post.author = 1;
    }
    Ok(chosen)
}

/// Every comment: the benchmark posts get exactly theirs, the rest are spread
/// unevenly (exponential weights) over the other published posts.
pub(super) fn plan_comments(
    options: &SeedOptions,
    posts: &mut [PlannedPost],
    [seven, three_hundred]: [usize; 2],
    rng: &mut StdRng,
) -> anyhow::Result<Vec<PlannedComment>> {
    let others: Vec<usize> = newest_published(posts)
        .filter(|&i| i != seven && i != three_hundred)
        .collect();
    let spread = options.comments - MIN_COMMENTS;
    ensure!(
        spread == 0 || !others.is_empty(),
        "more comments than the two benchmark posts take need more posts"
    );
    let mut counts: HashMap<usize, usize> = HashMap::with_capacity(others.len());
    let weights: Vec<f64> = others
        .iter()
        .map(|_| -(1.0 - rng.random::<f64>()).ln())
        .collect();
    let total: f64 = weights.iter().sum::<f64>().max(f64::MIN_POSITIVE);
    let mut given = 0;
    for (post, weight) in others.iter().zip(&weights) {
        let n = (spread as f64 * weight / total).floor() as usize;
        counts.insert(*post, n);
        given += n;
    }
    while given < spread {
        if let Some(post) = others.choose(rng) {
            *counts.entry(*post).or_insert(0) += 1;
            given += 1;
        }
    }

    let mut plan = Vec::with_capacity(options.comments);
    let class = options.students + 1;
    for (index, post) in posts.iter_mut().enumerate() {
        let states: Vec<CommentState> = if index == seven {
            let mut states = vec![CommentState::Approved; 7];
            states.insert(rng.random_range(0..=7), CommentState::Pending);
            states
        } else if index == three_hundred {
            vec![CommentState::Approved; 300]
        } else {
            let n = counts.get(&index).copied().unwrap_or(0);
            (0..n)
                .map(|_| {
                    if rng.random_bool(0.05) {
                        CommentState::Pending
                    } else {
                        CommentState::Approved
                    }
                })
                .collect()
        };
        if let Some((published, _)) = post.published {
            plan_thread(&mut plan, index, published, &states, class, rng);
            post.approved = states
                .iter()
                .filter(|s| **s == CommentState::Approved)
                .count() as i64;
        }
    }
    Ok(plan)
}

/// One post's comments, oldest first, in the two weeks after it was published; about a
/// third answer an earlier approved comment, placed as `comments::reply_position` would.
fn plan_thread(
    plan: &mut Vec<PlannedComment>,
    post: usize,
    published: Timestamp,
    states: &[CommentState],
    class: usize,
    rng: &mut StdRng,
) {
    let now = Timestamp::now();
    let start = (published + Duration::minutes(5)).unix_millis();
    let end = (published + Duration::days(14))
        .min(now - Duration::minutes(2))
        .unix_millis()
        .max(start + 60_000);
    let mut times: Vec<i64> = states
        .iter()
        .map(|_| rng.random_range(start..end))
        .collect();
    times.sort_unstable();
    let mut approved: Vec<usize> = Vec::new();
    for (state, millis) in states.iter().zip(times) {
        let created_at = Timestamp::from_unix_millis(millis).unwrap_or(now);
        let answered = if rng.random_bool(0.35) {
            approved.choose(rng).copied()
        } else {
            None
        };
        let (parent, depth) = match answered {
            Some(parent) if plan[parent].depth >= MAX_DEPTH => (plan[parent].parent, MAX_DEPTH),
            Some(parent) => (Some(parent), plan[parent].depth + 1),
            None => (None, 1),
        };
        let author = if rng.random_bool(0.1) {
            0
        } else {
            rng.random_range(1..class.max(2))
        };
        let approved_at = (*state == CommentState::Approved).then(|| {
            (created_at + Duration::minutes(rng.random_range(1..120)))
                .min(now - Duration::minutes(1))
        });
        if *state == CommentState::Approved {
            approved.push(plan.len());
        }
        plan.push(PlannedComment {
            post,
            parent,
            depth,
            author,
            text: rng.random_range(0..super::rendered::COMMENT_TEXTS),
            state: *state,
            created_at,
            approved_at,
        });
    }
}
