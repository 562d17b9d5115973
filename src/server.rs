//! Running the app: bind first (so tests can use port 0 and never sleep), serve,
//! purge expired rows in the background, and shut down gracefully.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::TcpListener;

use crate::auth::throttle;
use crate::connections;
use crate::db::Timestamp;
use crate::media;
use crate::posts::TRASH_KEPT_FOR;
use crate::store::Store;
use crate::web::{AppState, router};

/// How often expired sessions and old sign-in failures are deleted.
const PURGE_EVERY: Duration = Duration::from_secs(3600);

/// Serves `state` on `listener` until `shutdown` completes, letting requests in flight finish,
/// within the connection limits and the picture memory budget of its settings.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = connections::Limits::new(&state.settings, connections::raise_open_files_limit());
    tracing::info!(?limits, "connection limits");
    if !media::set_memory_budget(state.settings.picture_memory_mb) {
        tracing::warn!("the picture memory budget was already set; --picture-memory-mb is ignored");
    }
    let purger = tokio::spawn(purge_expired_rows(state.store.clone()));
    let watcher = state.store.watch_content();
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let result = connections::serve(listener, app, limits, shutdown).await;
    purger.abort();
    watcher.abort();
    result
}

/// What one purge deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Purged {
    /// Expired sessions.
    pub sessions: u64,
    /// Sign-in failures older than the throttling window.
    pub failures: u64,
    /// Posts in the trash for longer than they are kept.
    pub posts: u64,
}

/// Deletes expired sessions, old sign-in failures, and posts trashed long ago.
pub async fn purge_once(store: &Store) -> Result<Purged, sqlx::Error> {
    let now = Timestamp::now();
    Ok(Purged {
        sessions: store.purge_expired_sessions(now).await?,
        failures: store.purge_sign_in_failures(now - throttle::WINDOW).await?,
        posts: store.purge_trash(now - TRASH_KEPT_FOR).await?,
    })
}

async fn purge_expired_rows(store: Store) {
    let mut every = tokio::time::interval(PURGE_EVERY);
    loop {
        every.tick().await;
        match purge_once(&store).await {
            Ok(purged) => tracing::debug!(?purged, "purged expired rows"),
            Err(error) => tracing::warn!(%error, "could not purge expired rows"),
        }
    }
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM (what Docker and systemd send).
pub async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing requests in flight");
}
