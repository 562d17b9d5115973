//! Backups: `quire backup FILE` and the teacher's download write every table that holds
//! the class's work into one portable archive; `quire restore FILE` loads one into an
//! empty database of either backend. The archive's format is in `format.rs` and the
//! README; which tables it carries, and which it leaves out, in `tables.rs`.

mod archive;
mod bulk;
mod dump;
mod error;
mod format;
mod load;
mod read;
mod restore;
pub mod sql;
pub mod tables;

pub use archive::ArchiveWriter;
pub use dump::{Summary, write_backup};
pub use error::BackupError;
pub use format::{FORMAT_VERSION, Manifest};
pub use restore::{Existing, Restored, check_archive, load};
