//! `quire dev serve-file`: files' bytes from memory, through a bare axum handler with no
//! database: the benchmark's ceiling, the fastest any quire page could be answered in the
//! same process setup. Each file answers at `/` and its name; every other path answers
//! the first, so each page of the benchmark is measured against its own bytes.

use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use axum::Router;
use axum::body::Bytes;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::serve::ListenerExt;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;

use crate::server::shutdown_signal;

/// Serves `files`' bytes on `bind` until the process is told to stop.
pub async fn serve_file(bind: SocketAddr, files: &[PathBuf]) -> anyhow::Result<()> {
    let mut pages = Vec::with_capacity(files.len());
    for file in files {
        let bytes = tokio::fs::read(file)
            .await
            .with_context(|| format!("cannot read {}", file.display()))?;
        let name = file
            .file_name()
            .and_then(|name| name.to_str())
            .with_context(|| format!("{} has no file name", file.display()))?;
        pages.push((format!("/{name}"), content_type(file), Bytes::from(bytes)));
    }
    let listener = TcpListener::bind(bind)
        .await
        .with_context(|| format!("cannot listen on {bind}"))?;
    tracing::info!(address = %bind, files = pages.len(), "serving files from memory");
    serve_on(listener, pages, shutdown_signal()).await?;
    Ok(())
}

/// A page: its path, its type and its bytes.
type Page = (String, &'static str, Bytes);

/// Answers each page's path with its bytes, read once, and every other path with the
/// first page's, through the same layers a quire response passes at the least (axum,
/// and tower-http's compression layer, which stays idle unless the client asks for it).
/// Nothing is opened or read per request, so the ratio of a quire page to this is "how
/// close to the limit", not "how fast compared with a file server".
async fn serve_on(
    listener: TcpListener,
    pages: Vec<Page>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let mut app = Router::new();
    if let Some((_, content_type, bytes)) = pages.first().cloned() {
        app = app.fallback(move || answer(content_type, bytes.clone()));
    }
    for (path, content_type, bytes) in pages {
        app = app.route(&path, get(move || answer(content_type, bytes.clone())));
    }
    axum::serve(
        listener.tap_io(no_delay),
        app.layer(CompressionLayer::new()),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

async fn answer(content_type: &'static str, bytes: Bytes) -> impl IntoResponse {
    ([(CONTENT_TYPE, content_type)], bytes)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn each_page_answers_at_its_name_and_the_first_everywhere_else() {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let address = listener.local_addr().expect("its address");
        let pages = vec![
            (
                "/post.html".to_owned(),
                "text/html; charset=utf-8",
                Bytes::from("post"),
            ),
            (
                "/feed.xml".to_owned(),
                "application/atom+xml",
                Bytes::from("feed"),
            ),
        ];
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(serve_on(listener, pages, async {
            let _ = stopped.await;
        }));
        let client = reqwest::Client::new();
        for (path, body, kind) in [
            ("/post.html", "post", "text/html; charset=utf-8"),
            ("/feed.xml", "feed", "application/atom+xml"),
            ("/", "post", "text/html; charset=utf-8"),
            ("/anything/else", "post", "text/html; charset=utf-8"),
        ] {
            let response = client
                .get(format!("http://{address}{path}"))
                .send()
                .await
                .expect("an answer");
            let content_type = response.headers()[CONTENT_TYPE].to_str().map(str::to_owned);
            assert_eq!(content_type.ok().as_deref(), Some(kind), "{path}");
            assert_eq!(response.text().await.expect("a body"), body, "{path}");
        }
        let _ = stop.send(());
        server.await.expect("the server ends").expect("cleanly");
    }
}
