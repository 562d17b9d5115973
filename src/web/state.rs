//! `AppState`: what every handler and layer can reach, as one cheap, clonable handle.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{cache, kept_queues, page_cache, post_parts};
use crate::config::Settings;
use crate::store::{SiteSettings, Store};

/// What every handler can reach: a cheap, clonable handle. Every layer and handler
/// clones it for each request, so it is one reference count, not one per part.
#[derive(Clone, Debug)]
pub struct AppState {
    shared: Arc<Shared>,
    /// How the web import fetches pictures: public addresses only. Tests that serve
    /// pictures on 127.0.0.1 replace it; nothing a server is started with can.
    pub import_fetching: crate::import::Fetching,
}

/// What an [`AppState`] points to.
#[derive(Debug)]
pub struct Shared {
    /// The database behind every query.
    pub store: Store,
    /// Fixed at start-up from flags and environment.
    pub settings: Settings,
    /// Set once a teacher exists; never unset, so caching it per process is safe
    /// even with several instances.
    setup_done: AtomicBool,
    /// The key that signs the comment form's timestamp, read once from the database.
    form_secret: tokio::sync::OnceCell<String>,
    /// Labels and archive counts, checked against the database on every use.
    pub(super) sidebar: cache::SidebarCache,
    /// The site settings, as of this instance's content generation.
    site: cache::SettingsCache,
    /// Pages for readers who are not signed in, as of the content generation.
    pub(super) page_cache: page_cache::PageCache,
    /// Posts, their neighbours and comments, as of the members' generation.
    pub(super) post_parts: post_parts::PostPartsCache,
    /// The moderation queue drawn, as of the members' generation and the queue's stamp.
    pub(super) kept_queues: kept_queues::KeptQueues,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.shared
    }
}

impl AppState {
    /// Bundles the store and settings.
    pub fn new(store: Store, settings: Settings) -> AppState {
        // `--page-cache-mb` is all the memory both keep: half each, so the flag means
        // what it says (each once had the whole budget, twice the memory asked for).
        // The moderation queues take an eighth of it from the anonymous pages' half.
        let half = settings.page_cache_bytes / 2;
        let queues = settings.page_cache_bytes / 8;
        let shared = Arc::new(Shared {
            page_cache: page_cache::PageCache::new(settings.page_cache_bytes - half - queues),
            post_parts: post_parts::PostPartsCache::new(half),
            kept_queues: kept_queues::KeptQueues::new(queues),
            store,
            settings,
            setup_done: AtomicBool::new(false),
            form_secret: tokio::sync::OnceCell::new(),
            sidebar: cache::SidebarCache::default(),
            site: cache::SettingsCache::default(),
        });
        AppState {
            shared,
            import_fetching: crate::import::Fetching::web(),
        }
    }

    /// The site settings, from memory while nothing has changed.
    pub(super) async fn site_settings(&self) -> Result<SiteSettings, sqlx::Error> {
        self.site.get(&self.store).await
    }

    /// The shared secret for signing form timestamps.
    pub(super) async fn form_secret(&self) -> Result<&str, sqlx::Error> {
        self.form_secret
            .get_or_try_init(|| self.store.form_secret())
            .await
            .map(String::as_str)
    }

    /// Whether the site is public, by the settings read at `generation`; `None` when
    /// they have not been read at it yet.
    pub(super) fn public_at(&self, generation: u64) -> Option<bool> {
        self.site.public_at(generation)
    }

    /// Whether a teacher account is known to exist, without asking the database.
    pub(super) fn known_set_up(&self) -> bool {
        self.setup_done.load(Ordering::Relaxed)
    }

    /// Whether a teacher account exists yet.
    pub(super) async fn is_set_up(&self) -> Result<bool, sqlx::Error> {
        if self.setup_done.load(Ordering::Relaxed) {
            return Ok(true);
        }
        let done = self.store.teacher_exists().await?;
        if done {
            self.setup_done.store(true, Ordering::Relaxed);
        }
        Ok(done)
    }
}
