//! The picker against a naive reference on random requests around the 2026 changes: the
//! reference asks the profile's own `is_working` for every quarter hour and scans every busy
//! period, and the picker must agree on whether any slot fits, on the earliest day, and never
//! offer a slot the reference refuses.

use super::*;
use crate::people::profile::WorkWindow;
use jiff::civil::{date, Weekday};
use proptest::prelude::*;
use std::collections::BTreeSet;

/// Zones with quarter-hour offsets, half-hour daylight saving (Lord Howe) and none at all.
const ZONES: &[&str] = &[
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Sydney",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Australia/Lord_Howe",
];

/// Days at or just before a 2026 change.
const STARTS: &[(i16, i8, i8)] = &[
    (2026, 3, 6),
    (2026, 3, 27),
    (2026, 4, 3),
    (2026, 10, 2),
    (2026, 10, 23),
    (2026, 10, 30),
];

/// Monday to Saturday only: every change in these zones happens on a Sunday, and a window that
/// starts inside a repeated hour is read differently on purpose (see `hours`).
const DAYS: &[Weekday] = &[
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
];

fn hours() -> impl Strategy<Value = WorkingHours> {
    let window = (prop::sample::select(DAYS), 0u16..95, 4u16..60).prop_map(|(day, q, len)| {
        let start = q * 15;
        WorkWindow {
            day,
            start,
            end: (start + len * 15).min(1440),
        }
    });
    prop_oneof![
        3 => Just(WorkingHours::default()),
        1 => prop::collection::vec(window, 1..8).prop_map(|ws| {
            // Keep the first of any overlapping windows, as a saved profile would hold.
            let mut kept: Vec<WorkWindow> = Vec::new();
            for w in ws {
                if !kept
                    .iter()
                    .any(|o| o.day == w.day && o.start < w.end && w.start < o.end)
                {
                    kept.push(w);
                }
            }
            WorkingHours::from_stored(kept)
        }),
    ]
}

fn attendee(n: usize) -> impl Strategy<Value = Attendee> {
    (
        prop::sample::select(ZONES),
        any::<bool>(),
        hours(),
        prop::collection::vec((0i64..4 * 1440, 10i64..240, any::<bool>()), 0..4),
        0u32..300,
    )
        .prop_map(move |(zone, required, hours, busy, ledger)| Attendee {
            user_id: UserId::from_db(n as i64),
            name: format!("P{n}"),
            attendance: if required || n == 0 {
                Attendance::Required
            } else {
                Attendance::Optional
            },
            zone: Some(TimeZoneName::from_stored(zone.to_string())),
            hours,
            // Offsets from the window start in minutes, fixed up once the window is known.
            calendar: Calendar::Known(
                busy.into_iter()
                    .map(|(at, len, tentative)| BusyPeriod {
                        start: Timestamp::from_second(at * 60).unwrap(),
                        end: Timestamp::from_second((at + len) * 60).unwrap(),
                        kind: if tentative {
                            BusyKind::Tentative
                        } else {
                            BusyKind::Busy
                        },
                    })
                    .collect(),
            ),
            ledger_minutes: ledger,
        })
}

fn scenario() -> impl Strategy<Value = PickRequest> {
    let people = (1usize..4).prop_flat_map(|n| (0..n).map(attendee).collect::<Vec<_>>());
    (
        people,
        prop::sample::select(STARTS),
        0i64..24 * 4,
        4i64..4 * 24 * 4,
        1u32..7,
        prop::sample::select(ZONES),
    )
        .prop_map(|(mut attendees, (y, m, d), q, len, k, organizer)| {
            let from = date(y, m, d).to_zoned(TimeZone::UTC).unwrap().timestamp()
                + jiff::SignedDuration::from_mins(q * 15 + 7);
            let until = from + jiff::SignedDuration::from_mins(len * 15);
            for a in &mut attendees {
                if let Calendar::Known(periods) = &mut a.calendar {
                    for p in periods {
                        p.start = from + jiff::SignedDuration::from_secs(p.start.as_second());
                        p.end = from + jiff::SignedDuration::from_secs(p.end.as_second());
                    }
                }
            }
            PickRequest {
                attendees,
                window: Window { from, until },
                duration_minutes: k * 15,
                zone: tz(organizer),
                core_hours: CoreHours::default(),
            }
        })
}

/// The slots every required attendee can make, by brute force.
fn reference(r: &PickRequest) -> BTreeSet<Timestamp> {
    let step = jiff::SignedDuration::from_mins(15);
    let d = jiff::SignedDuration::from_mins(i64::from(r.duration_minutes));
    let first = r.window.from.as_second().div_euclid(900) * 900 + 900;
    let mut fits = BTreeSet::new();
    let mut s = Timestamp::from_second(first).unwrap();
    while s + d <= r.window.until {
        let ok = r
            .attendees
            .iter()
            .filter(|a| a.attendance == Attendance::Required)
            .all(|a| free(a, r.window, s, s + d, step));
        if ok {
            fits.insert(s);
        }
        s += step;
    }
    fits
}

fn free(a: &Attendee, w: Window, s: Timestamp, e: Timestamp, step: jiff::SignedDuration) -> bool {
    let zone = a.zone.as_ref().unwrap().zone();
    let hours = if a.hours.windows().is_empty() {
        super::super::hours::default_hours()
    } else {
        a.hours.clone()
    };
    let mut t = s;
    while t < e {
        if !hours.is_working(&zone, t) {
            return false;
        }
        t += step;
    }
    let Calendar::Known(periods) = &a.calendar else {
        return true;
    };
    let busy: Vec<&BusyPeriod> = periods
        .iter()
        .filter(|p| p.kind == BusyKind::Busy)
        .collect();
    // A calendar taken over the whole window counts as unknown (checked on the union of
    // both kinds, as the picker does).
    let mut all: Vec<(Timestamp, Timestamp)> = periods.iter().map(|p| (p.start, p.end)).collect();
    all.sort();
    let mut reach = w.from;
    for (a, b) in all {
        if a <= reach {
            reach = reach.max(b);
        }
    }
    reach >= w.until || busy.iter().all(|p| p.end <= s || p.start >= e)
}

fn day(r: &PickRequest, t: Timestamp) -> jiff::civil::Date {
    t.to_zoned(r.zone.clone()).date()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn the_picker_agrees_with_the_reference(r in scenario()) {
        let fits = reference(&r);
        let p = match pick(&r) {
            Ok(p) => p,
            // A window of a weekend in the organizer's zone is refused before any slot.
            Err(PickError::NoBusinessDay { .. }) => return Ok(()),
            Err(PickError::WindowTooShort { .. }) => {
                prop_assert!(fits.is_empty());
                return Ok(());
            }
            Err(e) => panic!("{e}"),
        };
        match (&p.best, fits.iter().next()) {
            (None, None) => prop_assert!(!p.misses.is_empty() && p.misses.len() <= 3),
            (Some(best), Some(_)) => {
                prop_assert!(fits.contains(&best.start));
                let earliest = fits.iter().map(|t| day(&r, *t)).min().unwrap();
                prop_assert_eq!(day(&r, best.start), earliest);
                let mut shown = vec![best];
                for alt in &p.alternatives {
                    prop_assert!(fits.contains(&alt.start));
                    prop_assert!(shown.iter().all(|o| o.end <= alt.start || alt.end <= o.start));
                    shown.push(alt);
                }
                prop_assert!(p.misses.is_empty());
            }
            (best, first) => prop_assert!(false, "picker {:?}, reference {:?}", best.as_ref().map(|s| s.start), first),
        }
    }
}
