//! Sign-in throttling rules: progressive delays that slow guessing down without
//! locking the rightful user out.
//!
//! Failures are counted for three subjects at once:
//! - a username from one address (`PAIR`): a few free failures, then each failure is
//!   followed by a wait that doubles, up to a cap. A prankster elsewhere only delays
//!   themselves; the owner signing in from another address is not touched.
//! - an address, for every username (`ADDRESS`): a much higher allowance, since a whole
//!   school often shares one address, and only short waits, forgiven quickly.
//! - a device cookie (a browser that signed in as that username before): while it has
//!   fewer than `DEVICE_FAILURES` failures it skips the other two, so a classmate on the
//!   same school address cannot keep its owner out; at that many it is withdrawn and the
//!   browser is treated like any other, so a stolen cookie buys only a few guesses.
//!
//! Every attempt is counted as a failure BEFORE the password is checked, in the same
//! locked step as the check (`Store::update_sign_in_counts`), and a success takes its
//! count back; so attempts sent at once cannot all pass the check.

use std::net::IpAddr;

use time::Duration;

use crate::db::Timestamp;
use crate::store::{ThrottleCount, ThrottleKey, ThrottleScope};

/// How one kind of count turns failures into waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// From this many failures on, each failure is followed by a wait.
    pub delay_from: i64,
    /// The wait after failure number `delay_from`; it doubles with each further one.
    pub first_delay: Duration,
    /// The longest wait.
    pub cap: Duration,
    /// One failure is forgiven each time this passes without a new one.
    pub forgive_one_every: Duration,
}

/// A username from one address: five tries for typos, then 30 s, 1, 2, 4, 8 minutes,
/// then 15 minutes a try. A failure is forgiven an hour, so a student who gave up
/// yesterday starts clean, while a guesser at the cap gets about four tries an hour.
pub const PAIR: Rule = Rule {
    delay_from: 5,
    first_delay: Duration::seconds(30),
    cap: Duration::minutes(15),
    forgive_one_every: Duration::hours(1),
};

/// One address, every username: a school of several hundred behind one address, a
/// class of 30 signing in at the start of a lesson with a few typos each, stays far
/// below 100 failures, and 100 are forgiven every hour (one each 36 s). Past that,
/// each failure is followed by a wait of 1 s, 2 s, 4 s … at most a minute: at one try
/// a minute the forgiving outpaces the failing, so nobody can keep a school out.
pub const ADDRESS: Rule = Rule {
    delay_from: 100,
    first_delay: Duration::seconds(1),
    cap: Duration::minutes(1),
    forgive_one_every: Duration::seconds(36),
};

/// Failures a device cookie may have (since its last success) before it is withdrawn.
pub const DEVICE_FAILURES: i64 = 5;

/// How long a count is kept once nothing happens to it (and its wait has ended).
pub const WINDOW: Duration = Duration::days(1);

/// How far back the Class page lists ended delays.
pub const RECENTLY: Duration = Duration::days(1);

impl Rule {
    /// Failures still counted at `now`, after forgiving.
    pub fn failures_at(&self, count: &ThrottleCount, now: Timestamp) -> i64 {
        let quiet = (now - count.last_failed_at).whole_seconds().max(0);
        let forgiven = quiet / self.forgive_one_every.whole_seconds().max(1);
        (count.failures - forgiven).max(0)
    }

    /// The wait after failure number `failures`, if any.
    pub fn delay_after(&self, failures: i64) -> Option<Duration> {
        // Past 30 doublings every wait is long since at the cap.
        let doublings = u32::try_from(failures.checked_sub(self.delay_from)?.min(30)).ok()?;
        let factor = 2_i32.checked_pow(doublings).unwrap_or(i32::MAX);
        Some(self.first_delay.saturating_mul(factor).min(self.cap))
    }

    /// The count after one more failure at `now`.
    pub fn after_failure(&self, count: &ThrottleCount, now: Timestamp) -> ThrottleCount {
        let failures = self.failures_at(count, now) + 1;
        ThrottleCount {
            failures,
            last_failed_at: now,
            blocked_until: self.delay_after(failures).map(|wait| now + wait),
        }
    }

