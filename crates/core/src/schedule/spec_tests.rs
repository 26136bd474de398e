//! Parsing schedules as written, and whole shifts.

use super::*;
use jiff::civil::date;
use jiff::SignedDuration;

fn spec(start: &str, unit: ShiftUnit, count: u32, people: Vec<i64>) -> LayerSpec {
    LayerSpec {
        name: "Primary".into(),
        start: start.into(),
        end: None,
        shift: ShiftSpec { unit, count },
        participants: people.into_iter().map(UserId::from_db).collect(),
        restrictions: vec![],
    }
}

fn fields(errors: Vec<DomainError>) -> Vec<String> {
    errors
        .into_iter()
        .map(|e| match e {
            DomainError::Invalid { field, .. } => field,
            other => panic!("{other}"),
        })
        .collect()
}

#[test]
fn a_written_schedule_parses_and_reads_back_normalised() {
    let mut l = spec("2026-03-02T09:00", ShiftUnit::Weeks, 1, vec![1, 2]);
    l.restrictions = vec![RestrictionSpec::Weekly {
        start_day: "Mon".into(),
        start: "9:00".into(),
        end_day: "friday".into(),
        end: "17:30".into(),
    }];
    l.end = Some("2027-01-01T00:00:00-05:00".into());
    let d = ScheduleDefinition::parse(" Payments ", None, "America/New_York", &[l]).unwrap();
    assert_eq!(d.name, "Payments");
    assert_eq!(d.layers[0].start, date(2026, 3, 2).at(9, 0, 0, 0));
    assert_eq!(d.layers[0].shift, ShiftLength::Weeks(1));
    let back = &d.layer_specs[0];
    assert_eq!(back.start, "2026-03-02T09:00:00");
    assert_eq!(back.end.as_deref(), Some("2027-01-01T05:00:00Z"));
    assert_eq!(
        back.restrictions[0],
        RestrictionSpec::Weekly {
            start_day: "monday".into(),
            start: "09:00".into(),
            end_day: "friday".into(),
            end: "17:30".into(),
        }
    );
}

#[test]
fn every_bad_field_is_named_once() {
    let mut a = spec("2026-03-02T09:00Z", ShiftUnit::Days, 0, vec![]);
    a.restrictions = vec![
        RestrictionSpec::Daily {
            start: "25:00".into(),
            end: "17:00".into(),
        },
        RestrictionSpec::Daily {
            start: "09:00".into(),
            end: "09:00".into(),
        },
    ];
    let b = spec("2026-03-02T09:00", ShiftUnit::Hours, 8, vec![3, -1]);
    let errors = ScheduleDefinition::parse("", None, "Mars/Olympus_Mons", &[a, b]).unwrap_err();
    assert_eq!(
        fields(errors.clone()),
        [
            "name",
            "time_zone",
            "layers[0].start",
            "layers[0].restrictions[0].start",
            "layers[1].participants[1]",
            "layers[0].participants",
            "layers[0].shift",
        ],
        "{errors:?}"
    );
    // With a known zone the domain checks run too, skipping what was already refused.
    let a = spec("2026-03-02T09:00", ShiftUnit::Days, 0, vec![]);
    let errors = ScheduleDefinition::parse("x", None, "UTC", &[a]).unwrap_err();
    assert_eq!(
        fields(errors),
        ["layers[0].participants", "layers[0].shift"]
    );
    let errors = ScheduleDefinition::parse("x", None, "UTC", &[]).unwrap_err();
    assert_eq!(fields(errors), ["layers"]);
}

#[test]
fn time_zones_must_be_iana_names() {
    assert!(spec::parse_time_zone("time_zone", "Europe/Paris").is_ok());
    assert!(spec::parse_time_zone("time_zone", "UTC").is_ok());
    for bad in ["", "Nowhere/City", "EST5EDT,M3.2.0,M11.1.0", "+05:00 "] {
        let e = spec::parse_time_zone("time_zone", bad).unwrap_err();
        assert!(e.to_string().starts_with("time_zone: "), "{e}");
    }
}

#[test]
fn whole_shifts_keep_their_real_bounds() {
    let d = ScheduleDefinition::parse(
        "x",
        None,
        "Europe/Berlin",
        &[spec("2026-01-05T09:00", ShiftUnit::Weeks, 2, vec![1, 2])],
    )
    .unwrap();
    let s = d.schedule(vec![]);
    let t: Timestamp = "2026-02-10T12:00:00Z".parse().unwrap();
    let shift = s.shift_at(t).unwrap();
    // Turns: Jan 5, Jan 19, Feb 2 (user 1), Feb 16.
    assert_eq!(shift.user.get(), 1);
    assert_eq!(shift.start, "2026-02-02T08:00:00Z".parse().unwrap());
    assert_eq!(shift.end, "2026-02-16T08:00:00Z".parse().unwrap());
    let cut = s.shifts(t, t.checked_add(SignedDuration::from_secs(1)).unwrap());
    assert_eq!(cut[0].start, t);
    let day = SignedDuration::from_hours(24);
    let all = s.whole_shifts(t, t.checked_add(day * 10).unwrap());
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].end, "2026-03-02T08:00:00Z".parse().unwrap());
}

#[test]
fn overrides_touching_end_to_start_do_not_overlap() {
    let o = |s: &str, e: &str| Override {
        start: s.parse().unwrap(),
        end: e.parse().unwrap(),
        user: UserId::from_db(1),
    };
    let a = o("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z");
    assert!(!a.overlaps(&o("2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z")));
    assert!(a.overlaps(&o("2026-01-01T23:00:00Z", "2026-01-03T00:00:00Z")));
    assert!(a.overlaps(&o("2025-12-01T00:00:00Z", "2026-02-01T00:00:00Z")));
}
