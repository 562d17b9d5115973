//! One log line per request: method, address, status and how long the answer took.
//!
//! An event, not a span around the request: a span is made, formatted, entered at every
//! poll and closed for each request. The span is still there for whoever turns on
//! `quire::access=debug`, so every line a request logs names it.

use std::time::Instant;

use axum::extract::Request;
use axum::http::{Method, StatusCode, Uri};
use tracing::Span;

/// The target the lines are logged under: `RUST_LOG=quire::access=warn` keeps only the
/// failed requests.
pub const TARGET: &str = "quire::access";

/// A request on its way through, remembered until its answer is known.
pub struct AccessLog {
    started: Instant,
    method: Method,
    uri: Uri,
}

impl AccessLog {
    /// Starts timing `request`.
    pub fn start(request: &Request) -> AccessLog {
        AccessLog {
            started: Instant::now(),
            method: request.method().clone(),
            uri: request.uri().clone(),
        }
    }

    /// The span every line `request` logs is under, when it is wanted (debug level).
    pub fn span(&self) -> Span {
        tracing::debug_span!(target: TARGET, "request", method = %self.method, uri = %self.uri)
    }

    /// Logs the line: a server error as an error, anything else as information.
    pub fn finish(self, status: StatusCode) {
        let micros = u64::try_from(self.started.elapsed().as_micros()).unwrap_or(u64::MAX);
        let (method, uri, status) = (self.method, self.uri, status.as_u16());
        if status >= 500 {
            tracing::error!(target: TARGET, %method, %uri, status, latency_us = micros);
        } else {
            tracing::info!(target: TARGET, %method, %uri, status, latency_us = micros);
        }
    }
}
