//! The seed's inserts: the plan turned into rows, a batch a statement and a transaction.

use anyhow::Context;

use super::plan::{PlannedComment, PlannedPost};
use super::rendered::CommentText;
use super::write::{self, NewSeedComment, NewSeedPost};
use crate::comments::MAX_DEPTH;
use crate::posts::{PostContent, PostStatus};
use crate::store::Store;

/// Posts per insert statement and transaction: SQLite finds a `$N` parameter by walking
/// the statement's list of names, so binding costs the square of the parameters, and
/// a few thousand a statement is the sweet spot (2,000 comments, 24,000 parameters,
/// took a second a statement; 200 take 10 ms).
const POST_BATCH: usize = 100;
/// Comments per insert statement and transaction.
const COMMENT_BATCH: usize = 200;

/// Writes the planned posts, oldest first; returns their ids in plan order.
pub(super) async fn posts(
    store: &Store,
    posts: &[PlannedPost],
    bodies: &[(usize, PostContent)],
    user_ids: &[i64],
) -> anyhow::Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(posts.len());
    for chunk in posts.chunks(POST_BATCH) {
        let rows: Vec<NewSeedPost<'_>> = chunk
            .iter()
            .map(|post| {
                let content = &bodies[post.body].1;
                NewSeedPost {
                    author_id: user_ids[post.author],
                    title: &post.title,
                    slug: &post.slug,
                    body: &content.body,
                    rendered: &content.rendered,
                    excerpt: &content.excerpt,
                    labels: &post.labels,
                    label_ids: &post.label_ids,
                    status: if post.published.is_some() {
                        PostStatus::Published
                    } else {
                        PostStatus::Draft
                    },
                    published: post
                        .published
                        .as_ref()
                        .map(|(at, month)| (*at, month.as_str())),
                    created_at: post.created_at,
                    edited_at: post.edited_at,
                    comment_count: post.approved,
                }
            })
            .collect();
        ids.extend(
            write::posts(store.db(), &rows)
                .await
                .context("cannot insert posts")?,
        );
        progress("posts", ids.len(), posts.len(), chunk.len());
    }
    Ok(ids)
}

/// Writes the planned comments a depth at a time, so every reply's parent already has
/// an id when the reply is written.
pub(super) async fn comments(
    store: &Store,
    plan: &[PlannedComment],
    posts: &[PlannedPost],
    post_ids: &[i64],
    user_ids: &[i64],
    texts: &[Vec<CommentText>],
    bodies: &[(usize, PostContent)],
) -> anyhow::Result<()> {
    let mut ids = vec![0_i64; plan.len()];
    let mut written = 0;
    for depth in 1..=MAX_DEPTH {
        let level: Vec<usize> = (0..plan.len())
            .filter(|&i| plan[i].depth == depth)
            .collect();
        for chunk in level.chunks(COMMENT_BATCH) {
            let rows: Vec<NewSeedComment<'_>> = chunk
                .iter()
                .map(|&i| {
                    let comment = &plan[i];
                    let topic = bodies[posts[comment.post].body].0;
                    let text = &texts[topic][comment.text];
                    NewSeedComment {
                        post_id: post_ids[comment.post],
                        parent_id: comment.parent.map(|p| ids[p]),
                        depth: comment.depth,
                        author_id: user_ids[comment.author],
                        body: text.body.as_str(),
                        body_html: &text.html,
                        body_hash: &text.hash,
                        state: comment.state,
                        address: ADDRESSES[comment.author % ADDRESSES.len()],
                        created_at: comment.created_at,
                        approved_at: comment.approved_at,
                    }
                })
                .collect();
            let new_ids = write::comments(store.db(), &rows, user_ids[0])
                .await
                .context("cannot insert comments")?;
            for (&i, id) in chunk.iter().zip(new_ids) {
                ids[i] = id;
            }
            written += chunk.len();
            progress("comments", written, plan.len(), chunk.len());
        }
    }
    Ok(())
}

/// Where the class's comments came from: a school's few addresses.
const ADDRESSES: &[&str] = &["192.0.2.10", "192.0.2.11", "192.0.2.12", "192.0.2.13"];

/// Logs every tenth of the way, so a long seed shows it is moving.
fn progress(what: &str, done: usize, total: usize, batch: usize) {
    let step = (total / 10).max(1);
    if done % step < batch.min(step) || done == total {
        tracing::info!(what, done, total, "seeding");
    }
}
