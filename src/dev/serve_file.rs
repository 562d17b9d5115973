//! `quire dev serve-file`: one file's bytes at every path, from memory, through a bare axum
//! handler with no database: the benchmark's ceiling, the fastest any quire page could be
//! answered in the same process setup.

use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;

use anyhow::Context;
use axum::Router;
use axum::body::Bytes;
use axum::http::header::CONTENT_TYPE;
use axum::serve::ListenerExt;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;

use crate::server::shutdown_signal;

/// Serves `file`'s bytes on `bind` until the process is told to stop.
pub async fn serve_file(bind: SocketAddr, file: &Path) -> anyhow::Result<()> {
    let bytes = tokio::fs::read(file)
        .await
        .with_context(|| format!("cannot read {}", file.display()))?;
    let listener = TcpListener::bind(bind)
        .await
        .with_context(|| format!("cannot listen on {bind}"))?;
    tracing::info!(address = %bind, file = %file.display(), "serving one file from memory");
    serve_on(
        listener,
        Bytes::from(bytes),
        content_type(file),
        shutdown_signal(),
    )
    .await?;
    Ok(())
}

/// Answers every path with `bytes`, read once, through the same layers a quire response
/// passes at the least (axum, and tower-http's compression layer, which stays idle unless
/// the client asks for it). Nothing is opened or read per request, so the ratio of a quire
/// page to this is "how close to the limit", not "how fast compared with a file server".
async fn serve_on(
    listener: TcpListener,
    bytes: Bytes,
    content_type: &'static str,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = Router::new()
        .fallback(move || {
            let bytes = bytes.clone();
            async move { ([(CONTENT_TYPE, content_type)], bytes) }
        })
        .layer(CompressionLayer::new());
    axum::serve(listener.tap_io(no_delay), app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// The saved page's type, from its extension, as quire would send it.
fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("xml") => "application/atom+xml",
        Some("css") => "text/css; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Sends each response as soon as it is written: without `TCP_NODELAY`, Nagle's algorithm
/// can hold a response's tail until the client's delayed ACK (40 ms).
fn no_delay(tcp: &mut tokio::net::TcpStream) {
    if let Err(error) = tcp.set_nodelay(true) {
        tracing::warn!(%error, "cannot set TCP_NODELAY");
    }
}
