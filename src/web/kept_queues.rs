//! The teachers' moderation queue as every teacher sees it, drawn once and kept: all teachers see the same
//! comments for a filter, so only the page around them (navigation, the filters as
//! typed, a notice) is drawn for each request.
//!
//! An entry is used only at the members' generation it was drawn at (see
//! `store::changes`), which moves with every change on this instance at once and,
//! through the database, with every comment sent, decided, flagged or edited and every
//! name, post and setting changed on any other (migrations 0008, 0012 and 0022), and
//! every group made, renamed or deleted and every student moved between groups (0024 and
//! 0025), so a queue filtered by group is kept too.

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use quick_cache::Weighter;
use quick_cache::sync::Cache;

use crate::store::{QueueFilter, Store};
use crate::web::views::drawn::DrawnHtml;

/// What a filter's queue shows, the same for every teacher.
pub struct DrawnQueue {
    /// The comments' list, drawn.
    pub list: DrawnHtml,
    /// How many comments it shows.
    pub count: usize,
    /// Posts waiting for a teacher's review, for the link above the queue.
    pub posts_in_review: i64,
}

impl DrawnQueue {
    /// Whether the filter picks no comment.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

/// Which queue: the view as its address names it, the post, the author and the group.
type Key = (&'static str, Option<i64>, Option<i64>, Option<i64>);

/// Drawn queues by filter, up to a budget of bytes.
#[derive(Clone)]
pub struct KeptQueues {
    queues: Option<Arc<Cache<Key, Arc<Entry>, ByBytes>>>,
}

struct Entry {
    generation: u64,
    queue: Arc<DrawnQueue>,
}

#[derive(Clone)]
struct ByBytes;

impl Weighter<Key, Arc<Entry>> for ByBytes {
    fn weight(&self, _: &Key, entry: &Arc<Entry>) -> u64 {
        u64::try_from(entry.queue.list.len() + 64).unwrap_or(u64::MAX)
    }
}

impl fmt::Debug for KeptQueues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.queues.as_ref().map_or(0, |queues| queues.len());
        f.debug_struct("KeptQueues")
            .field("queues", &count)
            .finish()
    }
}

impl KeptQueues {
    /// Keeps up to `budget_bytes` of drawn queues; 0 keeps none.
    pub fn new(budget_bytes: u64) -> KeptQueues {
        let queues =
            (budget_bytes > 0).then(|| Arc::new(Cache::with_weighter(64, budget_bytes, ByBytes)));
        KeptQueues { queues }
    }

    /// The queue `filter` picks: from memory while nothing in it can have changed,
    /// otherwise from `draw` (awaited only then).
    pub async fn get<E>(
        &self,
        store: &Store,
        filter: &QueueFilter,
        draw: impl Future<Output = Result<DrawnQueue, E>>,
    ) -> Result<Arc<DrawnQueue>, E> {
        // Read before the queue: an entry is at worst drawn again, never kept too long.
        let generation = store.members_version();
        let (Some(queues), Some(generation)) = (&self.queues, generation) else {
            return Ok(Arc::new(draw.await?));
        };
        let key = (
            filter.view.as_str(),
            filter.post_id,
            filter.author_id,
            filter.group_id,
        );
        if let Some(entry) = queues.get(&key)
            && entry.generation == generation
        {
            return Ok(Arc::clone(&entry.queue));
        }
        let queue = Arc::new(draw.await?);
        let entry = Entry {
            generation,
            queue: Arc::clone(&queue),
        };
        queues.insert(key, Arc::new(entry));
        Ok(queue)
    }
}
