//! The parts of a post page that are the same for every reader: the post, its older and
//! newer neighbours, and every comment any reader of it may see (approved, waiting,
//! rejected). Read once per members' generation and kept; each request then only picks
//! what its reader may see and draws the page (see `views::thread`), and the threads
//! drawn for a kind of reader are kept with them (`views::kept_thread`).
//!
//! Kept by the members' generation (see `store::changes`), which moves with every change
//! to a post, a name, a label or a comment, including a comment left waiting, on this
//! instance at once and on every other through the database: a reader's own waiting
//! comment and every approved one show on the next request, on any instance.

use std::sync::Arc;

use quick_cache::Weighter;
use quick_cache::sync::Cache;

use crate::comments::Comment;
use crate::posts::Post;
use crate::store::{PostLink, Store};
use crate::web::views::kept_thread::KeptThreads;

/// What every reader's page of one post is drawn from.
#[derive(Debug)]
pub struct PostParts {
    /// The post, in whatever state (who may read it is decided per reader).
    pub post: Post,
    /// The published post just older, if the post is live.
    pub older: Option<PostLink>,
    /// The published post just newer, if the post is live.
    pub newer: Option<PostLink>,
    /// Approved, waiting and rejected comments, oldest first.
    pub comments: Vec<Comment>,
    /// The post's first picture, for the page's preview: found in its HTML once, not on
    /// every request.
    pub preview_image: Option<String>,
    /// The comment threads as drawn for the readers who had no comment of their own in
    /// them (see `views::kept_thread`), filled as they ask.
    pub threads: KeptThreads,
}

/// Posts' parts by slug, up to a budget of bytes.
#[derive(Clone)]
pub struct PostPartsCache {
    posts: Option<Arc<Cache<String, Arc<Entry>, ByBytes>>>,
}

struct Entry {
    generation: u64,
    parts: Arc<PostParts>,
}

#[derive(Clone)]
struct ByBytes;

impl Weighter<String, Arc<Entry>> for ByBytes {
    fn weight(&self, key: &String, entry: &Arc<Entry>) -> u64 {
        // The texts dominate; a few hundred bytes stand for the rest of each row. The
        // threads are drawn after the entry is weighed: each comment's HTML is counted
        // three times more for them (students and a teacher, say) with its links.
        let parts = &entry.parts;
        let comments: usize = parts
            .comments
            .iter()
            .map(|c| c.body.len() + 4 * c.body_html.as_str().len() + 1024)
            .sum();
        let post = parts.post.body.len() + parts.post.body_html.as_str().len() + 1024;
        u64::try_from(key.len() + post + comments).unwrap_or(u64::MAX)
    }
}

impl std::fmt::Debug for PostPartsCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (count, bytes) = self
            .posts
            .as_ref()
            .map_or((0, 0), |posts| (posts.len(), posts.weight()));
        f.debug_struct("PostPartsCache")
            .field("posts", &count)
            .field("bytes", &bytes)
            .finish()
    }
}

impl PostPartsCache {
    /// A cache holding up to `budget_bytes` of posts and comments; 0 keeps nothing.
    pub fn new(budget_bytes: u64) -> PostPartsCache {
        let posts = (budget_bytes > 0).then(|| {
            // quick_cache sizes its tables from this guess: a post and a few comments.
            let estimated = usize::try_from(budget_bytes / 8_192).unwrap_or(1024);
            Arc::new(Cache::with_weighter(
                estimated.max(16),
                budget_bytes,
                ByBytes,
            ))
        });
        PostPartsCache { posts }
    }

    /// The parts of the post at `slug`, from memory while nothing a member sees has
    /// changed; `None` when no post has that slug.
    pub async fn get(
        &self,
        store: &Store,
        slug: &str,
    ) -> Result<Option<Arc<PostParts>>, sqlx::Error> {
        // Read before the queries: an entry is at worst dropped early, never kept long.
        let generation = store.members_version();
        if let (Some(posts), Some(generation)) = (&self.posts, generation)
            && let Some(entry) = posts.get(slug)
            && entry.generation == generation
        {
            return Ok(Some(Arc::clone(&entry.parts)));
        }
        let Some(parts) = read(store, slug).await? else {
            return Ok(None);
        };
        let parts = Arc::new(parts);
        if let (Some(posts), Some(generation)) = (&self.posts, generation) {
            let entry = Entry {
                generation,
                parts: Arc::clone(&parts),
            };
            posts.insert(slug.to_owned(), Arc::new(entry));
        }
        Ok(Some(parts))
    }
}

/// The post, then its neighbours and its comments at once (one wait, not two).
async fn read(store: &Store, slug: &str) -> Result<Option<PostParts>, sqlx::Error> {
    let Some(post) = store.post_by_slug(slug).await? else {
        return Ok(None);
    };
    let neighbours = async {
        match post.published_at {
            Some(at) if post.is_live() => store.neighbours_of(at, post.id).await,
            _ => Ok((None, None)),
        }
    };
    let ((older, newer), comments) = tokio::try_join!(neighbours, store.thread_of(post.id))?;
    Ok(Some(PostParts {
        preview_image: post.body_html.first_image().map(str::to_owned),
        post,
        older,
        newer,
        comments,
        threads: KeptThreads::default(),
    }))
}
