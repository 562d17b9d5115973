//! The zip container, written as a stream: each entry's bytes go out as they are
//! written (the sizes and checksums follow each entry, as zip allows), so a backup
//! never needs to seek, and a download starts before the last row is read.
//!
//! The zip writer is synchronous; it writes into a small spool that is handed to the
//! asynchronous output whenever it fills, so memory holds at most one chunk.

use std::io::{self, Write};
use std::sync::{Arc, Mutex, PoisonError};

use sha2::{Digest, Sha256};
use tokio::io::{AsyncWrite, AsyncWriteExt};
use zip::write::{SimpleFileOptions, StreamWriter};
use zip::{CompressionMethod, ZipWriter};

/// How many bytes wait in the spool before they are written out.
const CHUNK: usize = 256 * 1024;

/// Bytes the zip writer has produced and the output has not taken yet.
#[derive(Clone, Default)]
struct Spool(Arc<Mutex<Vec<u8>>>);

impl Spool {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }

    fn len(&self) -> usize {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).len()
    }
}

impl Write for Spool {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A zip archive being written to `out`, one entry at a time.
pub struct ArchiveWriter<W> {
    zip: ZipWriter<StreamWriter<Spool>>,
    spool: Spool,
    out: W,
    entry: Option<Sha256>,
    entry_bytes: u64,
}

/// What was written of an entry: its length and SHA-256 (hex).
pub struct Written {
    /// Its length in bytes.
    pub bytes: u64,
    /// The SHA-256 of its bytes, hex.
    pub sha256: String,
}

impl<W: AsyncWrite + Unpin> ArchiveWriter<W> {
    /// Starts an archive on `out`.
    pub fn new(out: W) -> ArchiveWriter<W> {
        let spool = Spool::default();
        ArchiveWriter {
            zip: ZipWriter::new_stream(spool.clone()),
            spool,
            out,
            entry: None,
            entry_bytes: 0,
        }
    }

    /// Starts the entry `name`: compressed for text, stored as is for pictures (already
    /// compressed). Large entries are allowed (zip64).
    pub fn start(&mut self, name: &str, compress: bool) -> io::Result<()> {
        let options = if compress {
            SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .compression_level(Some(1))
        } else {
            SimpleFileOptions::default().compression_method(CompressionMethod::Stored)
        }
        .large_file(true);
        self.zip
            .start_file(name, options)
            .map_err(io::Error::other)?;
        self.entry = Some(Sha256::new());
        self.entry_bytes = 0;
        Ok(())
    }

    /// Writes bytes into the current entry, passing full chunks to the output.
    pub async fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.zip.write_all(bytes)?;
        if let Some(hash) = self.entry.as_mut() {
            hash.update(bytes);
        }
        self.entry_bytes += bytes.len() as u64;
        if self.spool.len() >= CHUNK {
            let chunk = self.spool.take();
            self.out.write_all(&chunk).await?;
        }
        Ok(())
    }

    /// The length and checksum of the entry written since the last `start`.
    pub fn written(&mut self) -> Written {
        Written {
            bytes: self.entry_bytes,
            sha256: self
                .entry
                .take()
                .map(|hash| hex::encode(hash.finalize()))
                .unwrap_or_default(),
        }
    }

    /// Writes the zip's directory and flushes everything to the output.
    pub async fn finish(mut self) -> io::Result<W> {
        self.zip.finish().map_err(io::Error::other)?;
        let rest = self.spool.take();
        self.out.write_all(&rest).await?;
        self.out.flush().await?;
        Ok(self.out)
    }
}
