//! The softer rules: tentative, optional attendees, unknown and misconfigured calendars,
//! alternatives, and the answer's JSON shape.

use super::*;
use jiff::civil::date;

/// Tuesday 2026-02-03: Berlin and New York share 14:00-16:00 UTC.
const TUESDAY: (i16, i8, i8) = (2026, 2, 3);

fn tuesday(people: Vec<Attendee>, minutes: u32) -> Proposal {
    let (y, m, d) = TUESDAY;
    pick(&day_request(people, date(y, m, d), minutes)).unwrap()
}

fn anna() -> Attendee {
    person("Anna", "Europe/Berlin")
}

fn emma() -> Attendee {
    person("Emma", "America/New_York")
}

#[test]
fn tentative_is_avoided_when_possible() {
    let emma = with(
        emma(),
        BusyKind::Tentative,
        "2026-02-03T14:00:00Z",
        "2026-02-03T15:00:00Z",
    );
    let p = tuesday(vec![anna(), emma], 60);
    let slot = p.best.unwrap();
    assert_eq!(slot.start, ts("2026-02-03T15:00:00Z"));
    assert_eq!(line(&slot, "Emma").status, SlotStatus::Free);
    // The tentative hour is still offered, ranked after.
    assert_eq!(p.alternatives[0].start, ts("2026-02-03T14:00:00Z"));
    assert_eq!(
        p.alternatives[0].reasons[..2],
        [
            "same day, more required attendees tentative".to_string(),
            "tentative for Emma".to_string()
        ]
    );
}

#[test]
fn tentative_is_soft_a_busy_hour_is_not() {
    let tentative = with(
        emma(),
        BusyKind::Tentative,
        "2026-02-03T14:00:00Z",
        "2026-02-03T16:00:00Z",
    );
    let p = tuesday(vec![anna(), tentative], 60);
    let slot = p.best.unwrap();
    assert_eq!(slot.start, ts("2026-02-03T14:00:00Z"));
    assert_eq!(line(&slot, "Emma").status, SlotStatus::Tentative);
    let busy = with(
        emma(),
        BusyKind::Busy,
        "2026-02-03T14:00:00Z",
        "2026-02-03T16:00:00Z",
    );
    assert!(tuesday(vec![anna(), busy], 60).best.is_none());
}

#[test]
fn an_earlier_tentative_day_beats_a_later_clear_one() {
    // The documented order: earliest day first, tentative conflicts only within a day.
    let emma = with(
        emma(),
        BusyKind::Tentative,
        "2026-02-03T14:00:00Z",
        "2026-02-03T16:00:00Z",
    );
    let p = pick(&request(
        vec![anna(), emma],
        "2026-02-03T00:00:00Z",
        "2026-02-05T00:00:00Z",
        60,
    ))
    .unwrap();
    assert_eq!(best(&p), "2026-02-03T14:00:00Z");
    assert_eq!(
        alternatives(&p),
        [
            "2026-02-03T15:00:00Z",
            "2026-02-04T14:00:00Z",
            "2026-02-04T15:00:00Z"
        ]
    );
    let wednesday = &p.alternatives[1];
    assert_eq!(wednesday.reasons[0], "a later day (Wednesday 2026-02-04)");
    assert_eq!(line(wednesday, "Emma").status, SlotStatus::Free);
}

#[test]
fn optional_attendees_are_maximised_before_comfort() {
    // Friday 2026-03-27: Anna (Berlin) and Priya (Kolkata) share 08:00-11:30 UTC and are both
    // in core hours from 09:00 to 10:30 UTC. Dev (optional, Kolkata) is busy 09:00-10:30 UTC,
    // so the slots he can make are 08:00 (an hour before Anna's core hours) and 10:30 (after
    // Priya's): more attendees beat comfort, and the tie goes to the earlier.
    let dev = with(
        optional("Dev", "Asia/Kolkata"),
        BusyKind::Busy,
        "2026-03-27T09:00:00Z",
        "2026-03-27T10:30:00Z",
    );
    let people = vec![
        anna(),
        person("Priya", "Asia/Kolkata"),
        dev,
        optional("Kiri", "Australia/Sydney"),
    ];
    let p = pick(&day_request(people, date(2026, 3, 27), 60)).unwrap();
    let slot = p.best.as_ref().unwrap();
    assert_eq!(slot.start, ts("2026-03-27T08:00:00Z"));
    assert!(slot
        .reasons
        .contains(&"1 of 2 optional attendees free".to_string()));
    assert_eq!(line(slot, "Kiri").status, SlotStatus::OutsideHours);
    assert_eq!(line(slot, "Dev").status, SlotStatus::Free);
    assert_eq!(
        alternatives(&p),
        ["2026-03-27T10:30:00Z", "2026-03-27T09:00:00Z"]
    );
    assert_eq!(p.alternatives[0].reasons[0], "same day, later start");
    assert_eq!(
        p.alternatives[1].reasons[0],
        "same day, fewer optional attendees free"
    );
    assert!(p.alternatives[1]
        .reasons
        .contains(&"inside every required attendee's core hours".to_string()));
}

