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
//!
//! - `limits`: the figures, from the settings and the limit on open files.
//! - `accept`: the accept loop, which serves each connection with hyper.
//! - `admission`: the caps on open connections, in all and per client.
//! - `idle`: what a connection is doing, for the idle timeout.

mod accept;
mod admission;
mod idle;
mod limits;

pub use accept::serve;
pub use admission::REFUSAL_LOG_EVERY;
pub use limits::{Limits, raise_open_files_limit};
