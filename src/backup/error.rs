//! Why a backup or a restore stopped, in words for the person who ran it.

/// Why a backup or a restore stopped. A restore that stops changes nothing.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// Not a zip, or a zip without a quire manifest.
    #[error("{0} is not a quire backup")]
    NotAnArchive(String),
    /// Written by a newer quire.
    #[error(
        "this backup is in format {found}, and this quire reads format {reads} and older: \
         upgrade quire, then restore"
    )]
    NewerFormat {
        /// The archive's format version.
        found: u32,
        /// The newest this quire reads.
        reads: u32,
    },
    /// Cut short, or changed after it was written.
    #[error("the backup is damaged or was changed after it was made: {0}")]
    Damaged(String),
    /// The database already holds a class blog.
    #[error(
        "the database is not empty (the {0} table has rows): restore into an empty \
         database, or add --replace to wipe it and load the backup in its place"
    )]
    NotEmpty(String),
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// Reading or writing a file failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}
