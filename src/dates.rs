//! Showing times in the school's time zone, the way a blog reader expects:
//! "Sunday, December 14, 2014". Everything is stored in UTC.

use jiff::tz::TimeZone;

use crate::db::Timestamp;

/// The school's time zone, for dates on pages and the archive's months.
#[derive(Clone, Debug)]
pub struct SchoolZone(TimeZone);

impl Default for SchoolZone {
    fn default() -> Self {
        SchoolZone(TimeZone::UTC)
    }
}

impl SchoolZone {
    /// Looks up an IANA zone name such as `Europe/Madrid`.
    pub fn parse(name: &str) -> Result<SchoolZone, &'static str> {
        TimeZone::get(name.trim())
            .map(SchoolZone)
            .map_err(|_| "Choose a time zone such as Europe/London or America/New_York.")
    }

    fn zoned(&self, at: Timestamp) -> jiff::ZonedDateTime {
        let instant = jiff::Timestamp::from_millisecond(at.unix_millis())
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        instant.to_zoned_datetime(self.0.clone())
    }

    /// "Sunday, December 14, 2014"
    pub fn long_date(&self, at: Timestamp) -> String {
        self.zoned(at).strftime("%A, %B %-d, %Y").to_string()
    }

    /// "December 14, 2014 at 3:05 PM"
    pub fn date_and_time(&self, at: Timestamp) -> String {
        // Written out by hand: a post page shows one for every comment, and `strftime`
        // (which reads its pattern each time) was a sixth of a long thread's page.
        let zoned = self.zoned(at);
        let (Ok(month), Ok(day), Ok(year), Ok(hour), Ok(minute)) = (
            usize::try_from(zoned.month() - 1),
            u32::try_from(zoned.day()),
            u32::try_from(zoned.year()),
            u32::try_from(zoned.hour()),
            u32::try_from(zoned.minute()),
        ) else {
            return zoned.strftime("%B %-d, %Y at %-I:%M %p").to_string();
        };
        let mut text = String::with_capacity(32);
        text.push_str(MONTHS.get(month).copied().unwrap_or_default());
        text.push(' ');
        push_digits(&mut text, day, 1);
        text.push_str(", ");
        push_digits(&mut text, year, 4);
        text.push_str(" at ");
        push_digits(&mut text, if hour % 12 == 0 { 12 } else { hour % 12 }, 1);
        text.push(':');
        push_digits(&mut text, minute, 2);
        text.push_str(if hour < 12 { " AM" } else { " PM" });
        text
    }

    /// "2014-12", the archive's key for the month `at` falls in here.
    pub fn month_key(&self, at: Timestamp) -> String {
        self.zoned(at).strftime("%Y-%m").to_string()
    }
}

impl SchoolZone {
    /// The start of a `YYYY-MM-DD` day here, if the text is such a date.
    pub fn start_of_day(&self, text: &str) -> Option<Timestamp> {
        let date: jiff::civil::Date = text.trim().parse().ok()?;
        let zoned = date.to_zoned_datetime(self.0.clone()).ok()?;
        Timestamp::from_unix_millis(zoned.timestamp().as_millisecond())
    }
}

impl SchoolZone {
    /// The calendar day `at` falls on here.
    pub fn local_date(&self, at: Timestamp) -> jiff::civil::Date {
        self.zoned(at).date()
    }

    /// "3:05 PM", the time of day `at` here.
    pub fn time_of_day(&self, at: Timestamp) -> String {
        self.zoned(at).strftime("%-I:%M %p").to_string()
    }

    /// "2026-12-04T15:00", as an `<input type="datetime-local">` shows `at` here.
    pub fn datetime_local(&self, at: Timestamp) -> String {
        self.zoned(at).strftime("%Y-%m-%dT%H:%M").to_string()
    }

    /// The moment a typed `2026-12-04T15:00` (a `datetime-local` value) names here. A
    /// time skipped when the clocks go forward is read as the hour after (02:30 becomes
    /// 03:30); a time that happens twice when they go back is the first of the two.
    pub fn parse_local(&self, text: &str) -> Option<Timestamp> {
        let civil: jiff::civil::DateTime = text.trim().parse().ok()?;
        let instant = self.0.to_ambiguous_timestamp(civil).compatible().ok()?;
        Timestamp::from_unix_millis(instant.as_millisecond())
    }
}

