//! Connections: the accept loop behind [`crate::server::serve`], with the limits that keep
//! slow or hostile clients from holding the server's connections (and file descriptors).
//!
//! - A request's headers must arrive in full within the header timeout (hyper's
//!   `header_read_timeout`, whose clock starts when the connection is ready for a
//!   request: on a new connection, and on a kept-alive one after its last answer).
//! - A connection on which nothing is read or written for the idle timeout, while no
//!   request is being answered, is closed (a kept-alive connection, a silent new one, a
//!   download the client stopped reading).
//! - At most so many connections are open at once from one client address (an IPv6 /64
//!   counting as one), and at most so many in all, below the limit on open files.
//!   Connections over a cap are closed at once, with a warning logged at most every
//!   [`REFUSAL_LOG_EVERY`].
//!
//! HTTP/1.1 only: browsers speak HTTP/2 only over TLS, which a proxy in front ends.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::connect_info::IntoMakeServiceWithConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;
use tower::{Service, ServiceExt};

use crate::config::Settings;

/// File descriptors kept for everything but client connections: the database pool
/// (a SQLite connection holds three files), logs, the listener, and some to spare.
const RESERVED_FILES: usize = 256;
/// Warnings about refused connections are logged at most this often, with a count.
pub const REFUSAL_LOG_EVERY: Duration = Duration::from_secs(10);
/// How long the loop rests after an accept error such as running out of files.
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_secs(1);

/// The figures the accept loop works with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Time to send a request's headers in full, from when the connection is ready.
    pub header_timeout: Duration,
    /// Time a connection may go with nothing moving and no request being answered.
    pub idle_timeout: Duration,
    /// Connections open at once, in all.
    pub max_total: usize,
    /// Connections open at once from one client address.
    pub max_per_address: usize,
}

impl Limits {
    /// The figures of `settings`, with the total fitted under `open_files`, the limit on
    /// open files (when known).
    pub fn new(settings: &Settings, open_files: Option<u64>) -> Limits {
        let mut max_total = settings.max_connections.max(1);
        if let Some(open_files) = open_files.and_then(|n| usize::try_from(n).ok()) {
            let available = open_files
                .saturating_sub(RESERVED_FILES)
                .max(open_files / 2)
                .max(1);
            if available < max_total {
                tracing::warn!(
                    configured = max_total,
                    open_files,
                    lowered_to = available,
                    "--max-connections lowered to fit the limit on open files (ulimit -n)"
                );
                max_total = available;
            }
        }
        Limits {
            header_timeout: settings.header_timeout,
            idle_timeout: settings.idle_timeout,
            max_total,
            max_per_address: settings.max_connections_per_address.clamp(1, max_total),
        }
    }
}

/// Raises this process's limit on open files to the most it may have (as Go programs
/// do at start-up), and returns the limit in force; `None` where it cannot be read.
pub fn raise_open_files_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, getrlimit, setrlimit};
        let limit = getrlimit(Resource::Nofile);
        if let (Some(current), Some(maximum)) = (limit.current, limit.maximum)
            && current < maximum
        {
            let raised = rustix::process::Rlimit {
                current: Some(maximum),
                maximum: Some(maximum),
            };
            match setrlimit(Resource::Nofile, raised) {
                Ok(()) => return Some(maximum),
                Err(error) => {
                    tracing::warn!(%error, current, maximum, "cannot raise the limit on open files")
                }
            }
        }
        limit.current
    }
    #[cfg(not(unix))]
    {
        None
    }
}

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

/// Who counts as one client for the per-address cap: an IPv4 address, or an IPv6 /64
/// (one home or school network gets a whole /64, so its addresses cost nothing).
fn client_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let bits = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(bits.into())
        }
        v4 => v4,
    }
}

/// The open connections, counted in all and by client.
struct Admission {
    limits: Limits,
    open: Mutex<Open>,
    refusals: RefusalLog,
}

#[derive(Default)]
struct Open {
    total: usize,
    by_client: HashMap<IpAddr, usize>,
}

impl Admission {
    fn new(limits: Limits) -> Admission {
        Admission {
            limits,
            open: Mutex::new(Open::default()),
            refusals: RefusalLog::default(),
        }
    }

    /// A slot for a connection from `ip`, or `None` when a cap is reached.
    fn admit(self: &Arc<Self>, ip: IpAddr) -> Option<Slot> {
        let client = client_key(ip);
        let refused = {
            let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
            let from_client = open.by_client.get(&client).copied().unwrap_or(0);
            if open.total >= self.limits.max_total {
                Some("the total")
            } else if from_client >= self.limits.max_per_address {
                Some("the per-address")
            } else {
                open.total += 1;
                open.by_client.insert(client, from_client + 1);
                None
            }
        };
        match refused {
            Some(cap) => {
                self.refusals.refused(ip, cap, &self.limits);
                None
            }
            None => Some(Slot {
                admission: self.clone(),
                client,
            }),
        }
    }
}

