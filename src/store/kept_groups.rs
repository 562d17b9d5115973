//! The class's groups as an instance last read them (see `groups.rs`), kept with the
//! members' generation: every change to a group or to who is in one moves it.

use std::sync::{Mutex, PoisonError};

use sqlx::FromRow;

/// The groups as last read, with the members' generation they were read at.
#[derive(Debug, Default)]
pub(super) struct KeptGroups(Mutex<Option<(u64, Vec<ClassGroup>)>>);

impl KeptGroups {
    pub(super) fn get(&self, now: u64) -> Option<Vec<ClassGroup>> {
        let kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        kept.as_ref()
            .filter(|(read, _)| *read == now)
            .map(|(_, groups)| groups.clone())
    }

    pub(super) fn keep(&self, read: u64, groups: &[ClassGroup]) {
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        *kept = Some((read, groups.to_vec()));
    }
}

/// A group, with how many of its students can sign in.
#[derive(Clone, Debug, FromRow)]
pub struct ClassGroup {
    /// Database id, used in `?group=` filters.
    pub id: i64,
    /// As the teacher named it.
    pub name: String,
    /// Students in it (removed ones are in none).
    pub members: i64,
    /// Of those, the ones who can sign in.
    pub active_members: i64,
}