/// "December 2014" for an archive key "2014-12"; `None` if the key is malformed.
pub fn month_name(key: &str) -> Option<String> {
    let (year, month) = key.split_once('-')?;
    let year: i16 = year.parse().ok()?;
    let month: i8 = month.parse().ok()?;
    let date = jiff::civil::Date::new(year, month, 1).ok()?;
    Some(date.strftime("%B %Y").to_string())
}

/// The machine-readable form for `<time datetime>` and feeds (RFC 3339, UTC, to the
/// millisecond: the same text as the stored form), written out by hand for the same
/// reason as [`SchoolZone::date_and_time`].
pub fn rfc3339(at: Timestamp) -> String {
    let utc = SchoolZone::default().zoned(at);
    let parts = [
        (utc.year(), 4, '-'),
        (utc.month().into(), 2, '-'),
        (utc.day().into(), 2, 'T'),
        (utc.hour().into(), 2, ':'),
        (utc.minute().into(), 2, ':'),
        (utc.second().into(), 2, '.'),
        (utc.millisecond(), 3, 'Z'),
    ];
    let mut text = String::with_capacity(24);
    for (number, width, then) in parts {
        let Ok(number) = u32::try_from(number) else {
            return at.to_string();
        };
        push_digits(&mut text, number, width);
        text.push(then);
    }
    text
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Appends `number` in decimal, with leading zeros up to `width` digits.
fn push_digits(text: &mut String, number: u32, width: usize) {
    let mut digits = [b'0'; 10];
    let mut rest = number;
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + u8::try_from(rest % 10).unwrap_or_default();
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let shown = digits.len() - start;
    text.extend(std::iter::repeat_n('0', width.saturating_sub(shown)));
    text.extend(digits[start..].iter().map(|&digit| char::from(digit)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn dates_read_like_a_blog_page_in_the_school_zone() {
        let at = Timestamp::from(datetime!(2014-12-14 23:30 UTC));
        assert_eq!(
            SchoolZone::default().long_date(at),
            "Sunday, December 14, 2014"
        );
        let madrid = SchoolZone::parse("Europe/Madrid").unwrap_or_default();
        assert_eq!(madrid.long_date(at), "Monday, December 15, 2014");
        assert_eq!(madrid.month_key(at), "2014-12");
        assert_eq!(madrid.date_and_time(at), "December 15, 2014 at 12:30 AM");
    }

    #[test]
    fn a_typed_date_starts_at_local_midnight() {
        let madrid = SchoolZone::parse("Europe/Madrid").unwrap_or_default();
        let start = madrid.start_of_day("2026-11-30").map(|t| t.to_string());
        assert_eq!(start.as_deref(), Some("2026-11-29T23:00:00.000Z"));
        assert_eq!(madrid.start_of_day("30/11/2026"), None);
    }

    #[test]
    fn hand_written_dates_match_the_formatters() {
        let madrid = SchoolZone::parse("Europe/Madrid").unwrap_or_default();
        for at in [
            datetime!(2014-12-14 23:30:05.123 UTC),
            datetime!(2026-07-01 00:00 UTC),
            datetime!(2026-03-29 11:59:59.999 UTC),
            datetime!(2026-10-25 12:00:00.001 UTC),
            datetime!(0999-01-02 03:04:05.006 UTC),
        ] {
            let at = Timestamp::from(at);
            assert_eq!(rfc3339(at), at.to_string());
            for zone in [SchoolZone::default(), madrid.clone()] {
                let by_pattern = zone.zoned(at).strftime("%B %-d, %Y at %-I:%M %p");
                assert_eq!(zone.date_and_time(at), by_pattern.to_string());
            }
        }
    }

    #[test]
    fn unknown_zones_are_refused() {
        assert!(SchoolZone::parse("Mars/Olympus_Mons").is_err());
    }

    #[test]
    fn archive_keys_become_month_names() {
        assert_eq!(month_name("2014-12").as_deref(), Some("December 2014"));
        assert_eq!(month_name("2014-13"), None);
        assert_eq!(month_name("junk"), None);
    }
}
