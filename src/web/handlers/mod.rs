//! The handlers, one module per area of the site.

pub mod account;
pub mod assignments;
pub mod backups;
pub mod class;
pub mod comments;
pub mod exports;
pub mod family;
pub mod feedback;
pub mod feeds;
pub mod health;
pub mod imports;
pub mod media;
pub mod moderation;
pub mod reading;
pub mod rename;
pub mod settings;
pub mod setup;
pub mod sign_in;
pub mod whats_new;
pub mod writing;
