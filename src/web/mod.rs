//! HTTP: the route table, the middleware, and a module of handlers per area.
//!
//! Data flows one way: route -> handler -> domain parse -> store -> page struct -> HTML.

mod account;
mod assets;
mod cache;
mod class;
mod comments;
mod extract;
mod feeds;
mod forms;
mod health;
mod history;
mod media;
mod middleware;
mod moderation;
mod moderation_view;
mod page_cache;
mod pages;
mod post_actions;
mod reading;
mod review;
mod router;
mod session;
mod settings;
mod setup;
mod sign_in;
mod views;
mod write;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub use page_cache::CACHE_STATUS;
pub use router::router;
pub use session::{SESSION_COOKIE, SESSION_LIFETIME};

use crate::config::Settings;
use crate::store::{SiteSettings, Store};

/// What every handler can reach: a cheap, clonable handle.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database behind every query.
    pub store: Store,
    /// Fixed at start-up from flags and environment.
    pub settings: Arc<Settings>,
    /// Set once a teacher exists; never unset, so caching it per process is safe
    /// even with several instances.
    setup_done: Arc<AtomicBool>,
    /// The key that signs the comment form's timestamp, read once from the database.
    form_secret: Arc<tokio::sync::OnceCell<String>>,
    /// Labels and archive counts, checked against the database on every use.
    sidebar: cache::SidebarCache,
    /// The site settings, as of this instance's content generation.
    site: cache::SettingsCache,
    /// Pages for readers who are not signed in, as of the content generation.
    page_cache: page_cache::PageCache,
}

impl AppState {
    /// Bundles the store and settings.
    pub fn new(store: Store, settings: Settings) -> AppState {
        AppState {
            page_cache: page_cache::PageCache::new(settings.page_cache_bytes),
            store,
            settings: Arc::new(settings),
            setup_done: Arc::new(AtomicBool::new(false)),
            form_secret: Arc::new(tokio::sync::OnceCell::new()),
            sidebar: cache::SidebarCache::default(),
            site: cache::SettingsCache::default(),
        }
    }

    /// The site settings, from memory while nothing has changed.
    async fn site_settings(&self) -> Result<SiteSettings, sqlx::Error> {
        self.site.get(&self.store).await
    }

    /// The shared secret for signing form timestamps.
    async fn form_secret(&self) -> Result<&str, sqlx::Error> {
        self.form_secret
            .get_or_try_init(|| self.store.form_secret())
            .await
            .map(String::as_str)
    }

    /// Whether a teacher account exists yet.
    async fn is_set_up(&self) -> Result<bool, sqlx::Error> {
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