/// One admitted connection; dropping it frees its place.
struct Slot {
    admission: Arc<Admission>,
    client: IpAddr,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self
            .admission
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        open.total = open.total.saturating_sub(1);
        if let Some(count) = open.by_client.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                open.by_client.remove(&self.client);
            }
        }
    }
}

/// Logs refused connections at most every [`REFUSAL_LOG_EVERY`], so a flood does not
/// flood the log.
#[derive(Default)]
struct RefusalLog {
    state: Mutex<RefusalState>,
}

#[derive(Default)]
struct RefusalState {
    last_logged: Option<Instant>,
    unlogged: u64,
}

impl RefusalLog {
    fn refused(&self, ip: IpAddr, cap: &str, limits: &Limits) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.unlogged += 1;
        let now = Instant::now();
        if state
            .last_logged
            .is_some_and(|last| now.duration_since(last) < REFUSAL_LOG_EVERY)
        {
            return;
        }
        tracing::warn!(
            address = %ip,
            cap,
            max_total = limits.max_total,
            max_per_address = limits.max_per_address,
            refused = state.unlogged,
            "connections refused: a connection cap is reached (counted since the last such warning)"
        );
        state.last_logged = Some(now);
        state.unlogged = 0;
    }
}

/// What a connection is doing, for the idle timeout: when a byte last moved, and how
/// many requests are being answered.
struct Activity {
    opened: Instant,
    /// Milliseconds from `opened` to the last read or write of at least one byte.
    last_moved: AtomicU64,
    answering: AtomicUsize,
}

impl Activity {
    fn new() -> Activity {
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
    async fn idle_for(&self, timeout: Duration) {
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
struct Answering(Arc<Activity>);

impl Answering {
    fn start(activity: Arc<Activity>) -> Answering {
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
struct Watched {
    inner: TcpStream,
    activity: Arc<Activity>,
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

#[cfg(test)]
mod tests {
    use std::net::{Ipv4Addr, Ipv6Addr};

    use super::*;

    fn limits(max_total: usize, max_per_address: usize) -> Limits {
        Limits {
            header_timeout: Duration::from_secs(1),
            idle_timeout: Duration::from_secs(1),
            max_total,
            max_per_address,
        }
    }

    #[test]
    fn an_address_gets_its_cap_and_its_places_back_when_connections_close() {
        let admission = Arc::new(Admission::new(limits(10, 2)));
        let school = IpAddr::V4(Ipv4Addr::new(203, 0, 113, 7));
        let first = admission.admit(school).expect("within the cap");
        let _second = admission.admit(school).expect("within the cap");
        assert!(
            admission.admit(school).is_none(),
            "over the per-address cap"
        );
        let other = IpAddr::V4(Ipv4Addr::new(198, 51, 100, 1));
        assert!(
            admission.admit(other).is_some(),
            "another address has its own cap"
        );
        drop(first);
        assert!(
            admission.admit(school).is_some(),
            "a closed connection frees its place"
        );
    }

    #[test]
    fn the_total_cap_holds_across_addresses() {
        let admission = Arc::new(Admission::new(limits(3, 3)));
        let slots: Vec<_> = (1..=3)
            .map(|n| admission.admit(IpAddr::V4(Ipv4Addr::new(192, 0, 2, n))))
            .collect();
        assert!(slots.iter().all(Option::is_some));
        assert!(
            admission
                .admit(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 9)))
                .is_none()
        );
        drop(slots);
        assert_eq!(admission.open.lock().expect("not poisoned").total, 0);
        assert!(
            admission
                .open
                .lock()
                .expect("not poisoned")
                .by_client
                .is_empty()
        );
    }

    #[test]
    fn one_ipv6_network_counts_as_one_client() {
        let a: Ipv6Addr = "2001:db8:1:2:aaaa::1".parse().expect("an address");
        let b: Ipv6Addr = "2001:db8:1:2:bbbb::2".parse().expect("an address");
        let c: Ipv6Addr = "2001:db8:1:3::1".parse().expect("an address");
        assert_eq!(client_key(a.into()), client_key(b.into()));
        assert_ne!(client_key(a.into()), client_key(c.into()));
        let mapped: Ipv6Addr = "::ffff:192.0.2.1".parse().expect("an address");
        assert_eq!(
            client_key(mapped.into()),
            IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1))
        );
    }

    #[test]
    fn the_total_fits_under_the_limit_on_open_files() {
        let settings = Settings::from_args(&crate::config::ServeArgs::default()).expect("valid");
        assert_eq!(Limits::new(&settings, Some(1_000_000)).max_total, 4096);
        let small = Limits::new(&settings, Some(1024));
        assert_eq!(small.max_total, 1024 - RESERVED_FILES);
        assert_eq!(small.max_per_address, 512);
        let tiny = Limits::new(&settings, Some(300));
        assert_eq!((tiny.max_total, tiny.max_per_address), (150, 150));
    }
}
