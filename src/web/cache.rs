//! Query results kept in memory between requests (rendered pages are in `page_cache`).
//!
//! The labels and archive counts that the home page, `/labels` and `/archive` show cost
//! a scan of every published post, so each instance keeps a copy stamped with the posts
//! counter, and checks the counter (one primary-key read) before using it. Every change
//! to published posts moves the counter in its own transaction, so no instance ever
//! shows a copy older than the database, however many instances there are.
//!
//! The site settings, read for every request, are kept as of the content generation
//! ([`crate::store::ContentVersion`]), which moves with every change to them.

use std::sync::{Arc, Mutex};

use crate::store::{LabelCount, MonthCount, SiteSettings, Store};

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

/// This instance's copy of the site settings, with the generation it was read at.
#[derive(Clone, Debug, Default)]
pub struct SettingsCache(Arc<Mutex<Option<(u64, SiteSettings)>>>);

impl SettingsCache {
    /// The site settings, from the copy while the content generation has not moved.
    pub async fn get(&self, store: &Store) -> Result<SiteSettings, sqlx::Error> {
        // Read before the settings, so a copy is never stamped newer than it is.
        let generation = store.content_version();
        if let Some(generation) = generation {
            let kept = self.0.lock().ok().and_then(|slot| slot.clone());
            if let Some((_, settings)) = kept.filter(|(at, _)| *at == generation) {
                return Ok(settings);
            }
        }
        let settings = store.site_settings().await?;
        if let (Some(generation), Ok(mut slot)) = (generation, self.0.lock()) {
            *slot = Some((generation, settings.clone()));
        }
        Ok(settings)
    }

    /// Whether the site is public, by the copy made at `generation`; `None` when the copy
    /// is of another generation (or there is none yet).
    pub fn public_at(&self, generation: u64) -> Option<bool> {
        let slot = self.0.lock().ok()?;
        let (at, settings) = slot.as_ref()?;
        (*at == generation).then_some(settings.public)
    }
}
