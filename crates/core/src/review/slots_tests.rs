use super::*;

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

fn input<'a>(zone: &'a str, start: &'a str, minutes: i64, rrule: &'a str) -> SlotInput<'a> {
    SlotInput {
        name: "Payments review",
        zone,
        start_time: start,
        duration_minutes: minutes,
        rrule,
    }
}

fn fortnightly() -> SlotRule {
    SlotRule::parse(&input(
        "Europe/Berlin",
        "10:00",
        60,
        "FREQ=WEEKLY;BYDAY=MO;INTERVAL=2",
    ))
    .unwrap()
}

fn fields(errors: &[DomainError]) -> Vec<String> {
    errors
        .iter()
        .map(|e| match e {
            DomainError::Invalid { field, .. } => field.clone(),
            other => panic!("{other:?}"),
        })
        .collect()
}

#[test]
fn a_fortnightly_rule_is_kept_in_a_fixed_part_order() {
    let slot = fortnightly();
    assert_eq!(slot.rrule_text(), "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO");
    assert_eq!(slot.start_time_text(), "10:00");
    assert_eq!(slot.zone_name(), "Europe/Berlin");
    assert_eq!(
        slot.describe(),
        "every 2 weeks on Monday, 10:00–11:00 (Europe/Berlin)"
    );
    assert_eq!(
        slot.recurrence(),
        Recurrence {
            rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO".into(),
            zone: "Europe/Berlin".into()
        }
    );
}

#[test]
fn every_bad_field_is_named_at_once() {
    let bad = SlotInput {
        name: " ",
        zone: "CET",
        start_time: "9:5",
        duration_minutes: 50,
        rrule: "FREQ=DAILY",
    };
    let errors = SlotRule::parse(&bad).unwrap_err();
    assert_eq!(
        fields(&errors),
        ["name", "zone", "start_time", "duration_minutes", "rrule"]
    );
    for minutes in [0, 10, 255, 480] {
        let e = SlotRule::parse(&input("UTC", "10:00", minutes, "FREQ=WEEKLY;BYDAY=MO"));
        assert_eq!(fields(&e.unwrap_err()), ["duration_minutes"], "{minutes}");
    }
    for time in ["24:00", "10:60", "10", "10:00:00", "ab:cd"] {
        let e = SlotRule::parse(&input("UTC", time, 30, "FREQ=WEEKLY;BYDAY=MO"));
        assert_eq!(fields(&e.unwrap_err()), ["start_time"], "{time}");
    }
}

#[test]
fn only_open_ended_weekly_rules_on_named_days() {
    let refused = [
        ("FREQ=MONTHLY;BYDAY=1MO", "weekly"),
        ("FREQ=WEEKLY", "BYDAY"),
        ("FREQ=WEEKLY;BYDAY=MO;COUNT=4", "until it is deleted"),
        (
            "FREQ=WEEKLY;BYDAY=MO;UNTIL=20271231T000000Z",
            "until it is deleted",
        ),
        ("FREQ=WEEKLY;BYDAY=MO;INTERVAL=13", "at most 12 weeks"),
        ("FREQ=WEEKLY;BYDAY=MO;BYMONTH=1", "BYMONTH"),
        ("FREQ=WEEKLY;BYDAY=MO;BYHOUR=9", "not supported"),
        ("RRULE", "NAME=VALUE"),
    ];
    for (rule, says) in refused {
        let e = SlotRule::parse(&input("UTC", "10:00", 30, rule)).unwrap_err();
        let DomainError::Invalid { field, message } = &e[0] else {
            panic!("{e:?}")
        };
        assert_eq!(field, "rrule");
        assert!(message.contains(says), "{rule}: {message}");
    }
    let twice = SlotRule::parse(&input("UTC", "10:00", 30, "FREQ=WEEKLY;BYDAY=TU,TH")).unwrap();
    assert_eq!(
        twice.describe(),
        "every week on Tuesday and Thursday, 10:00–10:30 (UTC)"
    );
}

