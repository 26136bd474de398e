//! Schedules across daylight-saving changes, restrictions, layers and overrides, by example;
//! the property tests over many time zones are in `tests/properties.rs`.

use super::*;
use jiff::civil::{date, time, Weekday};
use jiff::{SignedDuration, ToSpan};

mod properties;

pub(super) fn tz(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap()
}

pub(super) fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

pub(super) fn u(id: i64) -> UserId {
    UserId::from_db(id)
}

pub(super) fn layer(start: DateTime, shift: ShiftLength, people: Vec<i64>) -> Layer {
    Layer {
        name: "Primary".into(),
        start,
        end: None,
        shift,
        people: people.into_iter().map(u).collect(),
        restrictions: vec![],
    }
}

pub(super) fn schedule(zone: &str, layers: Vec<Layer>) -> Schedule {
    Schedule {
        time_zone: tz(zone),
        layers,
        overrides: vec![],
    }
}

#[test]
fn daily_turns_hand_off_at_the_same_wall_clock_time_across_spring_forward() {
    // New York springs forward on 2026-03-08 at 02:00: that day's 09:00-to-09:00 turn is 23 hours.
    let s = schedule(
        "America/New_York",
        vec![layer(
            date(2026, 3, 6).at(9, 0, 0, 0),
            ShiftLength::Days(1),
            vec![1, 2, 3],
        )],
    );
    let shifts = s.shifts(ts("2026-03-06T14:00:00Z"), ts("2026-03-10T12:00:00Z"));
    let starts: Vec<String> = shifts
        .iter()
        .map(|s| {
            s.start
                .to_zoned(tz("America/New_York"))
                .strftime("%F %H:%M")
                .to_string()
        })
        .collect();
    assert_eq!(
        starts,
        [
            "2026-03-06 09:00",
            "2026-03-07 09:00",
            "2026-03-08 09:00",
            "2026-03-09 09:00"
        ]
    );
    assert_eq!(
        shifts.iter().map(|s| s.user.get()).collect::<Vec<_>>(),
        [1, 2, 3, 1]
    );
    assert_eq!(
        shifts[1].end.duration_since(shifts[1].start),
        SignedDuration::from_hours(23)
    );
    assert_eq!(
        shifts[2].end.duration_since(shifts[2].start),
        SignedDuration::from_hours(24)
    );
}

#[test]
fn a_day_long_turn_across_fall_back_lasts_25_hours() {
    // London falls back on 2026-10-25 at 02:00.
    let s = schedule(
        "Europe/London",
        vec![layer(
            date(2026, 10, 20).at(8, 0, 0, 0),
            ShiftLength::Days(1),
            vec![1, 2],
        )],
    );
    let shifts = s.shifts(ts("2026-10-22T00:00:00Z"), ts("2026-10-28T00:00:00Z"));
    let turn = shifts
        .iter()
        .find(|s| s.start <= ts("2026-10-24T12:00:00Z") && ts("2026-10-24T12:00:00Z") < s.end)
        .unwrap();
    assert_eq!(
        turn.end.duration_since(turn.start),
        SignedDuration::from_hours(25)
    );
}

#[test]
fn hour_turns_are_elapsed_time_and_their_wall_clock_moves() {
    let s = schedule(
        "America/New_York",
        vec![layer(
            date(2026, 3, 7).at(20, 0, 0, 0),
            ShiftLength::Hours(12),
            vec![1, 2],
        )],
    );
    let shifts = s.shifts(ts("2026-03-08T01:00:00Z"), ts("2026-03-09T02:00:00Z"));
    for sh in &shifts[1..shifts.len() - 1] {
        assert_eq!(
            sh.end.duration_since(sh.start),
            SignedDuration::from_hours(12)
        );
    }
    // 20:00 EST + 12h + 12h = 21:00 EDT the next evening.
    let handoffs: Vec<String> = shifts
        .iter()
        .skip(1)
        .map(|s| {
            s.start
                .to_zoned(tz("America/New_York"))
                .strftime("%H:%M")
                .to_string()
        })
        .collect();
    assert_eq!(handoffs[0], "09:00");
    assert_eq!(handoffs[1], "21:00");
}

#[test]
fn a_skipped_handoff_time_moves_past_the_gap_and_a_repeated_one_takes_the_first() {
    // 02:30 does not exist in New York on 2026-03-08; it happens twice on 2026-11-01.
    let s = schedule(
        "America/New_York",
        vec![layer(
            date(2026, 3, 6).at(2, 30, 0, 0),
            ShiftLength::Days(1),
            vec![1, 2],
        )],
    );
    let shifts = s.shifts(ts("2026-03-08T00:00:00Z"), ts("2026-03-09T12:00:00Z"));
    let local: Vec<String> = shifts
        .iter()
        .map(|s| {
            s.start
                .to_zoned(tz("America/New_York"))
                .strftime("%F %H:%M %Z")
                .to_string()
        })
        .collect();
    assert_eq!(local[1], "2026-03-08 03:30 EDT");
    assert_eq!(local[2], "2026-03-09 02:30 EDT");
    let s = schedule(
        "America/New_York",
        vec![layer(
            date(2026, 10, 30).at(1, 30, 0, 0),
            ShiftLength::Days(1),
            vec![1, 2],
        )],
    );
    let shifts = s.shifts(ts("2026-11-01T00:00:00Z"), ts("2026-11-01T12:00:00Z"));
    assert_eq!(
        shifts[1].start,
        ts("2026-11-01T05:30:00Z"),
        "01:30 EDT, the first of the two"
    );
}

