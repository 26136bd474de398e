//! The picker by example: exact UTC slots across the 2026 daylight-saving weeks (`dst`), the
//! fairness ledger (`fairness`), the nearest misses (`misses`), the softer rules (`rules`),
//! refused requests and windows (`errors`), hours laid out per date (`hours`), the benchmark
//! case (`bench`), and random requests against a brute-force reference (`properties`).

use super::*;
use jiff::civil::Date;

mod bench;
mod dst;
mod errors;
mod fairness;
mod hours;
mod misses;
mod properties;
mod rules;

pub(super) fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

pub(super) fn tz(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap()
}

/// A required attendee with default hours and a clear calendar; ids follow the name's first
/// letter so tests read by name.
pub(super) fn person(name: &str, zone: &str) -> Attendee {
    Attendee {
        user_id: UserId::from_db(i64::from(name.as_bytes()[0])),
        name: name.to_string(),
        attendance: Attendance::Required,
        zone: Some(TimeZoneName::parse("zone", zone).unwrap()),
        hours: WorkingHours::default(),
        calendar: Calendar::Known(vec![]),
        ledger_minutes: 0,
    }
}

/// The same, optional.
pub(super) fn optional(name: &str, zone: &str) -> Attendee {
    Attendee {
        attendance: Attendance::Optional,
        ..person(name, zone)
    }
}

/// Adds a period to a known calendar.
pub(super) fn with(mut a: Attendee, kind: BusyKind, start: &str, end: &str) -> Attendee {
    let period = BusyPeriod {
        start: ts(start),
        end: ts(end),
        kind,
    };
    match &mut a.calendar {
        Calendar::Known(periods) => periods.push(period),
        Calendar::Unknown { .. } => a.calendar = Calendar::Known(vec![period]),
    }
    a
}

/// A request over `[from, until)` with the organizer in Berlin and default core hours.
pub(super) fn request(
    attendees: Vec<Attendee>,
    from: &str,
    until: &str,
    minutes: u32,
) -> PickRequest {
    PickRequest {
        attendees,
        window: Window {
            from: ts(from),
            until: ts(until),
        },
        duration_minutes: minutes,
        zone: tz("Europe/Berlin"),
        core_hours: CoreHours::default(),
    }
}

/// A request over one whole day in the organizer's zone (Berlin).
pub(super) fn day_request(attendees: Vec<Attendee>, day: Date, minutes: u32) -> PickRequest {
    let berlin = tz("Europe/Berlin");
    let from = day.to_zoned(berlin.clone()).unwrap().timestamp();
    let until = day
        .tomorrow()
        .unwrap()
        .to_zoned(berlin)
        .unwrap()
        .timestamp();
    PickRequest {
        window: Window { from, until },
        ..request(
            attendees,
            "2026-01-01T00:00:00Z",
            "2026-01-02T00:00:00Z",
            minutes,
        )
    }
}

/// The best slot's start, as `2026-03-09T13:00:00Z`.
pub(super) fn best(p: &Proposal) -> String {
    p.best
        .as_ref()
        .map(|s| s.start.to_string())
        .unwrap_or_default()
}

/// The alternatives' starts.
pub(super) fn alternatives(p: &Proposal) -> Vec<String> {
    p.alternatives.iter().map(|s| s.start.to_string()).collect()
}

/// One attendee's line in a slot, by name.
pub(super) fn line<'a>(slot: &'a Slot, name: &str) -> &'a SlotAttendee {
    slot.attendees.iter().find(|a| a.name == name).unwrap()
}
