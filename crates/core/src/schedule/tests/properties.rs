//! Property tests over many time zones: wall-clock turns tile time and hand off on time,
//! overrides win only inside their window, and daily restrictions follow local time.

use super::*;
use proptest::prelude::*;

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
            user: u(99),
        };
        let with = Schedule { overrides: vec![o.clone()], ..plain.clone() };
        let t = first.checked_add(SignedDuration::from_hours(probe_h)).unwrap();
        if o.start <= t && t < o.end {
            prop_assert_eq!(with.on_call_at(t), Some(u(99)));
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
