//! `Timestamp`: a UTC instant to the millisecond that sorts the same on both backends.
//!
//! Postgres stores it as `timestamptz`. SQLite has no time type, and sqlx writes an
//! `OffsetDateTime` there as RFC 3339 with trailing zeros trimmed (`…:05.5Z` sorts after
//! `…:05.51Z` as text), so here it is always written with exactly three fraction digits.

use std::fmt;

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef};
use sqlx::sqlite::{SqliteArgumentsBuffer, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Postgres, Sqlite, Type};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{Duration, OffsetDateTime, UtcOffset};

/// A moment in UTC, truncated to whole milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

const SQLITE_FORMAT: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");

impl Timestamp {
    /// The current moment.
    pub fn now() -> Timestamp {
        Timestamp::from(OffsetDateTime::now_utc())
    }

    /// Reads a time as [`Display`](fmt::Display) writes it (any RFC 3339 time will do).
    pub fn parse(text: &str) -> Option<Timestamp> {
        OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
            .ok()
            .map(Timestamp::from)
    }

    /// The instant inside.
    pub fn as_offset_date_time(self) -> OffsetDateTime {
        self.0
    }

    /// The instant `millis` milliseconds after 1970 began (for keyset cursors).
    pub fn from_unix_millis(millis: i64) -> Option<Timestamp> {
        let nanos = i128::from(millis) * 1_000_000;
        OffsetDateTime::from_unix_timestamp_nanos(nanos)
            .ok()
            .map(Timestamp)
    }

    /// Milliseconds since 1970, for ids and tokens that carry a time.
    pub fn unix_millis(self) -> i64 {
        i64::try_from(self.0.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
    }
}

impl From<OffsetDateTime> for Timestamp {
    fn from(at: OffsetDateTime) -> Timestamp {
        let utc = at.to_offset(UtcOffset::UTC);
        let millis = utc.nanosecond() / 1_000_000 * 1_000_000;
        Timestamp(utc.replace_nanosecond(millis).unwrap_or(utc))
    }
}

impl std::ops::Add<Duration> for Timestamp {
    type Output = Timestamp;
    fn add(self, rhs: Duration) -> Timestamp {
        Timestamp::from(self.0.saturating_add(rhs))
    }
}

impl std::ops::Sub<Duration> for Timestamp {
    type Output = Timestamp;
    fn sub(self, rhs: Duration) -> Timestamp {
        Timestamp::from(self.0.saturating_sub(rhs))
    }
}

impl std::ops::Sub for Timestamp {
    type Output = Duration;
    fn sub(self, rhs: Timestamp) -> Duration {
        self.0 - rhs.0
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.format(SQLITE_FORMAT) {
            Ok(text) => f.write_str(&text),
            Err(_) => write!(f, "{}", self.0),
        }
    }
}

impl Type<Sqlite> for Timestamp {
    fn type_info() -> SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }

    fn compatible(ty: &SqliteTypeInfo) -> bool {
        <OffsetDateTime as Type<Sqlite>>::compatible(ty)
    }
}

impl Encode<'_, Sqlite> for Timestamp {
    fn encode_by_ref(&self, buf: &mut SqliteArgumentsBuffer) -> Result<IsNull, BoxDynError> {
        Encode::<Sqlite>::encode(self.0.format(SQLITE_FORMAT)?, buf)
    }
}

impl<'r> Decode<'r, Sqlite> for Timestamp {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Timestamp::from(<OffsetDateTime as Decode<Sqlite>>::decode(
            value,
        )?))
    }
}

impl Type<Postgres> for Timestamp {
    fn type_info() -> PgTypeInfo {
        <OffsetDateTime as Type<Postgres>>::type_info()
    }
}

impl Encode<'_, Postgres> for Timestamp {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        Encode::<Postgres>::encode_by_ref(&self.0, buf)
    }
}

impl<'r> Decode<'r, Postgres> for Timestamp {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Timestamp::from(
            <OffsetDateTime as Decode<Postgres>>::decode(value)?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn timestamps_are_truncated_to_milliseconds() {
        let at = Timestamp::from(datetime!(2026-11-30 05:09:02.123_456_789 UTC));
        assert_eq!(at.to_string(), "2026-11-30T05:09:02.123Z");
    }

    #[test]
    fn text_order_matches_time_order() {
        let times = [
            datetime!(2026-11-30 05:09:02 UTC),
            datetime!(2026-11-30 05:09:02.5 UTC),
            datetime!(2026-11-30 05:09:02.51 UTC),
            datetime!(2026-11-30 05:09:03 UTC),
        ];
        let texts: Vec<String> = times
            .iter()
            .map(|t| Timestamp::from(*t).to_string())
            .collect();
        let mut sorted = texts.clone();
        sorted.sort();
        assert_eq!(texts, sorted);
    }

    #[test]
    fn other_offsets_are_stored_as_utc() {
        let at = Timestamp::from(datetime!(2026-11-30 06:00 +01:00));
        assert_eq!(at.to_string(), "2026-11-30T05:00:00.000Z");
    }
}
