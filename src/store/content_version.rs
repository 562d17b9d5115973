//! This instance's count of changes to what readers see: a generation number, trusted
//! only while every change can be heard (see `changes.rs` for who moves it and when),
//! a second one for what only signed-in members see, which moves with the first and
//! also with changes no reader who is not signed in sees (a comment left waiting), and a
//! third for what only a member's session statement reads besides (a session started or
//! ended, an event told or read, commenting paused), which moves alone: a kept session
//! is checked against it and the first (a student's) or the second (a teacher's).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// The three generations at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Generations {
    /// What every reader sees.
    pub content: u64,
    /// What signed-in members see (moves with `content`).
    pub members: u64,
    /// What only a member's session statement reads besides.
    pub sessions: u64,
}

/// This instance's count of changes to what readers see.
#[derive(Debug, Default)]
pub struct ContentVersion {
    generation: AtomicU64,
    /// Moves with `generation`, and with changes only members see.
    members: AtomicU64,
    /// Moves with changes to sessions, events and permission to comment.
    sessions: AtomicU64,
    /// False until the watcher hears every change, and again while it cannot.
    trusted: AtomicBool,
}

impl ContentVersion {
    /// The current generation, or `None` when changes might go unheard.
    pub fn current(&self) -> Option<u64> {
        // Every change of trust moves the generation too, so nothing kept before a gap
        // in hearing is used after it.
        let generation = self.generation.load(Ordering::Acquire);
        self.trusted.load(Ordering::Acquire).then_some(generation)
    }

    /// The generation of what members see, or `None` when changes might go unheard.
    pub fn members_current(&self) -> Option<u64> {
        let generation = self.members.load(Ordering::Acquire);
        self.trusted.load(Ordering::Acquire).then_some(generation)
    }

    /// All three generations, for a kept session, or `None` when changes might go
    /// unheard.
    pub fn all_current(&self) -> Option<Generations> {
        let generations = Generations {
            content: self.generation.load(Ordering::Acquire),
            members: self.members.load(Ordering::Acquire),
            sessions: self.sessions.load(Ordering::Acquire),
        };
        self.trusted.load(Ordering::Acquire).then_some(generations)
    }

    pub(super) fn bump(&self) {
        self.bump_members();
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    pub(super) fn bump_members(&self) {
        self.members.fetch_add(1, Ordering::AcqRel);
    }

    pub(super) fn bump_sessions(&self) {
        self.sessions.fetch_add(1, Ordering::AcqRel);
    }

    pub(super) fn set_trusted(&self, trusted: bool) {
        self.bump();
        self.trusted.store(trusted, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::ContentVersion;

    #[test]
    fn a_version_is_trusted_only_while_watched_and_moves_on_every_change() {
        let version = ContentVersion::default();
        assert_eq!(version.current(), None);
        version.set_trusted(true);
        let first = version.current().expect("trusted once watched");
        version.bump();
        let second = version.current().expect("still trusted");
        assert!(second > first);
        version.set_trusted(false);
        assert_eq!(version.current(), None);
        version.set_trusted(true);
        assert!(version.current().expect("trusted again") > second);
    }

    #[test]
    fn the_members_generation_moves_with_every_change_and_alone_for_theirs() {
        let version = ContentVersion::default();
        assert_eq!(version.members_current(), None);
        version.set_trusted(true);
        let (content, members) = (version.current(), version.members_current());
        version.bump_members();
        assert_eq!(version.current(), content);
        assert!(version.members_current() > members);
        let members = version.members_current();
        version.bump();
        assert!(version.members_current() > members);
        version.set_trusted(false);
        assert_eq!(version.members_current(), None);
    }

    #[test]
    fn the_sessions_generation_moves_alone() {
        let version = ContentVersion::default();
        assert_eq!(version.all_current(), None);
        version.set_trusted(true);
        let before = version.all_current().expect("trusted");
        version.bump_sessions();
        let after = version.all_current().expect("trusted");
        assert_eq!(
            (after.content, after.members),
            (before.content, before.members)
        );
        assert!(after.sessions > before.sessions);
        version.bump_members();
        assert_eq!(
            version.all_current().map(|now| now.sessions),
            Some(after.sessions)
        );
        version.set_trusted(false);
        assert_eq!(version.all_current(), None);
    }
}
