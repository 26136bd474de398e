//! No slot fits: exactly three nearest misses, each naming who blocks it and how.

use super::*;
use jiff::civil::date;

/// (name, how, minutes)
type Block = (String, Blocked, u32);

fn blockers(m: &Miss) -> Vec<Block> {
    m.blockers
        .iter()
        .map(|b| (b.name.clone(), b.how, b.minutes))
        .collect()
}

fn b(name: &str, how: Blocked, minutes: u32) -> Block {
    (name.to_string(), how, minutes)
}

#[test]
fn berlin_and_sydney_miss_by_three_hours_either_side() {
    // Monday 2026-02-02 in Berlin (CET, UTC+1). Sydney (AEDT, UTC+11) works 22:00-06:00 UTC;
    // Berlin 08:00-16:00 UTC. The nearest misses are the edges of the two-hour gap, each
    // needing one person to stretch by three hours; then an hour further out.
    let p = pick(&day_request(
        vec![
            person("Anna", "Europe/Berlin"),
            person("Kiri", "Australia/Sydney"),
        ],
        date(2026, 2, 2),
        60,
    ))
    .unwrap();
    assert!(p.best.is_none() && p.alternatives.is_empty());
    let starts: Vec<String> = p.misses.iter().map(|m| m.slot.start.to_string()).collect();
    assert_eq!(
        starts,
        [
            "2026-02-02T05:00:00Z",
            "2026-02-02T08:00:00Z",
            "2026-02-02T04:00:00Z"
        ]
    );
    assert_eq!(
        blockers(&p.misses[0]),
        [b("Anna", Blocked::OutsideHours, 180)]
    );
    assert_eq!(
        p.misses[0].blockers[0].detail,
        "06:00-07:00 Europe/Berlin is outside their working hours; they would have to stretch them by 180 min"
    );
    assert_eq!(
        p.misses[0].slot.reasons[0],
        "blocked by Anna (outside working hours)"
    );
    assert_eq!(
        blockers(&p.misses[1]),
        [b("Kiri", Blocked::OutsideHours, 180)]
    );
    assert_eq!(
        p.misses[1].blockers[0].detail,
        "19:00-20:00 Australia/Sydney is outside their working hours; they would have to stretch them by 180 min"
    );
    assert_eq!(
        blockers(&p.misses[2]),
        [b("Anna", Blocked::OutsideHours, 240)]
    );
    // Each miss still shows everyone's local time and status.
    let kiri = line(&p.misses[0].slot, "Kiri");
    assert_eq!(kiri.status, SlotStatus::Free);
    assert_eq!(
        kiri.local_start.as_deref(),
        Some("2026-02-02T16:00:00+11:00")
    );
}

#[test]
fn a_busy_calendar_is_named_as_busy() {
    // Tuesday 2026-02-03: Berlin and New York share 14:00-16:00 UTC, all of which Emma has
    // taken. Fewest minutes to give is 60 everywhere near; the earliest three apart are an hour
    // before New York's day starts, then her two busy hours.
    let emma = with(
        person("Emma", "America/New_York"),
        BusyKind::Busy,
        "2026-02-03T14:00:00Z",
        "2026-02-03T16:00:00Z",
    );
    let p = pick(&day_request(
        vec![person("Anna", "Europe/Berlin"), emma],
        date(2026, 2, 3),
        60,
    ))
    .unwrap();
    let found: Vec<(String, Vec<Block>)> = p
        .misses
        .iter()
        .map(|m| (m.slot.start.to_string(), blockers(m)))
        .collect();
    assert_eq!(
        found,
        [
            (
                "2026-02-03T13:00:00Z".to_string(),
                vec![b("Emma", Blocked::OutsideHours, 60)]
            ),
            (
                "2026-02-03T14:00:00Z".to_string(),
                vec![b("Emma", Blocked::Busy, 60)]
            ),
            (
                "2026-02-03T15:00:00Z".to_string(),
                vec![b("Emma", Blocked::Busy, 60)]
            ),
        ]
    );
    assert_eq!(p.misses[1].blockers[0].detail, "busy for 60 min of it");
    assert_eq!(p.misses[1].slot.reasons[0], "blocked by Emma (busy)");
}

#[test]
fn fewer_blockers_come_first_even_when_later() {
    // Three people; Chloe (London) is busy all morning, so every slot before 13:00 UTC has her
    // as a second blocker. The nearest miss is the afternoon slot only Emma's hours block.
    let chloe = with(
        person("Chloe", "Europe/London"),
        BusyKind::Busy,
        "2026-02-03T09:00:00Z",
        "2026-02-03T13:00:00Z",
    );
    let emma = with(
        person("Emma", "America/New_York"),
        BusyKind::Busy,
        "2026-02-03T14:00:00Z",
        "2026-02-03T16:00:00Z",
    );
    let p = pick(&day_request(
        vec![person("Anna", "Europe/Berlin"), chloe, emma],
        date(2026, 2, 3),
        60,
    ))
    .unwrap();
    assert_eq!(p.misses.len(), 3);
    assert_eq!(p.misses[0].slot.start, ts("2026-02-03T13:00:00Z"));
    assert!(p.misses.iter().all(|m| m.blockers.len() == 1));
}

#[test]
fn unknown_calendars_are_named_in_misses_but_never_block() {
    let mut kiri = person("Kiri", "Australia/Sydney");
    kiri.calendar = Calendar::Unknown {
        reason: "calendar did not answer within 10 s".to_string(),
    };
    let p = pick(&day_request(
        vec![person("Anna", "Europe/Berlin"), kiri],
        date(2026, 2, 2),
        60,
    ))
    .unwrap();
    let first = &p.misses[0];
    assert_eq!(first.slot.start, ts("2026-02-02T05:00:00Z"));
    assert_eq!(blockers(first), [b("Anna", Blocked::OutsideHours, 180)]);
    assert_eq!(line(&first.slot, "Kiri").status, SlotStatus::Unknown);
    assert!(first
        .slot
        .reasons
        .contains(&"calendar unknown for Kiri: planned on working hours alone".to_string()));
    // Outside her hours, an unknown calendar does not excuse her.
    assert_eq!(
        blockers(&p.misses[1]),
        [b("Kiri", Blocked::OutsideHours, 180)]
    );
    assert_eq!(p.unconfirmed.len(), 1);
    assert_eq!(
        p.unconfirmed[0].reason,
        "calendar did not answer within 10 s"
    );
}

#[test]
fn misses_do_not_overlap_each_other() {
    let p = pick(&day_request(
        vec![
            person("Anna", "Europe/Berlin"),
            person("Dev", "Asia/Kolkata"),
        ],
        date(2026, 2, 3),
        240,
    ))
    .unwrap();
    assert_eq!(p.misses.len(), 3);
    for (i, a) in p.misses.iter().enumerate() {
        for m in &p.misses[i + 1..] {
            assert!(a.slot.end <= m.slot.start || m.slot.end <= a.slot.start);
        }
    }
}
