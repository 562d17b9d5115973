//! The queue as every teacher sees it, drawn once and kept: all teachers see the same
//! comments for a filter, so only the page around them (navigation, the filters as
//! typed, a notice) is drawn for each request.
//!
//! An entry is used only while two things are as they were when it was drawn: the
//! members' generation (see `store::changes`), which moves with every change on this
//! instance and, through the database, with names, posts and settings changed on any
//! other; and the queue's stamp, read from the database on every request, which moves
//! with every comment sent, decided, flagged or edited on any instance (a comment left
//! waiting elsewhere moves no generation here). A queue filtered by group is drawn each
//! time: who is in a group is not among the changes the generation hears of.

use std::sync::Arc;

use quick_cache::Weighter;
use quick_cache::sync::Cache;

use super::view::{DrawnQueue, QueueEntry};
use crate::error::AppError;
use crate::store::{QueueFilter, QueueStamp, Store};
use crate::web::viewer::Teacher;

/// Comments shown in the queue at once.
const QUEUE_LENGTH: i64 = 100;

/// Which queue: the view as its address names it, the post and the author.
type Key = (&'static str, Option<i64>, Option<i64>);

/// Drawn queues by filter, up to a budget of bytes.
#[derive(Clone)]
pub struct KeptQueues {
    queues: Option<Arc<Cache<Key, Arc<Entry>, ByBytes>>>,
}

struct Entry {
    generation: u64,
    stamp: QueueStamp,
    queue: Arc<DrawnQueue>,
}

#[derive(Clone)]
struct ByBytes;

impl Weighter<Key, Arc<Entry>> for ByBytes {
    fn weight(&self, _: &Key, entry: &Arc<Entry>) -> u64 {
        u64::try_from(entry.queue.weight()).unwrap_or(u64::MAX)
    }
}

impl std::fmt::Debug for KeptQueues {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
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

    /// The queue `filter` picks, drawn for `teacher`'s school: from memory while
    /// nothing in it can have changed.
    pub(super) async fn get(
        &self,
        store: &Store,
        teacher: &Teacher,
        filter: &QueueFilter,
    ) -> Result<Arc<DrawnQueue>, AppError> {
        // Read before the queue: an entry is at worst drawn again, never kept too long.
        let generation = store.members_version();
        let (Some(queues), Some(generation), None) = (&self.queues, generation, filter.group_id)
        else {
            return Ok(Arc::new(draw(store, teacher, filter).await?));
        };
        let key = (filter.view.as_str(), filter.post_id, filter.author_id);
        let stamp = store.queue_stamp().await?;
        if let Some(entry) = queues.get(&key)
            && entry.generation == generation
            && entry.stamp == stamp
        {
            return Ok(Arc::clone(&entry.queue));
        }
        let queue = Arc::new(draw(store, teacher, filter).await?);
        let entry = Entry {
            generation,
            stamp,
            queue: Arc::clone(&queue),
        };
        queues.insert(key, Arc::new(entry));
        Ok(queue)
    }
}

/// Reads the queue and the review count at once (on Postgres each is a round trip),
/// and draws the queue's comments.
async fn draw(
    store: &Store,
    teacher: &Teacher,
    filter: &QueueFilter,
) -> Result<DrawnQueue, AppError> {
    let (items, posts_in_review) = tokio::try_join!(
        store.moderation_queue(filter, QUEUE_LENGTH),
        store.posts_in_review_count(),
    )?;
    let viewer = &teacher.0.viewer;
    let zone = viewer.zone();
    let entries: Vec<QueueEntry> = items
        .into_iter()
        .map(|item| QueueEntry::new(item, &zone, &viewer.site.discussion))
        .collect();
    DrawnQueue::draw(&entries, posts_in_review)
}
