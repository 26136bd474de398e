//! Weekly hours laid out per date agree with the profile's own `is_working`, minute by quarter
//! hour, across every 2026 change in the four zones; and the grid reads them right.

use super::super::hours::{core_spans, default_hours, working_spans};
use super::super::timeline::{Grid, Timeline};
use super::*;

fn window(day: &str, start: &str, end: &str) -> (String, String, String) {
    (day.into(), start.into(), end.into())
}

fn inside(spans: &[(i64, i64)], at: i64) -> bool {
    spans.iter().any(|&(a, b)| a <= at && at < b)
}

#[test]
fn spans_agree_with_is_working_through_every_change() {
    let custom = WorkingHours::parse(&[
        window("monday", "08:30", "12:00"),
        window("monday", "13:00", "18:45"),
        window("sunday", "22:00", "24:00"),
        window("monday", "00:00", "02:30"),
        // Sunday nights hold every 2026 change: gaps and folds inside a window. (A window
        // starting or ending inside a fold is read differently on purpose: see below.)
        window("sunday", "00:30", "03:30"),
    ])
    .unwrap();
    let zones = [
        "Europe/Berlin",
        "America/New_York",
        "Asia/Kolkata",
        "Australia/Sydney",
    ];
    let weeks = [
        ("2026-03-02T00:00:00Z", "2026-04-10T00:00:00Z"),
        ("2026-09-28T00:00:00Z", "2026-11-06T00:00:00Z"),
    ];
    for hours in [default_hours(), custom] {
        for zone in zones {
            let zone = tz(zone);
            for (from, until) in weeks {
                let (from, until) = (ts(from), ts(until));
                let spans = working_spans(&hours, &zone, from, until);
                let mut at = from.as_second();
                while at < until.as_second() {
                    let t = Timestamp::from_second(at).unwrap();
                    assert_eq!(
                        inside(&spans, at),
                        hours.is_working(&zone, t),
                        "{t} in {zone:?}"
                    );
                    at += 15 * 60;
                }
            }
        }
    }
}

#[test]
fn a_night_shift_across_midnight_is_one_span() {
    let hours = WorkingHours::parse(&[
        window("monday", "22:00", "24:00"),
        window("tuesday", "00:00", "06:00"),
    ])
    .unwrap();
    let spans = working_spans(
        &hours,
        &tz("Europe/Berlin"),
        ts("2026-02-02T00:00:00Z"),
        ts("2026-02-04T00:00:00Z"),
    );
    let (a, b) = (ts("2026-02-02T21:00:00Z"), ts("2026-02-03T05:00:00Z"));
    assert_eq!(spans, [(a.as_second(), b.as_second())]);
}

/// The one working span of a Sunday window `start`-`end` in `zone` on `day`.
fn sunday(zone: &str, day: &str, start: &str, end: &str) -> (Timestamp, Timestamp) {
    let hours = WorkingHours::parse(&[window("sunday", start, end)]).unwrap();
    let from = ts(&format!("{day}T00:00:00Z"));
    let spans = working_spans(
        &hours,
        &tz(zone),
        from,
        from + jiff::SignedDuration::from_hours(24),
    );
    let [(a, b)] = spans[..] else {
        panic!("{spans:?}")
    };
    (
        Timestamp::from_second(a).unwrap(),
        Timestamp::from_second(b).unwrap(),
    )
}

#[test]
fn a_window_starting_in_a_spring_gap_starts_when_the_clocks_jump() {
    // 02:30 does not exist on these nights: the window starts at 03:00, the first instant
    // after the gap (as `is_working` reads it), and ends at 04:00 as usual.
    let rows = [
        (
            "Europe/Berlin",
            "2026-03-29",
            "2026-03-29T01:00:00Z",
            "2026-03-29T02:00:00Z",
        ),
        (
            "America/New_York",
            "2026-03-08",
            "2026-03-08T07:00:00Z",
            "2026-03-08T08:00:00Z",
        ),
        (
            "Australia/Sydney",
            "2026-10-04",
            "2026-10-03T16:00:00Z",
            "2026-10-03T17:00:00Z",
        ),
    ];
    for (zone, day, start, end) in rows {
        // Sydney's Sunday starts on the Saturday in UTC.
        let from = if zone == "Australia/Sydney" {
            "2026-10-03"
        } else {
            day
        };
        assert_eq!(
            sunday(zone, from, "02:30", "04:00"),
            (ts(start), ts(end)),
            "{zone}"
        );
    }
}

#[test]
fn a_window_starting_in_an_autumn_fold_starts_at_its_first_occurrence() {
    // 02:30 happens twice in Berlin on 2026-10-25 (CEST, then CET): the window starts at the
    // first and runs without a break to 04:00 CET, two and a half hours. `is_working` would
    // count the repeated 02:00-02:30 CET out; a person on that shift works straight through.
    assert_eq!(
        sunday("Europe/Berlin", "2026-10-25", "02:30", "04:00"),
        (ts("2026-10-25T00:30:00Z"), ts("2026-10-25T03:00:00Z"))
    );
    // Sydney's 2026-04-05: 02:30 AEDT (15:30 UTC the day before) to 04:00 AEST.
    assert_eq!(
        sunday("Australia/Sydney", "2026-04-04", "02:30", "04:00"),
        (ts("2026-04-04T15:30:00Z"), ts("2026-04-04T18:00:00Z"))
    );
}

#[test]
fn the_grid_counts_cells_wholly_inside_and_core_seconds_exactly() {
    // Kolkata's half-hour offset: 09:00-17:00 IST is 03:30-11:30 UTC; core hours 10:00-16:00
    // IST are 04:30-10:30 UTC.
    let kolkata = tz("Asia/Kolkata");
    let w = Window {
        from: ts("2026-02-03T03:05:00Z"),
        until: ts("2026-02-03T12:00:00Z"),
    };
    let grid = Grid::new(w);
    assert_eq!(grid.t0, ts("2026-02-03T03:15:00Z").as_second());
    assert_eq!(grid.cells, 35);
    let work = working_spans(&default_hours(), &kolkata, w.from, w.until);
    let core = core_spans(CoreHours::default(), &kolkata, w.from, w.until);
    let busy = [BusyPeriod {
        start: ts("2026-02-03T05:10:00Z"),
        end: ts("2026-02-03T05:20:00Z"),
        kind: BusyKind::Busy,
    }];
    let t = Timeline::new(&grid, work, &core, &busy);
    // Cell 0 (03:15-03:30) is before her day; cell 1 (03:30) starts it.
    assert!(t.outside(0, 1) && !t.outside(1, 32) && t.outside(1, 33));
    // 05:10-05:20 touches the 05:00 and 05:15 cells (7 and 8).
    assert_eq!((t.busy(6, 1), t.busy(7, 2), t.busy(9, 4)), (0, 2, 0));
    // 04:15-05:15: 45 minutes of it in core hours.
    assert_eq!(t.core_seconds(4, 4), 45 * 60);
    // From 11:00 UTC, the nearest span ends at 11:30: an hour-long slot needs 30 more minutes.
    assert_eq!(
        t.stretch(
            ts("2026-02-03T11:00:00Z").as_second(),
            ts("2026-02-03T12:00:00Z").as_second()
        ),
        30 * 60
    );
}
