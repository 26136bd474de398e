//! Exact UTC slots in the 2026 daylight-saving weeks: the US changes on 2026-03-08 and
//! 2026-11-01, the EU on 2026-03-29 and 2026-10-25, Sydney on 2026-04-05 and 2026-10-04;
//! Kolkata never does. Everyone works Monday to Friday, 09:00 to 17:00 local; core hours are
//! 10:00 to 16:00 local. Each row runs the picker over one whole Berlin day, so a slot that
//! moves between the Friday and the Monday of a change week moves because that day's hours
//! were converted on that day's date.

use super::*;
use jiff::civil::date;

struct Row {
    why: &'static str,
    zones: &'static [&'static str],
    minutes: u32,
    /// (Berlin date, expected UTC start; "" when no slot fits that day)
    days: &'static [((i16, i8, i8), &'static str)],
}

const ROWS: &[Row] = &[
    Row {
        why: "3 hours of Berlin and New York overlap only while one side has changed and the other has not",
        zones: &["Europe/Berlin", "America/New_York"],
        minutes: 180,
        days: &[
            ((2026, 3, 6), ""),                      // both standard: 14:00-16:00 UTC in common
            ((2026, 3, 9), "2026-03-09T13:00:00Z"),  // New York on EDT, Berlin on CET
            ((2026, 3, 27), "2026-03-27T13:00:00Z"), // still so, last Friday
            ((2026, 3, 30), ""),                     // Berlin on CEST: 13:00-15:00 in common
            ((2026, 10, 23), ""),                    // both summer
            ((2026, 10, 26), "2026-10-26T13:00:00Z"), // Berlin back on CET, New York still EDT
            ((2026, 10, 30), "2026-10-30T13:00:00Z"),
            ((2026, 11, 2), ""), // New York on EST too
        ],
    },
    Row {
        why: "2 hours of Berlin and New York: 14:00 UTC in winter, 13:00 UTC once New York has moved",
        zones: &["Europe/Berlin", "America/New_York"],
        minutes: 120,
        days: &[
            ((2026, 3, 6), "2026-03-06T14:00:00Z"),
            ((2026, 3, 9), "2026-03-09T13:00:00Z"),
            ((2026, 3, 30), "2026-03-30T13:00:00Z"),
            ((2026, 10, 23), "2026-10-23T13:00:00Z"),
            ((2026, 10, 26), "2026-10-26T13:00:00Z"),
            ((2026, 11, 2), "2026-11-02T14:00:00Z"),
        ],
    },
    Row {
        why: "Berlin and Kolkata meet at 10:00 in Berlin whatever its offset (Kolkata's core hours allow both)",
        zones: &["Europe/Berlin", "Asia/Kolkata"],
        minutes: 60,
        days: &[
            ((2026, 3, 27), "2026-03-27T09:00:00Z"),
            ((2026, 3, 30), "2026-03-30T08:00:00Z"),
            ((2026, 10, 23), "2026-10-23T08:00:00Z"),
            ((2026, 10, 26), "2026-10-26T09:00:00Z"),
        ],
    },
    Row {
        why: "Sydney and Kolkata: least hardship at 04:00 UTC on AEDT, 04:30 UTC (both in core hours) on AEST",
        zones: &["Australia/Sydney", "Asia/Kolkata"],
        minutes: 60,
        days: &[
            ((2026, 4, 3), "2026-04-03T04:00:00Z"),  // AEDT, last Friday
            ((2026, 4, 6), "2026-04-06T04:30:00Z"),  // AEST since 2026-04-05
            ((2026, 10, 2), "2026-10-02T04:30:00Z"), // AEST, last Friday
            ((2026, 10, 5), "2026-10-05T04:00:00Z"), // AEDT since 2026-10-04
        ],
    },
    Row {
        why: "Berlin and Sydney never overlap in working hours, either side of any change",
        zones: &["Europe/Berlin", "Australia/Sydney"],
        minutes: 30,
        days: &[
            ((2026, 3, 27), ""),
            ((2026, 3, 30), ""),
            ((2026, 4, 6), ""),
            ((2026, 10, 2), ""),
            ((2026, 10, 5), ""),
            ((2026, 10, 26), ""),
        ],
    },
];

