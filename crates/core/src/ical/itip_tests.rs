//! Invitations against golden files of their exact bytes (crates/core/tests/golden/invite/),
//! read by hand once against RFC 5545/5546 and then frozen. `GOLDEN_WRITE=1 cargo test`
//! rewrites them after a deliberate change; review the diff before committing.

use super::*;
use crate::ical::write::unfold;

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// A postmortem review: two required people (one with a comma and an accent in the name),
/// one optional.
fn review() -> Invitation {
    Invitation {
        method: Method::Request,
        uid: "review-42@goldseam.example.com".into(),
        sequence: 0,
        dtstamp: ts("2026-03-02T08:00:00Z"),
        organizer: Person {
            name: "Goldseam reviews".into(),
            email: "reviews@goldseam.example.com".into(),
        },
        attendees: vec![
            InvitedAttendee {
                name: "Díaz, Ana".into(),
                email: "ana@example.com".into(),
                required: true,
                partstat: Partstat::NeedsAction,
            },
            InvitedAttendee {
                name: "Bo Chen".into(),
                email: "bo@example.com".into(),
                required: true,
                partstat: Partstat::NeedsAction,
            },
            InvitedAttendee {
                name: "Priya Nair".into(),
                email: "priya@example.com".into(),
                required: false,
                partstat: Partstat::NeedsAction,
            },
        ],
        start: ts("2026-03-09T14:00:00Z"),
        end: ts("2026-03-09T15:00:00Z"),
        summary: "Review: INC-42 checkout errors; payments, EU".into(),
        description: "Postmortem review for INC-42.\nSummary: a bad deploy broke checkout for 40 minutes.\nhttps://goldseam.example.com/incidents/INC-42/postmortem".into(),
        url: Some("https://goldseam.example.com/incidents/INC-42/postmortem".into()),
        location: None,
        status: EventStatus::Confirmed,
        recurrence: None,
        recurrence_id: None,
    }
}

/// A team's review slot: every other Monday 10:00-10:30 Berlin, from before the March change.
fn slot() -> Invitation {
    Invitation {
        uid: "slot-7@goldseam.example.com".into(),
        start: ts("2026-03-16T09:00:00Z"),
        end: ts("2026-03-16T09:30:00Z"),
        summary: "Payments incident reviews".into(),
        description: "The payments team's fortnightly review slot.".into(),
        url: None,
        location: Some("Room 4.1, Berlin".into()),
        recurrence: Some(Recurrence {
            rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO".into(),
            zone: "Europe/Berlin".into(),
        }),
        ..review()
    }
}