    /// The count with the failure counted ahead of a successful attempt taken back.
    pub fn withdraw_one(&self, count: &ThrottleCount) -> ThrottleCount {
        let failures = (count.failures - 1).max(0);
        ThrottleCount {
            failures,
            last_failed_at: count.last_failed_at,
            blocked_until: self
                .delay_after(failures)
                .map(|wait| count.last_failed_at + wait),
        }
    }
}

/// Whether a device cookie with this count still skips the other delays.
pub fn device_trusted(count: &ThrottleCount) -> bool {
    count.failures < DEVICE_FAILURES
}

/// A device count with `change` failures more (or fewer); once withdrawn, it is kept
/// (through `blocked_until`) until the cookie itself expires.
fn device_count(
    count: &ThrottleCount,
    change: i64,
    now: Timestamp,
    expires: Timestamp,
) -> ThrottleCount {
    let failures = (count.failures + change).max(0);
    ThrottleCount {
        failures,
        last_failed_at: if change > 0 {
            now
        } else {
            count.last_failed_at
        },
        blocked_until: (failures >= DEVICE_FAILURES).then_some(expires),
    }
}

/// The address a count is kept for: an IPv6 address stands for its /64, which one
/// household or school is usually given whole (else one machine has billions).
pub fn address_key(address: &str) -> String {
    match address.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let [a, b, c, d, ..] = v6.segments();
                format!("{a:x}:{b:x}:{c:x}:{d:x}::/64")
            }
        },
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => address.chars().take(64).collect(),
    }
}

/// A username as counted: whatever was typed (lower-cased by the caller), without
/// control characters, and not longer than any username could be, so a hostile
/// "username" cannot fill the table.
fn counted_username(username: &str) -> String {
    username
        .chars()
        .filter(|c| !c.is_control())
        .take(64)
        .collect()
}

/// Whether an attempt may go on to the password check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Check the password; `trusted` when a device cookie let it skip the delays.
    Check {
        /// A device cookie vouched for the browser.
        trusted: bool,
    },
    /// Refuse, and say how long to wait (whole seconds, at least one).
    Wait(Duration),
}

/// The counts one sign-in attempt touches.
#[derive(Clone, Debug)]
pub struct Attempt {
    keys: Vec<ThrottleKey>,
    /// When the presented device cookie expires, if one for this username was presented.
    device_expires: Option<Timestamp>,
}

/// An attempt's counts, by subject.
struct Counts<'a> {
    device: Option<&'a ThrottleCount>,
    pair: &'a ThrottleCount,
    address: &'a ThrottleCount,
}

impl Attempt {
    /// `username` (lower-cased) from `address`, with the nonce and expiry of a valid
    /// device cookie that names this username, if the browser sent one.
    pub fn new(username: &str, address: &str, device: Option<(&str, Timestamp)>) -> Attempt {
        let username = counted_username(username);
        let address = address_key(address);
        let device_key = device.map(|(nonce, _)| ThrottleKey {
            scope: ThrottleScope::Device,
            subject: nonce.to_owned(),
            username: username.clone(),
            address: address.clone(),
        });
        let pair = ThrottleKey {
            scope: ThrottleScope::Pair,
            subject: format!("{address} {username}"),
            username,
            address: address.clone(),
        };
        let by_address = ThrottleKey {
            scope: ThrottleScope::Address,
            subject: address.clone(),
            username: String::new(),
            address,
        };
        Attempt {
            keys: device_key.into_iter().chain([pair, by_address]).collect(),
            device_expires: device.map(|(_, expires)| expires),
        }
    }

    /// The subjects to lock, in the order the store must lock them.
    pub fn keys(&self) -> &[ThrottleKey] {
        &self.keys
    }

