//! The accept loop: each connection admitted under the caps, served by hyper with the
//! header timeout, closed when idle, and drained on shutdown.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::connect_info::IntoMakeServiceWithConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tower::{Service, ServiceExt};

use super::admission::Admission;
use super::idle::{Activity, Answering, Watched};
use super::limits::Limits;

/// How long the loop rests after an accept error such as running out of files.
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_secs(1);

/// Accepts connections on `listener` and serves `app` on each within `limits`, until
/// `shutdown` completes; then stops accepting and waits for the connections to finish
/// the requests in flight.
pub async fn serve(
    listener: TcpListener,
    mut app: IntoMakeServiceWithConnectInfo<Router, SocketAddr>,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let admission = Arc::new(Admission::new(limits));
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (tcp, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    pause_after(error).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Some(slot) = admission.admit(remote.ip()) else {
            // Dropping the stream closes it; no answer is written to a flood.
            continue;
        };
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::warn!(%error, "cannot set TCP_NODELAY");
        }
        let Ok(service) = app.call(remote).await;
        let activity = Arc::new(Activity::new());
        let watched = {
            let activity = activity.clone();
            hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
                let answering = Answering::start(activity.clone());
                let service = service.clone();
                async move {
                    let response = service.oneshot(request).await;
                    drop(answering);
                    response
                }
            })
        };
        let io = TokioIo::new(Watched {
            inner: tcp,
            activity: activity.clone(),
        });
        let connection = graceful.watch(http.serve_connection(io, watched));
        let idle_timeout = limits.idle_timeout;
        tokio::spawn(async move {
            let _slot = slot;
            tokio::select! {
                result = connection => {
                    if let Err(error) = result {
                        tracing::debug!(%error, %remote, "connection ended");
                    }
                }
                () = activity.idle_for(idle_timeout) => {
                    tracing::debug!(%remote, "closing an idle connection");
                }
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// After an accept error: a client that gave up is nothing; anything else (out of
/// files, say) is logged, and the loop rests a moment instead of spinning.
async fn pause_after(error: io::Error) {
    if matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::error!(%error, "cannot accept a connection");
    tokio::time::sleep(ACCEPT_ERROR_PAUSE).await;
}
