//! `quire dev serve-file`: one file at every path through quire's HTTP stack, with no
//! database, so the benchmark can measure the ceiling the stack alone allows.

use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;

use anyhow::{Context, ensure};
use axum::Router;
use axum::serve::ListenerExt;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeFile;

use crate::server::shutdown_signal;

/// Serves `file` on `bind` until the process is told to stop.
pub async fn serve_file(bind: SocketAddr, file: &Path) -> anyhow::Result<()> {
    ensure!(file.is_file(), "{} is not a file", file.display());
    let listener = TcpListener::bind(bind)
        .await
        .with_context(|| format!("cannot listen on {bind}"))?;
    tracing::info!(address = %bind, file = %file.display(), "serving one file");
    serve_on(listener, file, shutdown_signal()).await?;
    Ok(())
}

/// Serves one file at every path, through the same HTTP stack as quire (axum and
/// tower-http, with the same compression layer, which stays idle unless the client
/// asks for it), without a database: the benchmark's static ceiling.
///
/// `ServeFile` writes the headers and the body separately, so without `TCP_NODELAY`
/// Nagle's algorithm holds the body until the client's delayed ACK (40 ms) and one
/// connection gets 200 requests a second: that would measure the kernel, not the limit.
async fn serve_on(
    listener: TcpListener,
    file: &Path,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // The content type comes from the extension: save the page as `.html`.
    let app = Router::new()
        .fallback_service(ServeFile::new(file))
        .layer(CompressionLayer::new());
    axum::serve(listener.tap_io(no_delay), app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Sends each response as soon as it is written (see `serve_on`).
fn no_delay(tcp: &mut tokio::net::TcpStream) {
    if let Err(error) = tcp.set_nodelay(true) {
        tracing::warn!(%error, "cannot set TCP_NODELAY");
    }
}
