//! The checks on a comment as it is sent: how fast its sender is going, and whether a
//! guest's form was filled in by a person.

use time::Duration;

use super::{ADDRESS_LIMIT_PER_MINUTE, FORM_MAX_AGE, GUEST_MIN_FILL, RATE_LIMIT_PER_MINUTE};
use crate::db::Timestamp;

/// Whether a sender has gone over the limit, given what was sent in the last minute by
/// the account (`by_author`) and from the address (`from_address`). An account has its
/// own limit; a guest shares the limit of their address; and a whole address (a class
/// often shares one) has a larger limit of its own.
pub fn too_fast(member: bool, by_author: i64, from_address: i64) -> bool {
    let own = if member { by_author } else { from_address };
    own >= RATE_LIMIT_PER_MINUTE || from_address >= ADDRESS_LIMIT_PER_MINUTE
}

/// What the robot check makes of a guest's form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GuestCheck {
    /// Filled in by a person.
    Person,
    /// Sent sooner than a person reads a post: asked to send again.
    TooQuick,
    /// Filled in by a robot, for this reason (kept as spam).
    Robot(&'static str),
}

/// Robots fill every field and answer at once. `honeypot` is the field hidden from people;
/// `started` the moment the form was drawn, as verified from its signature (`None` when
/// missing or forged).
pub fn guest_check(honeypot: &str, started: Option<Timestamp>, now: Timestamp) -> GuestCheck {
    if !honeypot.trim().is_empty() {
        return GuestCheck::Robot("the hidden field was filled in");
    }
    let Some(started) = started else {
        return GuestCheck::Robot("the form's timestamp was missing or forged");
    };
    let age = now - started;
    if age > FORM_MAX_AGE || age < Duration::ZERO {
        return GuestCheck::Robot("the form's timestamp was out of range");
    }
    if age < GUEST_MIN_FILL {
        GuestCheck::TooQuick
    } else {
        GuestCheck::Person
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_has_its_own_limit_and_a_guest_shares_the_address_limit() {
        assert!(!too_fast(true, 4, 20));
        assert!(too_fast(true, 5, 0));
        assert!(!too_fast(false, 99, 4));
        assert!(too_fast(false, 0, 5));
    }

    #[test]
    fn a_whole_address_is_limited_even_for_accounts() {
        assert!(!too_fast(true, 0, 29));
        assert!(too_fast(true, 0, 30));
    }

    #[test]
    fn a_person_takes_a_while_and_leaves_the_hidden_field_empty() {
        let now = Timestamp::now();
        let opened = |seconds| Some(now - Duration::seconds(seconds));
        assert_eq!(guest_check("", opened(60), now), GuestCheck::Person);
        assert_eq!(guest_check("  ", opened(3), now), GuestCheck::Person);
        assert_eq!(guest_check("", opened(1), now), GuestCheck::TooQuick);
    }

    #[test]
    fn robots_fill_the_hidden_field_or_bring_a_bad_timestamp() {
        let now = Timestamp::now();
        let robot = |check| matches!(check, GuestCheck::Robot(_));
        assert!(robot(guest_check(
            "spam.example",
            Some(now - Duration::minutes(1)),
            now
        )));
        assert!(robot(guest_check("", None, now)));
        assert!(robot(guest_check("", Some(now - Duration::days(2)), now)));
        assert!(robot(guest_check(
            "",
            Some(now + Duration::minutes(1)),
            now
        )));
    }

    #[test]
    fn a_verdict_gives_the_state_and_the_reason_the_log_keeps() {
        use crate::comments::{CommentState, Verdict};
        assert_eq!(Verdict::Approve.state(), CommentState::Approved);
        assert_eq!(
            Verdict::Approve.reason(),
            "approved by the class's settings"
        );
        assert_eq!(
            Verdict::Hold("too many links").state(),
            CommentState::Pending
        );
        assert_eq!(Verdict::Hold("too many links").reason(), "too many links");
        assert_eq!(Verdict::Reject.state(), CommentState::Rejected);
        assert_eq!(Verdict::Reject.reason(), "a word on the reject list");
    }
}
