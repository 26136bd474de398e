//! Schedules across daylight-saving changes, restrictions, layers and overrides, with property
//! tests over many time zones.

use super::*;
use jiff::civil::{date, time, Weekday};
use jiff::{SignedDuration, ToSpan};
use proptest::prelude::*;

fn tz(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap()
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn layer(start: DateTime, shift: ShiftLength, people: Vec<UserId>) -> Layer {
    Layer {
        name: "Primary".into(),
        start,
        end: None,
        shift,
        people,
        restrictions: vec![],
    }
}

fn schedule(zone: &str, layers: Vec<Layer>) -> Schedule {
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
        shifts.iter().map(|s| s.user).collect::<Vec<_>>(),
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
        Some(11),
        "the fourth week is the second person's"
    );
    assert_eq!(
        s.on_call_at(wed_evening),
        Some(11),
        "Monday 09:00 to Friday 17:00 is one window"
    );
    assert_eq!(s.on_call_at(saturday), Some(1), "Saturday: the layer below");
    let s = schedule("Europe/Berlin", vec![base.clone(), office]);
    assert_eq!(s.on_call_at(wed_morning), Some(11));
    assert_eq!(
        s.on_call_at(wed_evening),
        Some(1),
        "after 17:00: the layer below"
    );
    assert_eq!(
        s.on_call_at(saturday),
        Some(11),
        "a daily window covers weekends too"
    );
    let s = schedule(
        "Europe/Berlin",
        vec![base.clone(), {
            let mut night = base.clone();
            night.people = vec![7];
            night.restrictions = vec![Restriction::Daily {
                start: time(22, 0, 0, 0),
                end: time(6, 0, 0, 0),
            }];
            night
        }],
    );
    assert_eq!(
        s.on_call_at(ts("2026-11-25T23:30:00Z")),
        Some(7),
        "00:30 local is inside 22:00-06:00"
    );
    assert_eq!(s.on_call_at(ts("2026-11-25T12:00:00Z")), Some(1));
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
        user: 9,
    });
    let shifts = s.shifts(ts("2026-11-03T00:00:00Z"), ts("2026-11-04T00:00:00Z"));
    let got: Vec<(String, i64, ShiftSource)> = shifts
        .iter()
        .map(|s| (s.start.to_string(), s.user, s.source))
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
    assert_eq!(s.on_call_at(ts("2026-11-10T09:00:00Z")), Some(1));
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
            user: 9,
        },
        Override {
            start: ts("2026-11-03T09:00:00Z"),
            end: ts("2026-11-03T08:00:00Z"),
            user: 8,
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

const ZONES: &[&str] = &[
    "UTC",
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "America/St_Johns",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Moscow",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "Pacific/Chatham",
    "Pacific/Apia",
    "Africa/Casablanca",
    "America/Santiago",
    "Asia/Tehran",
];

fn zone() -> impl Strategy<Value = &'static str> {
    prop::sample::select(ZONES)
}

