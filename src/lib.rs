//! quire: a self-hosted class blog server.
//!
//! A tour, top to bottom, in the order a request meets them:
//! - [`config`]: the command line and environment.
//! - [`server`]: binds the listener, runs the app, shuts down gracefully.
//! - [`connections`]: the accept loop: header and idle timeouts, connection caps.
//! - [`web`]: the route table, middleware, extractors and handlers, one module per area.
//! - [`accounts`]: the domain of people and roles; input types validate on construction.
//! - [`auth`]: passwords, tokens and sign-in throttling rules.
//! - [`posts`]: posts, their Markdown and the rules of their life.
//! - [`roster`]: the class roster's rules: pasted names previewed, bulk actions, groups.
//! - [`assignments`]: work a teacher sets, answered with posts; lateness and progress rules.
//! - [`comments`]: comments, moderation states and the teacher's rules.
//! - [`feedback`]: a teacher's private feedback on a student's post: who writes and reads it.
//! - [`names`]: display names compared as readers see them, so nobody can pose as another.
//! - [`privacy`]: the personal-data guard: phone numbers, addresses, where a child lives.
//! - [`text`]: the one check of typed text: no control characters, no direction marks in names.
//! - [`cpu`]: the bounded pool that CPU-heavy work (Markdown, comments) runs on.
//! - [`media`]: uploaded pictures, decoded and re-encoded without their metadata.
//! - [`store`]: every SQL statement, written once for SQLite and Postgres.
//! - [`db`]: the pool enum over both backends and the per-backend set-up.
//! - [`error`]: the one error type and the status each variant answers.
//! - [`backup`]: the portable archive of a class blog: backup and restore.
//! - [`export`]: static copies for people: the public blog, and a member's own work.
//! - [`import`]: bringing a class blog in from Blogger or WordPress.
//! - [`dev`]: `quire dev …`, developer tooling: seed, explain, serve-file.

pub mod accounts;
pub mod assignments;
pub mod auth;
pub mod backup;
pub mod commands;
pub mod comments;
pub mod config;
pub mod connections;
pub mod cpu;
pub mod dates;
pub mod db;
pub mod dev;
pub mod error;
pub mod export;
pub mod feedback;
pub mod import;
pub mod media;
pub mod names;
pub mod posts;
pub mod privacy;
pub mod roster;
pub mod server;
pub mod setup_link;
pub mod store;
pub mod text;
pub mod web;
