//! The small middleware functions, one job each. `layers` applies them, in order.

pub mod access_log;
pub mod front_door;
pub mod gates;
pub mod kept_pages;
pub mod private_pages;
pub mod refusals;
pub mod security_headers;
pub mod session_cookie;
pub mod viewer;
