//! The figures the accept loop works with: the settings' timeouts and caps, with the
//! total fitted under the process's limit on open files (raised first as far as it goes).

use std::time::Duration;

use crate::config::Settings;

/// File descriptors kept for everything but client connections: the database pool
/// (a SQLite connection holds three files), logs, the listener, and some to spare.
const RESERVED_FILES: usize = 256;

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

#[cfg(test)]
mod tests {
    use super::*;

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