#[test]
fn the_first_instance_leaves_a_day_for_the_agenda() {
    let slot = fortnightly();
    // Tuesday morning: the coming Monday.
    let now = ts("2026-12-01T08:00:00Z");
    assert_eq!(slot.anchor(now, None).unwrap(), date("2026-12-07"));
    // Sunday 11:00 Berlin: Monday 10:00 is 23 hours away, so the Monday after.
    let late = ts("2026-12-06T10:00:00Z");
    assert_eq!(slot.anchor(late, None).unwrap(), date("2026-12-14"));
    // Exactly 24 hours ahead is enough.
    let edge = ts("2026-12-06T09:00:00Z");
    assert_eq!(slot.anchor(edge, None).unwrap(), date("2026-12-07"));
    // A chosen start picks the fortnight; one too soon is refused, not moved.
    let chosen = slot.anchor(now, Some(date("2026-12-10"))).unwrap();
    assert_eq!(chosen, date("2026-12-14"));
    let refused = |starts_on: &str, says: &str| {
        let e = slot.anchor(late, Some(date(starts_on))).unwrap_err();
        assert!(
            matches!(&e, DomainError::Invalid { field, message } if field == "starts_on" && message.contains(says)),
            "{starts_on}: {e:?}"
        );
    };
    refused("2026-12-07", "less than 24 hours");
    refused("2026-11-30", "already past");
    refused("2028-01-03", "more than a year ahead");
}

#[test]
fn instances_keep_the_local_time_across_daylight_saving() {
    let weekly =
        SlotRule::parse(&input("Europe/Berlin", "10:00", 60, "FREQ=WEEKLY;BYDAY=MO")).unwrap();
    let got: Vec<Timestamp> = weekly
        .instances_from(date("2027-03-15"), ts("2027-03-16T00:00:00Z"), 3)
        .iter()
        .map(|i| i.start)
        .collect();
    // Europe moves on 28 March 2027: 10:00 is 09:00 UTC before, 08:00 UTC after.
    assert_eq!(
        got,
        [
            ts("2027-03-22T09:00:00Z"),
            ts("2027-03-29T08:00:00Z"),
            ts("2027-04-05T08:00:00Z")
        ]
    );
    let ny = SlotRule::parse(&input(
        "America/New_York",
        "09:30",
        30,
        "FREQ=WEEKLY;BYDAY=FR",
    ))
    .unwrap();
    let got = ny.instances_from(date("2026-10-30"), ts("2026-10-30T00:00:00Z"), 2);
    // The US moves back on 1 November 2026.
    assert_eq!(got[0].start, ts("2026-10-30T13:30:00Z"));
    assert_eq!(got[1].start, ts("2026-11-06T14:30:00Z"));
    assert_eq!(got[1].end, ts("2026-11-06T15:00:00Z"));
    assert_eq!(got[1].due(), ts("2026-11-05T14:30:00Z"));
}

#[test]
fn a_postmortem_joins_the_first_instance_at_least_a_day_away() {
    let slot = fortnightly();
    let anchor = date("2026-12-07");
    let joins = |t: &str| slot.joining(anchor, ts(t)).unwrap().start;
    assert_eq!(joins("2026-12-02T12:00:00Z"), ts("2026-12-07T09:00:00Z"));
    assert_eq!(joins("2026-12-06T09:00:00Z"), ts("2026-12-07T09:00:00Z"));
    assert_eq!(joins("2026-12-06T09:00:01Z"), ts("2026-12-21T09:00:00Z"));
    // Before the series starts: its first instance.
    assert_eq!(joins("2026-11-01T00:00:00Z"), ts("2026-12-07T09:00:00Z"));
    assert!(slot.instance(anchor, ts("2026-12-14T09:00:00Z")).is_none());
    assert!(slot.instance(anchor, ts("2026-12-21T09:00:00Z")).is_some());
    assert!(slot.instance(anchor, ts("2026-12-21T09:30:00Z")).is_none());
}

#[test]
fn only_time_changes_move_instances() {
    let slot = fortnightly();
    let renamed = SlotRule::parse(&SlotInput {
        name: "Weekly learning",
        ..input(
            "Europe/Berlin",
            "10:00",
            90,
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
        )
    })
    .unwrap();
    assert!(!slot.moves_instances(&renamed));
    let later = SlotRule::parse(&input(
        "Europe/Berlin",
        "11:00",
        60,
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
    ))
    .unwrap();
    assert!(slot.moves_instances(&later));
}

#[test]
fn admins_and_the_teams_members_edit_its_slots() {
    let actor = |role| Actor {
        user_id: crate::UserId::from_db(1),
        role,
    };
    assert!(ensure_can_edit_slots(&actor(UserRole::Admin), false).is_ok());
    assert!(ensure_can_edit_slots(&actor(UserRole::Member), true).is_ok());
    assert!(ensure_can_edit_slots(&actor(UserRole::Member), false).is_err());
    assert!(ensure_can_edit_slots(&actor(UserRole::Viewer), true).is_err());
}
