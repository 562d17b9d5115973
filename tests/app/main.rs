//! quire's HTTP-level tests, one binary so it links once. Every test drives the app
//! like a person would and runs on SQLite and, with `QUIRE_TEST_POSTGRES`, on Postgres.

#![expect(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod helpers;
#[path = "../support/postgres_schema.rs"]
mod postgres_schema;
#[path = "../support/publishing.rs"]
mod publishing;

mod account;
mod approval;
mod architecture;
mod assignments;
mod backup;
mod class;
mod comments;
mod concurrency;
mod connections;
mod cpu_pool;
mod export;
mod family;
mod feedback;
mod feedback_privacy;
mod hostile_input;
mod import;
mod media;
mod moderation;
mod moderation_kept;
mod name_race;
mod names;
mod operations;
mod page_cache;
mod plain_text;
mod posts;
mod privacy;
mod roles;
mod roster;
mod seed;
mod setup;
mod sign_in;
mod signed_in_pages;
mod statements;
mod whats_new;
mod writing_aids;
