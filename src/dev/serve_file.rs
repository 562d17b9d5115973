//! `quire dev serve-file`: one file at every path through quire's HTTP stack, with no
//! database, so the benchmark can measure the ceiling the stack alone allows.

use std::net::SocketAddr;
use std::path::Path;

use anyhow::{Context, ensure};
use tokio::net::TcpListener;

use crate::server;

/// Serves `file` on `bind` until the process is told to stop.
pub async fn serve_file(bind: SocketAddr, file: &Path) -> anyhow::Result<()> {
    ensure!(file.is_file(), "{} is not a file", file.display());
    let listener = TcpListener::bind(bind)
        .await
        .with_context(|| format!("cannot listen on {bind}"))?;
    tracing::info!(address = %bind, file = %file.display(), "serving one file");
    server::serve_file(listener, file, server::shutdown_signal()).await?;
    Ok(())
}
