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

/// An RFC 3339 instant with an offset (`2026-03-08T12:00:00Z`, `...-05:00`), within the times
/// Goldseam handles (`Timestamp::MIN` to `Timestamp::MAX`, about years -9999 to 9999).
pub fn parse_instant(field: &str, raw: &str) -> Result<Timestamp, DomainError> {
    let raw = raw.trim();
    raw.parse::<Timestamp>().map_err(|_| {
        let message = out_of_range(raw).unwrap_or(
            "must be an RFC 3339 date and time with an offset, like 2026-03-08T12:00:00Z or 2026-03-08T07:00:00-05:00",
        );
        DomainError::invalid(field, message)
    })
}

/// Why a well-formed time with an offset was still refused: it lies past either end of the
/// range, such as `9999-12-31T00:00:00Z`. Calling that "not RFC 3339" would be wrong.
fn out_of_range(raw: &str) -> Option<&'static str> {
    let pieces = jiff::fmt::temporal::Pieces::parse(raw).ok()?;
    pieces.time()?;
    pieces.offset()?;
    Some(if pieces.date().year() > 0 {
        "is later than the latest time Goldseam handles, 9999-12-30T22:00:00Z; use an earlier one"
    } else {
        "is earlier than the earliest time Goldseam handles, -9999-01-02T01:59:59Z; use a later one"
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

#[cfg(test)]
mod tests {
    use super::*;

    fn message(raw: &str) -> String {
        match parse_instant("at", raw) {
            Err(DomainError::Invalid { message, .. }) => message,
            other => panic!("{raw:?} gave {other:?}"),
        }
    }

    #[test]
    fn instants_past_either_end_say_so_and_name_the_end() {
        let late = message("9999-12-31T00:00:00Z");
        assert!(late.contains("later than the latest time"), "{late}");
        // The message names the real end, to the second.
        let max = Timestamp::MAX.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
        assert!(late.contains(&max), "{late} should name {max}");
        let early = message("-009999-01-01T00:00:00Z");
        assert!(early.contains("earlier than the earliest time"), "{early}");
        let min = Timestamp::MIN.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
        assert!(early.contains(&min), "{early} should name {min}");
        // Just inside the range is fine.
        assert!(parse_instant("at", "9999-12-30T22:00:00Z").is_ok());
    }

    #[test]
    fn malformed_instants_are_still_called_malformed() {
        for raw in [
            "tomorrow",
            "2026-03-08T12:00:00",
            "2026-13-01T00:00:00Z",
            "",
        ] {
            assert!(message(raw).contains("must be an RFC 3339"), "{raw}");
        }
    }
}
