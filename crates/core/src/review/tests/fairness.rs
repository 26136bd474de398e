//! The fairness ledger: the hour outside core hours moves between people across reviews.

use super::*;
use jiff::civil::date;

/// Runs `reviews` successive reviews on the same Berlin day, each booking the best slot and
/// adding its charges to the ledger, as the store does. Answers (start, who paid) per review.
fn simulate(mut people: Vec<Attendee>, reviews: usize) -> Vec<(String, Vec<(String, u32)>)> {
    let mut out = Vec::new();
    for _ in 0..reviews {
        // Tuesday 2026-02-03, winter on both sides: 14:00-16:00 UTC in common, which is
        // 15:00-17:00 in Berlin and 09:00-11:00 in New York. Core hours end at 16:00 in Berlin
        // and start at 10:00 in New York, so every hour-long slot costs someone 60 minutes.
        let p = pick(&day_request(people.clone(), date(2026, 2, 3), 60)).unwrap();
        let slot = p.best.unwrap();
        let mut paid = Vec::new();
        for charge in slot.ledger_charges() {
            let who = people
                .iter_mut()
                .find(|a| a.user_id == charge.user_id)
                .unwrap();
            who.ledger_minutes += charge.minutes;
            if charge.minutes > 0 {
                paid.push((who.name.clone(), charge.minutes));
            }
        }
        out.push((slot.start.to_string(), paid));
    }
    out
}

#[test]
fn the_hard_hour_rotates_over_three_reviews() {
    let people = vec![
        person("Anna", "Europe/Berlin"),
        person("Emma", "America/New_York"),
    ];
    let runs = simulate(people, 3);
    let expect = |start: &str, who: &str| (start.to_string(), vec![(who.to_string(), 60)]);
    assert_eq!(
        runs,
        [
            // Equal ledgers: the costs tie (60 minutes each way), the earliest start wins and
            // New York takes 09:00.
            expect("2026-02-03T14:00:00Z", "Emma"),
            // Emma's hour now weighs double: Berlin takes 16:00-17:00.
            expect("2026-02-03T15:00:00Z", "Anna"),
            // Even again: back to the earliest.
            expect("2026-02-03T14:00:00Z", "Emma"),
        ]
    );
}

#[test]
fn a_heavy_ledger_keeps_its_owner_in_core_hours() {
    let mut emma = person("Emma", "America/New_York");
    emma.ledger_minutes = 600;
    let p = pick(&day_request(
        vec![person("Anna", "Europe/Berlin"), emma],
        date(2026, 2, 3),
        60,
    ))
    .unwrap();
    let slot = p.best.unwrap();
    assert_eq!(slot.start, ts("2026-02-03T15:00:00Z"));
    assert_eq!(
        slot.reasons[1],
        "least hardship that day, weighed by the hardship each person took in past reviews"
    );
    assert!(slot
        .reasons
        .contains(&"outside core hours: Anna 60 min".to_string()));
}

#[test]
fn a_slot_in_everyone_s_core_hours_costs_nothing() {
    // Berlin and London overlap for seven hours; 10:00 in Berlin is 09:00 in London, before
    // London's core hours, so the first slot inside both is 11:00 Berlin (10:00 UTC).
    let p = pick(&day_request(
        vec![
            person("Anna", "Europe/Berlin"),
            person("Chloe", "Europe/London"),
        ],
        date(2026, 2, 3),
        60,
    ))
    .unwrap();
    let slot = p.best.unwrap();
    assert_eq!(slot.start, ts("2026-02-03T10:00:00Z"));
    assert!(slot.ledger_charges().iter().all(|c| c.minutes == 0));
    assert!(slot
        .reasons
        .contains(&"inside every required attendee's core hours".to_string()));
}

#[test]
fn optional_attendees_are_not_charged() {
    let p = pick(&day_request(
        vec![
            person("Anna", "Europe/Berlin"),
            optional("Emma", "America/New_York"),
        ],
        date(2026, 2, 3),
        60,
    ))
    .unwrap();
    let slot = p.best.unwrap();
    // Emma's freedom beats Anna's comfort (most optional free comes before hardship): 15:00
    // Berlin, 09:00 New York, outside Emma's core hours but no charge for her.
    assert_eq!(slot.start, ts("2026-02-03T14:00:00Z"));
    assert_eq!(line(&slot, "Emma").hardship_minutes, 60);
    assert_eq!(slot.ledger_charges().len(), 1);
    assert_eq!(slot.ledger_charges()[0].user_id, UserId::from_db(65));
}
