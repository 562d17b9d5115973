//! The posts an instance has read lately by id, each with the content generation it was
//! read at (see `changes.rs`). Everything a post's row holds (its texts, state, author's
//! name, assignment) moves that generation when it changes, on any instance; a comment
//! left waiting does not, so a class sending comments for the teacher reads each post
//! once, not once a comment.

use std::sync::Arc;

use quick_cache::Weighter;
use quick_cache::sync::Cache;

use crate::posts::Post;

/// How many bytes of posts an instance keeps read: a class's recent posts.
const KEPT_BYTES: u64 = 2 * 1024 * 1024;

/// Posts as read, by id, with the content generation they were read at.
pub(super) struct KeptPosts(Cache<i64, Arc<(u64, Post)>, ByBytes>);

#[derive(Clone)]
struct ByBytes;

impl Weighter<i64, Arc<(u64, Post)>> for ByBytes {
    fn weight(&self, _id: &i64, kept: &Arc<(u64, Post)>) -> u64 {
        // The texts dominate; a few hundred bytes stand for the rest of the row.
        let post = &kept.1;
        let texts = post.body.len() + post.body_html.as_str().len() + post.excerpt.len();
        u64::try_from(texts + 512).unwrap_or(u64::MAX)
    }
}

impl KeptPosts {
    pub(super) fn new() -> KeptPosts {
        // quick_cache sizes its tables from this guess: posts of a few kilobytes.
        KeptPosts(Cache::with_weighter(256, KEPT_BYTES, ByBytes))
    }

    /// The post kept for `id`, unless it was read before the content generation `now`.
    pub(super) fn get(&self, id: i64, now: u64) -> Option<Post> {
        let kept = self.0.get(&id)?;
        let (read, post) = kept.as_ref();
        (*read == now).then(|| post.clone())
    }

    /// Keeps `post`, read at the content generation `read`.
    pub(super) fn keep(&self, read: u64, post: &Post) {
        self.0.insert(post.id, Arc::new((read, post.clone())));
    }
}

impl std::fmt::Debug for KeptPosts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeptPosts")
            .field("posts", &self.0.len())
            .field("bytes", &self.0.weight())
            .finish()
    }
}