#[test]
fn each_day_is_converted_on_its_own_date() {
    let names = ["Anna", "Emma", "Kiri"];
    for row in ROWS {
        let people: Vec<Attendee> = row
            .zones
            .iter()
            .zip(names)
            .map(|(zone, name)| person(name, zone))
            .collect();
        for &((y, m, d), expected) in row.days {
            let day = date(y, m, d);
            let p = pick(&day_request(people.clone(), day, row.minutes)).unwrap();
            assert_eq!(best(&p), expected, "{}: {day}", row.why);
            // No slot: the misses say so instead, three of them.
            assert_eq!(p.misses.len(), if expected.is_empty() { 3 } else { 0 });
        }
    }
}

#[test]
fn one_window_across_the_us_change_moves_the_slot_by_an_hour() {
    // Friday 2026-03-06 to Tuesday 2026-03-10: the Friday slot is the only 2 hours in common
    // (14:00 UTC); from Monday New York starts an hour earlier in UTC. One offset computed for
    // the window's first day would offer 14:00 UTC on Monday too.
    let people = vec![
        person("Anna", "Europe/Berlin"),
        person("Emma", "America/New_York"),
    ];
    let p = pick(&request(
        people,
        "2026-03-06T00:00:00Z",
        "2026-03-11T00:00:00Z",
        120,
    ))
    .unwrap();
    assert_eq!(best(&p), "2026-03-06T14:00:00Z");
    assert_eq!(
        alternatives(&p),
        ["2026-03-09T13:00:00Z", "2026-03-10T13:00:00Z"]
    );
    let monday = &p.alternatives[0];
    assert_eq!(monday.reasons[0], "a later day (Monday 2026-03-09)");
    let (anna, emma) = (line(monday, "Anna"), line(monday, "Emma"));
    assert_eq!(
        anna.local_start.as_deref(),
        Some("2026-03-09T14:00:00+01:00")
    );
    assert_eq!(anna.local_end.as_deref(), Some("2026-03-09T16:00:00+01:00"));
    assert_eq!(
        emma.local_start.as_deref(),
        Some("2026-03-09T09:00:00-04:00")
    );
    assert_eq!(emma.zone.as_deref(), Some("America/New_York"));
    // 09:00-11:00 in New York: the first hour is before core hours.
    assert_eq!((anna.hardship_minutes, emma.hardship_minutes), (0, 60));
    let friday = p.best.as_ref().unwrap();
    assert_eq!(
        line(friday, "Emma").local_start.as_deref(),
        Some("2026-03-06T09:00:00-05:00")
    );
}

#[test]
fn local_times_carry_each_zone_s_offset_on_that_date() {
    let people = vec![
        person("Anna", "Europe/Berlin"),
        optional("Dev", "Asia/Kolkata"),
        optional("Kiri", "Australia/Sydney"),
        optional("Emma", "America/New_York"),
    ];
    // Monday 2026-03-30, the first weekday of Berlin's summer time.
    let p = pick(&day_request(people, date(2026, 3, 30), 60)).unwrap();
    let slot = p.best.unwrap();
    assert_eq!(slot.start, ts("2026-03-30T08:00:00Z"));
    let local = |n| line(&slot, n).local_start.clone().unwrap();
    assert_eq!(local("Anna"), "2026-03-30T10:00:00+02:00");
    assert_eq!(local("Dev"), "2026-03-30T13:30:00+05:30");
    assert_eq!(local("Kiri"), "2026-03-30T19:00:00+11:00");
    assert_eq!(local("Emma"), "2026-03-30T04:00:00-04:00");
    assert_eq!(line(&slot, "Kiri").status, SlotStatus::OutsideHours);
    assert_eq!(line(&slot, "Dev").status, SlotStatus::Free);
}