#[test]
fn an_unknown_calendar_never_blocks_but_is_reported() {
    let mut emma = emma();
    emma.calendar = Calendar::Unknown {
        reason: "calendar did not answer within 10 s".to_string(),
    };
    let p = tuesday(vec![anna(), emma], 60);
    let slot = p.best.unwrap();
    assert_eq!(slot.start, ts("2026-02-03T14:00:00Z"));
    assert_eq!(line(&slot, "Emma").status, SlotStatus::Unknown);
    assert!(slot
        .reasons
        .contains(&"calendar unknown for Emma: planned on working hours alone".to_string()));
    assert_eq!(
        p.unconfirmed,
        [Unconfirmed {
            user_id: UserId::from_db(69),
            name: "Emma".to_string(),
            attendance: Attendance::Required,
            reason: "calendar did not answer within 10 s".to_string(),
        }]
    );
}

#[test]
fn a_calendar_busy_over_the_whole_window_is_treated_as_unknown() {
    let whole = with(
        emma(),
        BusyKind::Busy,
        "2026-01-01T00:00:00Z",
        "2027-01-01T00:00:00Z",
    );
    let p = tuesday(vec![anna(), whole], 60);
    assert_eq!(best(&p), "2026-02-03T14:00:00Z");
    assert_eq!(p.unconfirmed[0].reason, WHOLE_WINDOW_BUSY);
    assert_eq!(
        line(p.best.as_ref().unwrap(), "Emma").status,
        SlotStatus::Unknown
    );
    // Two periods meeting end to end cover it just the same.
    let split = with(
        with(
            emma(),
            BusyKind::Busy,
            "2026-01-01T00:00:00Z",
            "2026-02-03T12:00:00Z",
        ),
        BusyKind::Tentative,
        "2026-02-03T12:00:00Z",
        "2027-01-01T00:00:00Z",
    );
    assert_eq!(tuesday(vec![anna(), split], 60).unconfirmed.len(), 1);
    // Free for the last hour of the overlap: a real calendar, which blocks the rest.
    let nearly = with(
        emma(),
        BusyKind::Busy,
        "2026-01-01T00:00:00Z",
        "2026-02-03T15:00:00Z",
    );
    let p = tuesday(vec![anna(), nearly], 60);
    assert_eq!(best(&p), "2026-02-03T15:00:00Z");
    assert!(p.unconfirmed.is_empty());
}

#[test]
fn an_optional_attendee_without_a_zone_is_unknown_not_an_error() {
    let mut sam = optional("Sam", "UTC");
    sam.zone = None;
    let p = tuesday(vec![anna(), emma(), sam], 60);
    let slot = p.best.unwrap();
    let sam = line(&slot, "Sam");
    assert_eq!(sam.status, SlotStatus::Unknown);
    assert_eq!((sam.zone.clone(), sam.local_start.clone()), (None, None));
    assert_eq!(p.unconfirmed[0].reason, NO_TIME_ZONE);
}

#[test]
fn working_hours_are_each_person_s_own() {
    // Emma works 07:00-15:00 in New York on Tuesdays (12:00-20:00 UTC): the shared hours are
    // 12:00-16:00 UTC, not 14:00-16:00 as with the default day.
    let mut emma = emma();
    emma.hours = WorkingHours::parse(&[(
        "tuesday".to_string(),
        "07:00".to_string(),
        "15:00".to_string(),
    )])
    .unwrap();
    let p = tuesday(vec![anna(), emma], 60);
    // Anna's core hours end at 15:00 UTC and Emma's start then: every hour-long slot costs
    // 60 minutes between them, so the earliest wins.
    assert_eq!(best(&p), "2026-02-03T12:00:00Z");
    let none = tuesday(
        vec![
            anna(),
            Attendee {
                hours: WorkingHours::parse(&[(
                    "monday".to_string(),
                    "09:00".to_string(),
                    "17:00".to_string(),
                )])
                .unwrap(),
                ..person("Emma", "America/New_York")
            },
        ],
        60,
    );
    assert!(none.best.is_none(), "Emma works Mondays only");
}

#[test]
fn the_answer_is_deterministic_and_serialises_for_the_page() {
    let people = vec![anna(), emma(), optional("Dev", "Asia/Kolkata")];
    let a = tuesday(people.clone(), 30);
    assert_eq!(a, tuesday(people, 30));
    let json = serde_json::to_value(&a).unwrap();
    let best = &json["best"];
    assert_eq!(best["start"], "2026-02-03T14:00:00Z");
    assert_eq!(best["end"], "2026-02-03T14:30:00Z");
    let emma = &best["attendees"][1];
    assert_eq!(emma["user_id"], 69);
    assert_eq!(emma["attendance"], "required");
    assert_eq!(emma["status"], "free");
    assert_eq!(emma["zone"], "America/New_York");
    assert_eq!(emma["local_start"], "2026-02-03T09:00:00-05:00");
    assert_eq!(emma["hardship_minutes"], 30);
    assert_eq!(best["attendees"][2]["status"], "outside_hours");
    assert_eq!(json["window"]["from"], "2026-02-02T23:00:00Z");
    assert_eq!(json["misses"], serde_json::json!([]));
    assert_eq!(json["duration_minutes"], 30);
    // The server documents the answer in its OpenAPI document.
    let schema = serde_json::to_value(<Proposal as utoipa::PartialSchema>::schema()).unwrap();
    assert!(schema["properties"]["misses"].is_object(), "{schema}");
}
