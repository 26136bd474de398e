//! Requests the picker refuses, and review windows from a policy.

use super::*;

fn refused(mut edit: impl FnMut(&mut PickRequest)) -> PickError {
    let mut r = request(
        vec![
            person("Anna", "Europe/Berlin"),
            person("Emma", "America/New_York"),
        ],
        "2026-02-03T00:00:00Z",
        "2026-02-04T00:00:00Z",
        60,
    );
    edit(&mut r);
    pick(&r).unwrap_err()
}

#[test]
fn attendees_must_be_there_and_required_ones_placed() {
    assert_eq!(refused(|r| r.attendees.clear()), PickError::NoAttendees);
    assert_eq!(
        refused(|r| r
            .attendees
            .iter_mut()
            .for_each(|a| a.attendance = Attendance::Optional)),
        PickError::NoRequiredAttendee
    );
    let e = refused(|r| {
        r.attendees[0].zone = None;
        r.attendees[1].zone = None;
        let mut sam = optional("Sam", "UTC");
        sam.zone = None;
        r.attendees.push(sam);
    });
    assert_eq!(
        e,
        PickError::MissingTimeZone {
            attendees: vec![
                Named {
                    user_id: UserId::from_db(65),
                    name: "Anna".to_string()
                },
                Named {
                    user_id: UserId::from_db(69),
                    name: "Emma".to_string()
                },
            ]
        }
    );
    assert!(
        e.to_string()
            .starts_with("no time zone set for Anna, Emma; "),
        "{e}"
    );
    let twice = refused(|r| r.attendees.push(person("Anna", "Europe/Paris")));
    assert_eq!(
        twice.to_string(),
        "Anna (user 65) is listed twice; list each attendee once"
    );
    let many = refused(|r| {
        r.attendees = (0..=MAX_ATTENDEES)
            .map(|n| Attendee {
                user_id: UserId::from_db(n as i64 + 1000),
                ..person("Anna", "Europe/Berlin")
            })
            .collect();
    });
    assert_eq!(
        many,
        PickError::TooManyAttendees {
            count: 101,
            max: 100
        }
    );
}

#[test]
fn durations_are_on_the_grid_and_in_range() {
    for minutes in [0, 10, 495, 24 * 60] {
        assert!(
            matches!(
                refused(|r| r.duration_minutes = minutes),
                PickError::DurationOutOfRange {
                    min: 15,
                    max: 480,
                    ..
                }
            ),
            "{minutes}"
        );
    }
    let e = refused(|r| r.duration_minutes = 50);
    assert_eq!(e, PickError::DurationOffGrid { minutes: 50 });
    assert_eq!(
        e.to_string(),
        "a 50-minute meeting is not on the 15-minute grid; use a multiple of 15 minutes"
    );
    let e = refused(|r| {
        r.core_hours = CoreHours {
            start: 960,
            end: 600,
        }
    });
    assert_eq!(e.field(), "core_hours");
}

#[test]
fn windows_must_hold_a_business_day_and_the_meeting() {
    let e = refused(|r| r.window.until = r.window.from);
    assert!(matches!(e, PickError::EmptyWindow { .. }));
    let e = refused(|r| r.window.until = ts("2026-02-03T00:45:00Z"));
    assert!(
        matches!(e, PickError::WindowTooShort { minutes: 60, .. }),
        "{e}"
    );
    // Not on the grid: 00:10 to 01:05 holds no whole quarter-hour hour.
    let e = refused(|r| {
        r.window.from = ts("2026-02-03T00:10:00Z");
        r.window.until = ts("2026-02-03T01:05:00Z");
    });
    assert!(matches!(e, PickError::WindowTooShort { .. }), "{e}");
    let e = refused(|r| r.window.until = ts("2026-04-10T00:00:00Z"));
    assert_eq!(e, PickError::WindowTooLong { days: 66, max: 62 });
    // Saturday and Sunday in Berlin (Friday 23:00 UTC is already Saturday there).
    let e = refused(|r| {
        r.window.from = ts("2026-02-06T23:00:00Z");
        r.window.until = ts("2026-02-08T23:00:00Z");
    });
    assert_eq!(
        e.to_string(),
        "the window from 2026-02-06T23:00:00Z until 2026-02-08T23:00:00Z has no business day (Monday to Friday) in Europe/Berlin; move the deadline later or shorten the preparation gap"
    );
    // A minute of Monday is enough to hold one.
    assert!(check_window(
        Window {
            from: ts("2026-02-06T23:00:00Z"),
            until: ts("2026-02-08T23:01:00Z"),
        },
        &tz("Europe/Berlin")
    )
    .is_ok());
    let d: crate::DomainError = e.into();
    assert!(d.to_string().starts_with("window: the window from"));
}

#[test]
fn review_window_counts_business_days_in_the_organizer_s_zone() {
    let berlin = tz("Europe/Berlin");
    // Ready on Friday 2026-03-06 at 17:00 in Berlin: one business day to prepare (Monday),
    // deadline five business days later (Friday 2026-03-13), days as Berlin has them.
    let w = review_window(ts("2026-03-06T16:00:00Z"), &berlin, 1, 5).unwrap();
    assert_eq!(w.from, ts("2026-03-08T23:00:00Z"));
    assert_eq!(w.until, ts("2026-03-13T23:00:00Z"));
    // Across Berlin's change: Monday 2026-03-30 starts at 22:00 UTC the day before.
    let w = review_window(ts("2026-03-27T10:00:00Z"), &berlin, 1, 1).unwrap();
    assert_eq!(w.from, ts("2026-03-29T22:00:00Z"));
    assert_eq!(w.until, ts("2026-03-30T22:00:00Z"));
    // No gap: from the moment it is ready.
    let w = review_window(ts("2026-03-04T10:00:00Z"), &berlin, 0, 0).unwrap();
    assert_eq!(w.from, ts("2026-03-04T10:00:00Z"));
    assert_eq!(w.until, ts("2026-03-04T23:00:00Z"));
    // The defaults.
    let w = review_window(
        ts("2026-03-04T10:00:00Z"),
        &berlin,
        DEFAULT_PREP_BUSINESS_DAYS,
        DEFAULT_DEADLINE_BUSINESS_DAYS,
    )
    .unwrap();
    assert_eq!(w.from, ts("2026-03-04T23:00:00Z"));
    assert_eq!(w.until, ts("2026-03-11T23:00:00Z"));
    // A deadline before the preparation ends.
    let e = review_window(ts("2026-03-04T10:00:00Z"), &berlin, 3, 2).unwrap_err();
    assert!(matches!(e, PickError::NoBusinessDay { .. }), "{e}");
    assert_eq!(e.field(), "window");
}