    fn split<'a>(&self, counts: &'a [ThrottleCount]) -> Option<Counts<'a>> {
        match (self.device_expires, counts) {
            (Some(_), [device, pair, address]) => Some(Counts {
                device: Some(device),
                pair,
                address,
            }),
            (None, [pair, address]) => Some(Counts {
                device: None,
                pair,
                address,
            }),
            _ => None,
        }
    }

    /// The check and the count: may this attempt check a password, and the counts
    /// with it counted as a failure ahead of the check (`None`: nothing to write).
    pub fn check_and_count(
        &self,
        counts: &[ThrottleCount],
        now: Timestamp,
    ) -> (Verdict, Option<Vec<ThrottleCount>>) {
        let Some(counts) = self.split(counts) else {
            return (Verdict::Wait(PAIR.cap), None);
        };
        let trusted = counts.device.is_some_and(device_trusted);
        if !trusted {
            let until = [counts.pair.blocked_until, counts.address.blocked_until]
                .into_iter()
                .flatten()
                .max();
            if let Some(until) = until.filter(|until| *until > now) {
                return (Verdict::Wait(whole_seconds(until - now)), None);
            }
        }
        let device = counts
            .device
            .zip(self.device_expires)
            .map(|(count, expires)| device_count(count, 1, now, expires));
        // A trusted browser's typos are its own: they do not count against the
        // username at this address (whose count is about untrusted browsers).
        let pair = if trusted {
            *counts.pair
        } else {
            PAIR.after_failure(counts.pair, now)
        };
        let address = ADDRESS.after_failure(counts.address, now);
        let changed = device.into_iter().chain([pair, address]).collect();
        (Verdict::Check { trusted }, Some(changed))
    }

    /// The counts once the password proved right: the failure counted ahead is taken
    /// back, and an untrusted browser's failures for this username here are forgotten.
    pub fn after_success(
        &self,
        trusted: bool,
        counts: &[ThrottleCount],
    ) -> Option<Vec<ThrottleCount>> {
        let counts = self.split(counts)?;
        let device = counts
            .device
            .zip(self.device_expires)
            .map(|(count, expires)| device_count(count, -1, count.last_failed_at, expires));
        let pair = if trusted {
            *counts.pair
        } else {
            ThrottleCount::fresh(counts.pair.last_failed_at)
        };
        let address = ADDRESS.withdraw_one(counts.address);
        Some(device.into_iter().chain([pair, address]).collect())
    }
}

/// Rounds a wait up to whole seconds, at least one.
fn whole_seconds(wait: Duration) -> Duration {
    let seconds = wait.whole_seconds() + i64::from(wait.subsec_milliseconds() > 0);
    Duration::seconds(seconds.max(1))
}

