//! Sign-in throttling rules: how many failures, over what window, lock for how long.
//!
//! A username locks after a few failures so nobody can guess a classmate's password;
//! the lock lasts only until the oldest failure leaves the window, so a prankster
//! cannot keep someone out for long. An address gets a higher limit, since a whole
//! school often shares one.

use time::Duration;

use crate::db::Timestamp;
use crate::store::FailureCounts;

/// How far back failures count.
pub const WINDOW: Duration = Duration::minutes(15);
/// Failures for one username within the window before it is locked.
pub const USERNAME_LIMIT: i64 = 10;
/// Failures from one address within the window before it is locked.
pub const ADDRESS_LIMIT: i64 = 50;

/// Whether a sign-in may be tried now, and if not, how long to wait.
pub fn wait_before_next_try(counts: &FailureCounts, now: Timestamp) -> Option<Duration> {
    let wait_for = |count: i64, limit: i64, oldest: Option<Timestamp>| {
        (count >= limit).then(|| oldest.map_or(WINDOW, |oldest| oldest + WINDOW - now))
    };
    let by_username = wait_for(
        counts.for_username,
        USERNAME_LIMIT,
        counts.oldest_for_username,
    );
    let by_address = wait_for(counts.for_address, ADDRESS_LIMIT, counts.oldest_for_address);
    by_username
        .into_iter()
        .chain(by_address)
        .max()
        .map(|wait| wait.max(Duration::seconds(1)))
}

/// "3 minutes", rounded up, for the message on the sign-in page.
pub fn describe_wait(wait: Duration) -> String {
    let minutes = (wait.whole_seconds() + 59) / 60;
    match minutes {
        ..=1 => "1 minute".to_owned(),
        n => format!("{n} minutes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(for_username: i64, for_address: i64, oldest: Timestamp) -> FailureCounts {
        FailureCounts {
            for_username,
            oldest_for_username: Some(oldest),
            for_address,
            oldest_for_address: Some(oldest),
        }
    }

    #[test]
    fn under_the_limits_a_sign_in_may_be_tried() {
        let now = Timestamp::now();
        assert_eq!(wait_before_next_try(&counts(9, 49, now), now), None);
    }

    #[test]
    fn a_locked_username_waits_until_its_oldest_failure_leaves_the_window() {
        let now = Timestamp::now();
        let oldest = now - Duration::minutes(5);
        assert_eq!(
            wait_before_next_try(&counts(10, 10, oldest), now),
            Some(Duration::minutes(10))
        );
    }

    #[test]
    fn a_busy_address_is_locked_too() {
        let now = Timestamp::now();
        assert!(wait_before_next_try(&counts(0, 50, now), now).is_some());
    }

    #[test]
    fn waits_are_described_in_whole_minutes_rounded_up() {
        assert_eq!(describe_wait(Duration::seconds(5)), "1 minute");
        assert_eq!(describe_wait(Duration::seconds(61)), "2 minutes");
        assert_eq!(describe_wait(Duration::minutes(15)), "15 minutes");
    }
}