#[test]
fn weekday_office_hours_leave_nights_and_weekends_to_the_layer_below() {
    let mut day = layer(
        date(2026, 11, 2).at(9, 0, 0, 0),
        ShiftLength::Weeks(1),
        vec![10, 11],
    );
    day.restrictions = vec![Restriction::Weekly {
        start: WeekTime {
            day: Weekday::Monday,
            time: time(9, 0, 0, 0),
        },
        end: WeekTime {
            day: Weekday::Friday,
            time: time(17, 0, 0, 0),
        },
    }];
    let mut office = day.clone();
    office.restrictions = vec![Restriction::Daily {
        start: time(9, 0, 0, 0),
        end: time(17, 0, 0, 0),
    }];
    let base = layer(
        date(2026, 11, 2).at(9, 0, 0, 0),
        ShiftLength::Weeks(1),
        vec![1],
    );
    // Wednesday 25 November 2026 in Berlin (UTC+1): 10:00 and 20:00; Saturday 28th, noon.
    let (wed_morning, wed_evening, saturday) = (
        ts("2026-11-25T09:00:00Z"),
        ts("2026-11-25T19:00:00Z"),
        ts("2026-11-28T11:00:00Z"),
    );
    let s = schedule("Europe/Berlin", vec![base.clone(), day]);
    assert_eq!(
        s.on_call_at(wed_morning),
        Some(u(11)),
        "the fourth week is the second person's"
    );
    assert_eq!(
        s.on_call_at(wed_evening),
        Some(u(11)),
        "Monday 09:00 to Friday 17:00 is one window"
    );
    assert_eq!(
        s.on_call_at(saturday),
        Some(u(1)),
        "Saturday: the layer below"
    );
    let s = schedule("Europe/Berlin", vec![base.clone(), office]);
    assert_eq!(s.on_call_at(wed_morning), Some(u(11)));
    assert_eq!(
        s.on_call_at(wed_evening),
        Some(u(1)),
        "after 17:00: the layer below"
    );
    assert_eq!(
        s.on_call_at(saturday),
        Some(u(11)),
        "a daily window covers weekends too"
    );
    let s = schedule(
        "Europe/Berlin",
        vec![base.clone(), {
            let mut night = base.clone();
            night.people = vec![u(7)];
            night.restrictions = vec![Restriction::Daily {
                start: time(22, 0, 0, 0),
                end: time(6, 0, 0, 0),
            }];
            night
        }],
    );
    assert_eq!(
        s.on_call_at(ts("2026-11-25T23:30:00Z")),
        Some(u(7)),
        "00:30 local is inside 22:00-06:00"
    );
    assert_eq!(s.on_call_at(ts("2026-11-25T12:00:00Z")), Some(u(1)));
}

#[test]
fn overrides_replace_whoever_is_on_call_and_nothing_else() {
    let mut s = schedule(
        "UTC",
        vec![layer(
            date(2026, 11, 1).at(0, 0, 0, 0),
            ShiftLength::Days(1),
            vec![1, 2],
        )],
    );
    s.overrides.push(Override {
        start: ts("2026-11-03T06:00:00Z"),
        end: ts("2026-11-03T10:00:00Z"),
        user: u(9),
    });
    let shifts = s.shifts(ts("2026-11-03T00:00:00Z"), ts("2026-11-04T00:00:00Z"));
    let got: Vec<(String, i64, ShiftSource)> = shifts
        .iter()
        .map(|s| (s.start.to_string(), s.user.get(), s.source))
        .collect();
    assert_eq!(
        got,
        [
            ("2026-11-03T00:00:00Z".to_string(), 1, ShiftSource::Layer(0)),
            ("2026-11-03T06:00:00Z".to_string(), 9, ShiftSource::Override),
            ("2026-11-03T10:00:00Z".to_string(), 1, ShiftSource::Layer(0)),
        ]
    );
}

#[test]
fn nobody_is_on_call_before_a_layer_starts_or_after_it_ends() {
    let mut l = layer(
        date(2026, 11, 10).at(9, 0, 0, 0),
        ShiftLength::Days(1),
        vec![1],
    );
    l.end = Some(ts("2026-11-20T00:00:00Z"));
    let s = schedule("UTC", vec![l]);
    assert_eq!(s.on_call_at(ts("2026-11-10T08:59:59Z")), None);
    assert_eq!(s.on_call_at(ts("2026-11-10T09:00:00Z")), Some(u(1)));
    assert_eq!(s.on_call_at(ts("2026-11-20T00:00:00Z")), None);
}

#[test]
fn validation_names_every_bad_field() {
    let mut bad = layer(
        date(2026, 11, 1).at(0, 0, 0, 0),
        ShiftLength::Days(0),
        vec![],
    );
    bad.restrictions = vec![Restriction::Daily {
        start: time(9, 0, 0, 0),
        end: time(9, 0, 0, 0),
    }];
    let mut s = schedule("UTC", vec![bad]);
    s.overrides = vec![
        Override {
            start: ts("2026-11-03T06:00:00Z"),
            end: ts("2026-11-03T10:00:00Z"),
            user: u(9),
        },
        Override {
            start: ts("2026-11-03T09:00:00Z"),
            end: ts("2026-11-03T08:00:00Z"),
            user: u(8),
        },
    ];
    let fields: Vec<String> = s
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|e| match e {
            DomainError::Invalid { field, .. } => field,
            other => panic!("{other}"),
        })
        .collect();
    assert_eq!(
        fields,
        [
            "layers[0].people",
            "layers[0].shift",
            "layers[0].restrictions[0]",
            "overrides[1].end",
            "overrides[1]"
        ]
    );
}