fn golden(name: &str, actual: &str) {
    let path = format!("{}/tests/golden/invite/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("GOLDEN_WRITE").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(actual, expected, "{name} differs from its golden file");
}

#[test]
fn a_request_in_utc() {
    golden("request.ics", &review().to_ics().unwrap());
}

#[test]
fn a_reschedule_raises_the_sequence_and_keeps_the_uid() {
    let moved = Invitation {
        sequence: 1,
        dtstamp: ts("2026-03-05T10:00:00Z"),
        start: ts("2026-03-10T13:00:00Z"),
        end: ts("2026-03-10T14:00:00Z"),
        ..review()
    };
    golden("reschedule.ics", &moved.to_ics().unwrap());
}

#[test]
fn a_cancel_is_cancelled_and_asks_for_no_answer() {
    let cancel = Invitation {
        method: Method::Cancel,
        status: EventStatus::Cancelled,
        sequence: 2,
        dtstamp: ts("2026-03-06T10:00:00Z"),
        start: ts("2026-03-10T13:00:00Z"),
        end: ts("2026-03-10T14:00:00Z"),
        ..review()
    };
    let ics = cancel.to_ics().unwrap();
    assert!(!ics.contains("RSVP"));
    golden("cancel.ics", &ics);
}

#[test]
fn a_recurring_slot_keeps_berlin_time_with_a_vtimezone() {
    let ics = slot().to_ics().unwrap();
    let lines = unfold(&ics);
    assert!(lines.contains(&"DTSTART;TZID=Europe/Berlin:20260316T100000".to_string()));
    assert!(lines.contains(&"RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO".to_string()));
    assert!(lines.contains(&"TZID:Europe/Berlin".to_string()));
    golden("recurring.ics", &ics);
}

#[test]
fn one_instance_is_cancelled_by_its_recurrence_id() {
    // 2026-03-30 is after the change: 10:00 Berlin is 08:00 UTC there.
    let cancel = Invitation {
        method: Method::Cancel,
        status: EventStatus::Cancelled,
        sequence: 1,
        dtstamp: ts("2026-03-29T08:00:00Z"),
        start: ts("2026-03-30T08:00:00Z"),
        end: ts("2026-03-30T08:30:00Z"),
        recurrence_id: Some(ts("2026-03-30T08:00:00Z")),
        ..slot()
    };
    let ics = cancel.to_ics().unwrap();
    let lines = unfold(&ics);
    assert!(lines.contains(&"RECURRENCE-ID;TZID=Europe/Berlin:20260330T100000".to_string()));
    assert!(!lines.iter().any(|l| l.starts_with("RRULE:FREQ=WEEKLY")));
    golden("cancel-instance.ics", &ics);
}

#[test]
fn every_line_is_crlf_and_at_most_75_octets() {
    for inv in [review(), slot()] {
        let ics = inv.to_ics().unwrap();
        assert!(!ics.replace("\r\n", "").contains(['\r', '\n']));
        assert!(ics.split("\r\n").all(|l| l.len() <= 75));
        let part = inv.calendar_part().unwrap();
        assert_eq!(part.method, "REQUEST");
        assert_eq!(part.ics, ics);
    }
}

#[test]
fn refusals_name_the_field() {
    let cases: Vec<(Invitation, &str)> = vec![
        (
            Invitation {
                end: ts("2026-03-09T14:00:00Z"),
                ..review()
            },
            "end:",
        ),
        (
            Invitation {
                method: Method::Cancel,
                ..review()
            },
            "status:",
        ),
        (
            Invitation {
                attendees: vec![],
                ..review()
            },
            "attendees:",
        ),
        (
            Invitation {
                organizer: Person {
                    name: "x".into(),
                    email: "reviews@x.com\r\nATTENDEE:mailto:evil@x.com".into(),
                },
                ..review()
            },
            "organizer.email:",
        ),
        (
            Invitation {
                uid: "a\r\nb".into(),
                ..review()
            },
            "uid:",
        ),
        (
            Invitation {
                recurrence_id: Some(ts("2026-03-09T14:00:00Z")),
                ..review()
            },
            "recurrence:",
        ),
        (
            Invitation {
                recurrence: Some(Recurrence {
                    rrule: "FREQ=WEEKLY;UNTIL=20261231".into(),
                    zone: "Europe/Berlin".into(),
                }),
                ..review()
            },
            "recurrence.rrule: UNTIL=20261231 must be a UTC time",
        ),
        (
            Invitation {
                recurrence: Some(Recurrence {
                    rrule: "FREQ=WEEKLY".into(),
                    zone: "Berlin".into(),
                }),
                ..review()
            },
            "recurrence.zone:",
        ),
    ];
    for (inv, want) in cases {
        let e = inv.to_ics().unwrap_err().to_string();
        assert!(e.starts_with(want), "{e} should start with {want}");
    }
    let mut twice = review();
    twice.attendees[1].email = "ANA@example.com".into();
    let e = twice.to_ics().unwrap_err().to_string();
    assert!(e.starts_with("attendees[1].email:"), "{e}");
}

#[test]
fn the_caldav_copy_is_the_message_without_its_method() {
    let inv = slot();
    let without = inv.to_ics().unwrap().replace("METHOD:REQUEST\r\n", "");
    assert_eq!(inv.to_caldav().unwrap(), without);
}

#[test]
fn partstats_read_back_in_any_case() {
    assert_eq!(Partstat::parse("declined"), Some(Partstat::Declined));
    assert_eq!(Partstat::parse("NEEDS-ACTION"), Some(Partstat::NeedsAction));
    assert_eq!(Partstat::parse("DELEGATED"), None);
}

#[test]
fn an_until_in_utc_extends_the_vtimezone_to_it() {
    let mut inv = slot();
    inv.recurrence.as_mut().unwrap().rrule = "FREQ=WEEKLY;UNTIL=20291231T235959Z".into();
    let ics = inv.to_ics().unwrap();
    assert!(unfold(&ics).contains(&"RRULE:FREQ=WEEKLY;UNTIL=20291231T235959Z".to_string()));
}
