//! What a connection is doing, for the idle timeout: every byte moved through its
//! stream and every request being answered is noted, and a connection with neither
//! for the timeout is idle.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::Instant;

/// What a connection is doing, for the idle timeout: when a byte last moved, and how
/// many requests are being answered.
pub(super) struct Activity {
    opened: Instant,
    /// Milliseconds from `opened` to the last read or write of at least one byte.
    last_moved: AtomicU64,
    answering: AtomicUsize,
}

impl Activity {
    pub(super) fn new() -> Activity {
        Activity {
            opened: Instant::now(),
            last_moved: AtomicU64::new(0),
            answering: AtomicUsize::new(0),
        }
    }

    fn moved(&self) {
        let millis = u64::try_from(self.opened.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_moved.store(millis, Ordering::Relaxed);
    }

    /// Completes once the connection has been idle for `timeout`: nothing read or
    /// written, and no request being answered.
    pub(super) async fn idle_for(&self, timeout: Duration) {
        loop {
            let last = self.last_moved.load(Ordering::Relaxed);
            tokio::time::sleep_until(self.opened + Duration::from_millis(last) + timeout).await;
            if self.answering.load(Ordering::Relaxed) > 0 {
                // A slow page is the request timeout's business; look again later.
                tokio::time::sleep(timeout).await;
            } else if self.last_moved.load(Ordering::Relaxed) == last {
                return;
            }
        }
    }
}

/// A request being answered; the connection is not idle meanwhile.
pub(super) struct Answering(Arc<Activity>);

impl Answering {
    pub(super) fn start(activity: Arc<Activity>) -> Answering {
        activity.answering.fetch_add(1, Ordering::Relaxed);
        Answering(activity)
    }
}

impl Drop for Answering {
    fn drop(&mut self) {
        self.0.moved();
        self.0.answering.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A TCP stream that notes every byte moved in its connection's [`Activity`].
pub(super) struct Watched {
    pub(super) inner: TcpStream,
    pub(super) activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let poll = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.moved();
        }
        poll
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(poll, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.moved();
        }
        poll
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(poll, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.moved();
        }
        poll
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
