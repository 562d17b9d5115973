//! Where a copy is written: a folder on the server's disk, or a zip streamed to a
//! browser (the backup's streaming zip writer).

use std::future::Future;
use std::io;
use std::path::PathBuf;

use tokio::io::AsyncWrite;

use crate::backup::ArchiveWriter;

/// Takes the copy's files one at a time.
pub trait Output: Send {
    /// Writes `bytes` as the file `name` (a relative path with `/`); `compress` for text.
    fn put(
        &mut self,
        name: &str,
        bytes: &[u8],
        compress: bool,
    ) -> impl Future<Output = io::Result<()>> + Send;
}

/// A folder: each file written beside the others, folders made as needed.
pub struct Folder(pub PathBuf);

impl Output for Folder {
    async fn put(&mut self, name: &str, bytes: &[u8], _compress: bool) -> io::Result<()> {
        let path = self.0.join(name);
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir_all(parent).await?;
        }
        tokio::fs::write(path, bytes).await
    }
}

/// A zip, each entry inside one folder named for the copy, so unpacking it makes one
/// folder and not a scatter of files.
pub struct Zip<W> {
    /// The archive being written.
    pub archive: ArchiveWriter<W>,
    /// The folder inside the zip.
    pub folder: String,
}

impl<W: AsyncWrite + Unpin + Send> Output for Zip<W> {
    async fn put(&mut self, name: &str, bytes: &[u8], compress: bool) -> io::Result<()> {
        self.archive
            .start(&format!("{}/{name}", self.folder), compress)?;
        self.archive.write(bytes).await?;
        self.archive.written();
        Ok(())
    }
}
