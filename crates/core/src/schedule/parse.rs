//! Reading the strings schedules are written in: IANA zones, instants, wall-clock times and
//! weekdays, each refused with its field named and what is accepted.

use crate::DomainError;
use jiff::civil::{DateTime, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// A time zone by IANA name, refused with the field named when unknown.
pub fn parse_time_zone(field: &str, raw: &str) -> Result<TimeZone, DomainError> {
    let name = raw.trim();
    // jiff also accepts POSIX TZ strings and fixed offsets; schedules want names people read.
    if name.is_empty() || name.len() > 64 || !name.chars().all(|c| c.is_ascii_graphic()) {
        return Err(unknown_zone(field, raw));
    }
    TimeZone::get(name).map_err(|_| unknown_zone(field, raw))
}

fn unknown_zone(field: &str, raw: &str) -> DomainError {
    DomainError::invalid(
        field,
        format!(
            "{:?} is not a known IANA time zone; use a name like Europe/Paris, America/New_York or UTC",
            raw.chars().take(64).collect::<String>()
        ),
    )
}

/// An RFC 3339 instant with an offset (`2026-03-08T12:00:00Z`, `...-05:00`).
pub fn parse_instant(field: &str, raw: &str) -> Result<Timestamp, DomainError> {
    raw.trim().parse::<Timestamp>().map_err(|_| {
        DomainError::invalid(
            field,
            "must be an RFC 3339 date and time with an offset, like 2026-03-08T12:00:00Z or 2026-03-08T07:00:00-05:00",
        )
    })
}

pub(super) fn parse_local(field: &str, raw: &str) -> Result<DateTime, DomainError> {
    let raw = raw.trim();
    // A trailing offset or zone would be silently dropped by a lenient reader; the start is
    // wall-clock time in the schedule's zone, so say so instead.
    let has_offset = raw.ends_with(['Z', 'z', ']'])
        || raw
            .get(10..)
            .is_some_and(|time| time.contains('+') || time.contains('-'));
    let parsed = if has_offset {
        None
    } else {
        raw.parse::<DateTime>().ok()
    };
    parsed.ok_or_else(|| {
        DomainError::invalid(
            field,
            "must be a local date and time without an offset, like 2026-03-02T09:00; it is read in the schedule's time zone",
        )
    })
}

pub(super) fn parse_time(field: &str, raw: &str) -> Result<Time, DomainError> {
    let raw = raw.trim();
    // People write 9:00 as often as 09:00.
    let padded = if raw.find(':') == Some(1) {
        format!("0{raw}")
    } else {
        raw.to_string()
    };
    padded
        .parse::<Time>()
        .map_err(|_| DomainError::invalid(field, "must be a time of day like 09:00 or 17:30"))
}

pub(super) fn parse_weekday(field: &str, raw: &str) -> Result<Weekday, DomainError> {
    let day = match raw.trim().to_ascii_lowercase().as_str() {
        "monday" | "mon" => Weekday::Monday,
        "tuesday" | "tue" => Weekday::Tuesday,
        "wednesday" | "wed" => Weekday::Wednesday,
        "thursday" | "thu" => Weekday::Thursday,
        "friday" | "fri" => Weekday::Friday,
        "saturday" | "sat" => Weekday::Saturday,
        "sunday" | "sun" => Weekday::Sunday,
        _ => {
            return Err(DomainError::invalid(
                field,
                "must be a day of the week: monday, tuesday, wednesday, thursday, friday, saturday or sunday",
            ))
        }
    };
    Ok(day)
}
