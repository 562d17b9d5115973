//! A published post written straight through the store, for tests that need posts on
//! the page but are not about writing them. Shared by the HTTP and the browser test
//! binaries (`#[path]`).

use quire::posts::{Body, Labels, PostContent, Title};
use quire::store::{NewPost, Publication, Store};

/// Writes and publishes a post by `author_id` now; answers its id.
pub async fn publish_now(
    store: &Store,
    author_id: i64,
    title: &str,
    body: &str,
    labels: &str,
) -> i64 {
    let content = PostContent::new(
        Title::parse(title).expect("a valid title"),
        Body::parse(body).expect("a valid body"),
        Labels::parse(labels).expect("valid labels"),
    );
    let id = store
        .create_post(&NewPost {
            author_id,
            content: &content,
        })
        .await
        .expect("post created");
    let now = quire::db::Timestamp::now();
    let publication = Publication {
        at: now,
        month: quire::dates::SchoolZone::default().month_key(now),
    };
    store
        .publish_post(id, &publication, author_id)
        .await
        .expect("post published");
    id
}
