//! HTTP: the route table, the layers every request passes, and the handlers by area.
//!
//! A request meets, in order: the front door (`middleware::front_door`: its log line, the
//! security headers, a page kept in memory for a reader without cookies), [`router`] (the
//! route table) and `layers` (every layer, in order, with its reason), whose `middleware`
//! load the `viewer`, guard the site and keep pages in the `page_cache`; then a handler in `handlers/` (one room per area of the
//! site), which parses the form, asks the domain (`crate::comments`, `crate::posts`) and
//! the store, and renders a page struct through `layout`, with view models shared by
//! several pages in `views/`.
//!
//! Imports point one way: `router` -> `handlers` -> `views` -> `layout` -> `viewer` ->
//! `state`; the plumbing never imports a handler.
//!
//! - `state`: [`AppState`], the handle every handler and layer reaches.
//! - `viewer`: who is asking (`Viewer`, `SignedIn`, `Teacher`, `ClientAddress`).
//! - `session`: the session cookie, issued, read and ended.
//! - `layout`: the shared layout and rendering; `error_page`: the error and "not set up" pages.
//! - `page_cache`, `cache`, `post_parts`: rendered pages and query results kept in memory.
//! - `assets`: the stylesheet, script and icon; `forms`: field errors and safe addresses.
//! - `zip_download`: a zip sent while it is written (backups, copies of the blog).

mod assets;
mod cache;
mod error_page;
mod forms;
mod handlers;
mod kept_queues;
mod layers;
mod layout;
mod middleware;
mod page_cache;
mod post_parts;
mod router;
mod session;
mod state;
mod viewer;
mod views;
mod zip_download;

pub use page_cache::CACHE_STATUS;
pub use router::router;
pub use session::{SESSION_COOKIE, SESSION_LIFETIME};
pub use state::AppState;
