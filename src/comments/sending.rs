//! The checks on a comment as it is sent: how fast its sender is going, and whether a
//! guest's form was filled in by a person.

use time::Duration;

use super::{FORM_MAX_AGE, GUEST_MIN_FILL, RATE_LIMIT_PER_MINUTE};
use crate::accounts::User;
use crate::db::Timestamp;

/// Which count of recent comments limits a sender. A whole class often shares one
/// address, so a signed-in student is limited by their own account alone; a guest has
/// no account, so guests share the limit of their address (counting guests' comments
/// only); a teacher is not limited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pace {
    /// The account's comments in the last minute.
    Account,
    /// Guests' comments from the address in the last minute.
    GuestAddress,
    /// No limit.
    Unlimited,
}

/// The limit that applies to `user` (`None` for a guest).
pub fn pace_for(user: Option<&User>) -> Pace {
    match user {
        None => Pace::GuestAddress,
        Some(user) if user.is_teacher() => Pace::Unlimited,
        Some(_) => Pace::Account,
    }
}

/// Whether a sender who sent `sent_last_minute` comments (as counted by their [`Pace`])
/// has reached the limit.
pub fn too_fast(sent_last_minute: i64) -> bool {
    sent_last_minute >= RATE_LIMIT_PER_MINUTE
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
    fn a_student_is_limited_by_account_a_guest_by_address_a_teacher_not_at_all() {
        use crate::accounts::{Role, test_user};
        assert_eq!(pace_for(Some(&test_user(1, Role::Student))), Pace::Account);
        assert_eq!(pace_for(None), Pace::GuestAddress);
        assert_eq!(
            pace_for(Some(&test_user(2, Role::Teacher))),
            Pace::Unlimited
        );
    }

    #[test]
    fn the_limit_is_reached_at_five_a_minute() {
        assert!(!too_fast(0));
        assert!(!too_fast(RATE_LIMIT_PER_MINUTE - 1));
        assert!(too_fast(RATE_LIMIT_PER_MINUTE));
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
