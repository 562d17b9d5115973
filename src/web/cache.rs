//! The one thing quire keeps in memory between requests: the labels and archive
//! counts that the home page, `/labels` and `/archive` show. They cost a scan of every
//! published post, so each instance keeps a copy stamped with the posts counter, and
//! checks the counter (one primary-key read) before using it. Every change to published
//! posts moves the counter in its own transaction, so no instance ever shows a copy
//! older than the database, however many instances there are.

use std::sync::{Arc, Mutex};

use crate::store::{LabelCount, MonthCount, Store};

/// Labels and archive months with their counts, as of one posts-counter value.
#[derive(Debug)]
pub struct Sidebar {
    /// The posts counter this copy was made at.
    pub version: i64,
    /// Labels on published posts.
    pub labels: Vec<LabelCount>,
    /// Months with published posts.
    pub archive: Vec<MonthCount>,
}

/// This instance's copy.
#[derive(Clone, Debug, Default)]
pub struct SidebarCache(Arc<Mutex<Option<Arc<Sidebar>>>>);

impl SidebarCache {
    /// The current labels and archive, from the copy if it is still right.
    pub async fn get(&self, store: &Store) -> Result<Arc<Sidebar>, sqlx::Error> {
        let version = store.posts_version().await?;
        let cached = self.0.lock().ok().and_then(|slot| slot.clone());
        if let Some(sidebar) = cached.filter(|s| s.version == version) {
            return Ok(sidebar);
        }
        let fresh = Arc::new(Sidebar {
            version,
            labels: store.label_counts().await?,
            archive: store.archive_months().await?,
        });
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(Arc::clone(&fresh));
        }
        Ok(fresh)
    }
}
