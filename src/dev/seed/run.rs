//! The seed's order of work: check the database is empty, make the class and the
//! texts, plan every post and comment in memory, insert them in batches, then count.

use std::time::Instant;

use anyhow::{Context, bail, ensure};
use rand::SeedableRng;
use rand::rngs::StdRng;

use super::class::{create_class, create_labels};
use super::options::{MIN_COMMENTS, SeedOptions};
use super::plan;
use super::rendered::{comment_texts, render_bodies};
use super::report::{SeedReport, SeededPost};
use super::{insert, write};
use crate::dates::SchoolZone;
use crate::store::Store;

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
    // The bulk insert leaves the names' comparison forms to the store's own fill.
    store.fill_name_skeletons().await?;
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
    // A label page to measure: the seven-comment post's first label, else any post's.
    let label = posts[seven]
        .labels
        .as_slice()
        .iter()
        .chain(posts.iter().flat_map(|post| post.labels.as_slice()))
        .next()
        .map(|label| label.slug.clone())
        .context("no seeded post has a label")?;
    Ok(SeedReport {
        teacher: usernames[0].clone(),
        author: usernames[1].clone(),
        label,
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
