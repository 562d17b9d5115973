//! Due dates: a student's own due moment (an extension replaces the class's), how late
//! an answer is, and how a due date reads ("due in 2 days", "due yesterday"), counted in
//! calendar days of the school's time zone, so a night when the clocks change is still
//! one day.

use std::fmt;

use jiff::Unit;

use crate::dates::SchoolZone;
use crate::db::Timestamp;

/// A student's due moment: their extension if the teacher gave one, else the class's.
pub fn effective_due(due: Timestamp, extension: Option<Timestamp>) -> Timestamp {
    extension.unwrap_or(due)
}

/// How long after its due moment an answer was published, in real elapsed time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Lateness {
    minutes: i64,
}

/// How late an answer published at `published` is, if it is late at all.
pub fn lateness(published: Timestamp, due: Timestamp) -> Option<Lateness> {
    let late_by = (published - due).whole_minutes();
    // Published in the due minute itself is on time: a teacher reads minutes.
    (published > due).then_some(Lateness {
        minutes: late_by.max(1),
    })
}

impl Lateness {
    /// Whole minutes late, for sorting.
    pub fn minutes(self) -> i64 {
        self.minutes
    }
}

impl fmt::Display for Lateness {
    /// "late by 25 min", "late by 3 h", "late by 4 days": the largest unit that fits,
    /// rounded down; hours up to two days, since "late by 30 h" is clearer than "1 day".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.minutes;
        match m {
            ..60 => write!(f, "late by {m} min"),
            60..2880 => write!(f, "late by {} h", m / 60),
            _ => write!(f, "late by {} days", m / 1440),
        }
    }
}

/// "due in 2 days", "due tomorrow at 9:00 AM", "due today at 3:00 PM", "was due today at
/// 8:00 AM", "due yesterday", "due 5 days ago": days are the school's calendar days.
pub fn due_wording(due: Timestamp, now: Timestamp, zone: &SchoolZone) -> String {
    let today = zone.local_date(now);
    let due_day = zone.local_date(due);
    let days = today
        .until((Unit::Day, due_day))
        .map_or(0, |span| i64::from(span.get_days()));
    let at = zone.time_of_day(due);
    match days {
        0 if due > now => format!("due today at {at}"),
        0 => format!("was due today at {at}"),
        1 => format!("due tomorrow at {at}"),
        -1 => "due yesterday".to_owned(),
        2.. => format!("due in {days} days"),
        _ => format!("due {} days ago", -days),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn madrid() -> SchoolZone {
        SchoolZone::parse("Europe/Madrid").unwrap_or_default()
    }

    fn at(zone: &SchoolZone, local: &str) -> Timestamp {
        zone.parse_local(local).unwrap_or_else(Timestamp::now)
    }

    #[test]
    fn an_answer_is_late_only_after_the_due_moment() {
        let zone = madrid();
        let due = at(&zone, "2026-12-04T15:00");
        assert_eq!(lateness(due, due), None);
        assert_eq!(lateness(at(&zone, "2026-12-04T14:59"), due), None);
        let words = |local| lateness(at(&zone, local), due).map(|l| l.to_string());
        assert_eq!(words("2026-12-04T15:00").as_deref(), None);
        assert_eq!(words("2026-12-04T15:25").as_deref(), Some("late by 25 min"));
        assert_eq!(words("2026-12-04T18:10").as_deref(), Some("late by 3 h"));
        assert_eq!(words("2026-12-05T21:00").as_deref(), Some("late by 30 h"));
        assert_eq!(words("2026-12-08T16:00").as_deref(), Some("late by 4 days"));
    }

    #[test]
    fn a_few_seconds_late_reads_as_one_minute() {
        let due = at(&madrid(), "2026-12-04T15:00");
        let published = due + time::Duration::seconds(20);
        assert_eq!(
            lateness(published, due).map(|l| l.to_string()).as_deref(),
            Some("late by 1 min")
        );
    }

    #[test]
    fn an_extension_replaces_the_class_due_date_for_one_student() {
        let zone = madrid();
        let due = at(&zone, "2026-12-04T15:00");
        let extended = at(&zone, "2026-12-07T15:00");
        let published = at(&zone, "2026-12-06T10:00");
        assert!(lateness(published, effective_due(due, None)).is_some());
        assert_eq!(
            lateness(published, effective_due(due, Some(extended))),
            None
        );
    }

    #[test]
    fn lateness_is_real_time_across_the_night_the_clocks_go_back() {
        // 25 October 2026: at 03:00 summer time the clocks go back to 02:00.
        let zone = madrid();
        let due = at(&zone, "2026-10-25T00:30");
        let published = at(&zone, "2026-10-25T03:30");
        // Three hours on the wall clock, four in fact.
        assert_eq!(
            lateness(published, due).map(|l| l.to_string()).as_deref(),
            Some("late by 4 h")
        );
    }

    #[test]
    fn due_dates_read_in_calendar_days_of_the_school() {
        let zone = madrid();
        let now = at(&zone, "2026-12-02T10:00");
        let reads = |local| due_wording(at(&zone, local), now, &zone);
        assert_eq!(reads("2026-12-02T15:00"), "due today at 3:00 PM");
        assert_eq!(reads("2026-12-02T08:00"), "was due today at 8:00 AM");
        assert_eq!(reads("2026-12-03T09:00"), "due tomorrow at 9:00 AM");
        assert_eq!(reads("2026-12-04T08:00"), "due in 2 days");
        assert_eq!(reads("2026-12-01T23:59"), "due yesterday");
        assert_eq!(reads("2026-11-27T12:00"), "due 5 days ago");
    }

    #[test]
    fn late_evening_in_the_school_zone_is_still_that_day() {
        // 23:30 in Madrid is already tomorrow in UTC; the wording follows Madrid.
        let zone = madrid();
        let now = at(&zone, "2026-12-02T23:30");
        let due = at(&zone, "2026-12-03T00:30");
        assert_eq!(due_wording(due, now, &zone), "due tomorrow at 12:30 AM");
        let utc = SchoolZone::default();
        assert_eq!(due_wording(due, now, &utc), "due today at 11:30 PM");
    }

    #[test]
    fn a_short_night_when_the_clocks_go_forward_is_still_one_day() {
        // 29 March 2026: at 02:00 the clocks go forward to 03:00 (a 23-hour day).
        let zone = madrid();
        let now = at(&zone, "2026-03-28T23:00");
        assert_eq!(
            due_wording(at(&zone, "2026-03-29T22:30"), now, &zone),
            "due tomorrow at 10:30 PM"
        );
        assert_eq!(
            due_wording(at(&zone, "2026-03-30T00:30"), now, &zone),
            "due in 2 days"
        );
    }

    #[test]
    fn a_typed_time_the_clocks_skip_or_repeat_is_read_sensibly() {
        let zone = madrid();
        // 02:30 never happens on 29 March: read as 03:30 summer time (01:30 UTC).
        let skipped = zone.parse_local("2026-03-29T02:30").map(|t| t.to_string());
        assert_eq!(skipped.as_deref(), Some("2026-03-29T01:30:00.000Z"));
        // 02:30 happens twice on 25 October: the first, still summer time (00:30 UTC).
        let twice = zone.parse_local("2026-10-25T02:30").map(|t| t.to_string());
        assert_eq!(twice.as_deref(), Some("2026-10-25T00:30:00.000Z"));
        assert_eq!(zone.parse_local("next Friday"), None);
        let shown = zone
            .parse_local("2026-12-04T15:00")
            .map(|t| zone.datetime_local(t));
        assert_eq!(shown.as_deref(), Some("2026-12-04T15:00"));
    }
}
