//! The small middleware functions, one job each. `layers` applies them, in order.

pub mod gates;
pub mod kept_pages;
pub mod private_pages;
pub mod refusals;
pub mod session_cookie;
pub mod viewer;