/// "30 seconds", "1 minute", "3 minutes" (rounded up), for the sign-in page.
pub fn describe_wait(wait: Duration) -> String {
    let seconds = whole_seconds(wait).whole_seconds();
    match seconds {
        1 => "1 second".to_owned(),
        2..60 => format!("{seconds} seconds"),
        _ => match (seconds + 59) / 60 {
            1 => "1 minute".to_owned(),
            minutes => format!("{minutes} minutes"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(failures: i64, last_failed_at: Timestamp) -> ThrottleCount {
        ThrottleCount {
            failures,
            last_failed_at,
            blocked_until: None,
        }
    }

    #[test]
    fn waits_start_after_a_few_failures_and_double_up_to_a_cap() {
        let s = Duration::seconds;
        let table: &[(Rule, i64, Option<Duration>)] = &[
            (PAIR, 1, None),
            (PAIR, 4, None),
            (PAIR, 5, Some(s(30))),
            (PAIR, 6, Some(s(60))),
            (PAIR, 7, Some(s(120))),
            (PAIR, 9, Some(s(480))),
            (PAIR, 10, Some(s(900))),
            (PAIR, 11, Some(s(900))),
            (PAIR, 10_000, Some(s(900))),
            (ADDRESS, 99, None),
            (ADDRESS, 100, Some(s(1))),
            (ADDRESS, 101, Some(s(2))),
            (ADDRESS, 105, Some(s(32))),
            (ADDRESS, 106, Some(s(60))),
            (ADDRESS, i64::MAX, Some(s(60))),
        ];
        for (rule, failures, wait) in table {
            assert_eq!(
                rule.delay_after(*failures),
                *wait,
                "{failures} failures, {rule:?}"
            );
        }
    }

    #[test]
    fn failures_are_forgiven_as_quiet_time_passes() {
        let now = Timestamp::now();
        let table: &[(Rule, i64, Duration, i64)] = &[
            (PAIR, 8, Duration::minutes(59), 8),
            (PAIR, 8, Duration::hours(1), 7),
            (PAIR, 8, Duration::hours(3), 5),
            (PAIR, 8, Duration::days(1), 0),
            (ADDRESS, 150, Duration::seconds(35), 150),
            (ADDRESS, 150, Duration::seconds(36), 149),
            (ADDRESS, 150, Duration::hours(1), 50),
            (ADDRESS, 150, Duration::hours(2), 0),
        ];
        for (rule, failures, quiet, left) in table {
            let counted = rule.failures_at(&count(*failures, now - *quiet), now);
            assert_eq!(counted, *left, "{failures} failures, {quiet} quiet");
        }
    }

    #[test]
    fn a_failure_sets_the_wait_from_its_own_moment() {
        let now = Timestamp::now();
        let after = PAIR.after_failure(&count(4, now), now);
        assert_eq!(after.failures, 5);
        assert_eq!(after.blocked_until, Some(now + Duration::seconds(30)));
        let after = PAIR.after_failure(&count(2, now), now);
        assert_eq!(after.blocked_until, None);
    }

    fn attempt_counts(attempt: &Attempt, now: Timestamp) -> Vec<ThrottleCount> {
        attempt
            .keys()
            .iter()
            .map(|_| ThrottleCount::fresh(now))
            .collect()
    }

    #[test]
    fn attempts_are_refused_while_a_wait_is_in_force_and_not_counted() {
        let now = Timestamp::now();
        let attempt = Attempt::new("ana", "192.0.2.1", None);
        let mut counts = attempt_counts(&attempt, now);
        for _ in 0..5 {
            let (verdict, changed) = attempt.check_and_count(&counts, now);
            assert_eq!(verdict, Verdict::Check { trusted: false });
            counts = changed.unwrap_or_default();
        }
        let (verdict, changed) = attempt.check_and_count(&counts, now);
        assert_eq!(verdict, Verdict::Wait(Duration::seconds(30)));
        assert_eq!(changed, None);
        let later = now + Duration::seconds(30);
        let (verdict, _) = attempt.check_and_count(&counts, later);
        assert_eq!(verdict, Verdict::Check { trusted: false });
    }

    #[test]
    fn a_trusted_device_skips_the_waits_until_it_has_failed_too_often() {
        let now = Timestamp::now();
        let expires = now + Duration::days(365);
        let attempt = Attempt::new("ana", "192.0.2.1", Some(("nonce", expires)));
        let mut counts = attempt_counts(&attempt, now);
        // The username at this address is waiting: a classmate has been guessing.
        counts[1] = PAIR.after_failure(&count(9, now), now);
        for n in 1..=DEVICE_FAILURES {
            let (verdict, changed) = attempt.check_and_count(&counts, now);
            assert_eq!(verdict, Verdict::Check { trusted: true }, "attempt {n}");
            counts = changed.unwrap_or_default();
        }
        assert_eq!(
            counts[0].blocked_until,
            Some(expires),
            "withdrawn until it expires"
        );
        let (verdict, _) = attempt.check_and_count(&counts, now);
        assert!(matches!(verdict, Verdict::Wait(_)), "{verdict:?}");
    }

    #[test]
    fn a_success_takes_back_its_count_and_clears_the_untrusted_username() {
        let now = Timestamp::now();
        let attempt = Attempt::new("ana", "192.0.2.1", None);
        let counts = [PAIR.after_failure(&count(3, now), now), count(120, now)];
        let (_, changed) = attempt.check_and_count(&counts, now);
        let changed = changed.unwrap_or_default();
        let settled = attempt.after_success(false, &changed).unwrap_or_default();
        assert_eq!(settled[0].failures, 0);
        assert_eq!(settled[1].failures, 120);
    }

    #[test]
    fn ipv6_addresses_are_counted_by_their_slash_64() {
        let table = [
            ("192.0.2.7", "192.0.2.7"),
            ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
            ("2001:db8:1:2::99", "2001:db8:1:2::/64"),
            ("::ffff:192.0.2.7", "192.0.2.7"),
            ("unknown", "unknown"),
        ];
        for (address, key) in table {
            assert_eq!(address_key(address), key);
        }
    }

    #[test]
    fn waits_are_described_in_seconds_then_whole_minutes_rounded_up() {
        let table = [
            (Duration::milliseconds(200), "1 second"),
            (Duration::seconds(30), "30 seconds"),
            (Duration::milliseconds(29_001), "30 seconds"),
            (Duration::seconds(60), "1 minute"),
            (Duration::seconds(61), "2 minutes"),
            (Duration::minutes(15), "15 minutes"),
        ];
        for (wait, text) in table {
            assert_eq!(describe_wait(wait), text);
        }
    }
}