fn wall_clock_layer() -> impl Strategy<Value = Layer> {
    (
        2019i16..2031,
        1i8..=12,
        1i8..=28,
        0i8..24,
        prop::sample::select(vec![0i8, 15, 30, 45]),
        prop_oneof![
            (1u32..15).prop_map(ShiftLength::Days),
            (1u32..5).prop_map(ShiftLength::Weeks)
        ],
        1usize..6,
    )
        .prop_map(|(y, m, d, h, min, shift, n)| {
            layer(
                date(y, m, d).at(h, min, 0, 0),
                shift,
                (1..=n as i64).collect(),
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Turns tile the range: no gap, no overlap, in rotation order, handing off at the layer's
    /// wall-clock time unless that time did not exist that day.
    #[test]
    fn wall_clock_turns_tile_time_and_hand_off_on_time(zone in zone(), l in wall_clock_layer(), offset_days in 0i64..400, span_days in 1i64..60) {
        let tz = tz(zone);
        let s = Schedule { time_zone: tz.clone(), layers: vec![l.clone()], overrides: vec![] };
        let first = instant(&tz, l.start);
        let from = first.checked_add(SignedDuration::from_hours(24 * offset_days)).unwrap();
        let to = from.checked_add(SignedDuration::from_hours(24 * span_days)).unwrap();
        let turns = l.turns(&tz, from, to);
        prop_assert!(!turns.is_empty());
        prop_assert_eq!(turns[0].0, from);
        prop_assert_eq!(turns[turns.len() - 1].1, to);
        for pair in turns.windows(2) {
            prop_assert_eq!(pair[0].1, pair[1].0, "no gap or overlap");
            let a = l.people.iter().position(|&p| p == pair[0].2).unwrap();
            prop_assert_eq!(pair[1].2, l.people[(a + 1) % l.people.len()], "rotation order");
            let handoff = pair[1].0.to_zoned(tz.clone()).datetime();
            let wanted = handoff.date().to_datetime(l.start.time());
            let skipped = matches!(tz.to_ambiguous_timestamp(wanted).offset(), jiff::tz::AmbiguousOffset::Gap { .. });
            prop_assert!(handoff.time() == l.start.time() || skipped, "handoff at {} in {}, wanted {}", handoff, zone, l.start.time());
        }
        // The resolved view agrees with the layer at random instants.
        for frac in [0.0, 0.17, 0.5, 0.83, 0.999] {
            let t = Timestamp::from_second(from.as_second() + ((to.as_second() - from.as_second()) as f64 * frac) as i64).unwrap();
            let expected = turns.iter().find(|(a, b, _)| *a <= t && t < *b).map(|x| x.2);
            prop_assert_eq!(s.on_call_at(t), expected);
        }
    }

    /// An override wins inside its window and changes nothing outside it.
    #[test]
    fn overrides_win_only_inside_their_window(zone in zone(), l in wall_clock_layer(), start_h in 0i64..2000, len_h in 1i64..100, probe_h in 0i64..2200) {
        let tz = tz(zone);
        let plain = Schedule { time_zone: tz.clone(), layers: vec![l.clone()], overrides: vec![] };
        let first = instant(&tz, l.start);
        let o = Override {
            start: first.checked_add(SignedDuration::from_hours(start_h)).unwrap(),
            end: first.checked_add(SignedDuration::from_hours(start_h + len_h)).unwrap(),
            user: 99,
        };
        let with = Schedule { overrides: vec![o.clone()], ..plain.clone() };
        let t = first.checked_add(SignedDuration::from_hours(probe_h)).unwrap();
        if o.start <= t && t < o.end {
            prop_assert_eq!(with.on_call_at(t), Some(99));
        } else {
            prop_assert_eq!(with.on_call_at(t), plain.on_call_at(t));
        }
    }

    /// A daily restriction's layer covers someone exactly when the local time is inside it.
    #[test]
    fn daily_restrictions_follow_local_time(zone in zone(), l in wall_clock_layer(), sh in 0i8..24, eh in 0i8..24, probe_h in 0i64..3000) {
        prop_assume!(sh != eh);
        let tz = tz(zone);
        let mut l = l;
        l.restrictions = vec![Restriction::Daily { start: time(sh, 0, 0, 0), end: time(eh, 0, 0, 0) }];
        let s = Schedule { time_zone: tz.clone(), layers: vec![l.clone()], overrides: vec![] };
        let t = instant(&tz, l.start).checked_add(SignedDuration::from_hours(probe_h)).unwrap().checked_add(SignedDuration::from_mins(7)).unwrap();
        let local = t.to_zoned(tz.clone()).datetime();
        // Decide from wall-clock windows of the day before, the day and the day after.
        let inside = (-1..=1).any(|d: i64| {
            let day = local.date().checked_add(d.days()).unwrap();
            let start = instant(&tz, day.at(sh, 0, 0, 0));
            let end_day = if eh > sh { day } else { day.tomorrow().unwrap() };
            let end = instant(&tz, end_day.at(eh, 0, 0, 0));
            start <= t && t < end
        });
        prop_assert_eq!(s.on_call_at(t).is_some(), inside, "{} local {}", zone, local);
    }
}
