//! How slots rank, and the words saying why.
//!
//! Order (each only breaks ties of the one before):
//! 1. earliest day, as a date in the organizer's zone: a review held sooner while memories are
//!    fresh beats a more comfortable one later;
//! 2. fewest required attendees tentative: they said they might be taken;
//! 3. most optional attendees free;
//! 4. least fairness cost: for each required attendee, minutes outside their core hours times
//!    (60 + their ledger minutes), so an hour of hardship taken in past reviews doubles what a
//!    new minute costs them and the early or late slot moves to someone else next time;
//! 5. earliest start. No randomness: the same request always answers the same slot.

use super::context::{Context, Person};
use super::output::SlotStatus;
use super::Attendance;
use jiff::civil::Date;
use std::cmp::Reverse;

/// What a person's ledger is added to before weighing their hardship, in minutes.
pub(super) const FAIRNESS_BASE: u64 = 60;

/// A slot every required attendee can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Candidate {
    /// Its cell.
    pub cell: usize,
    /// Its day in the organizer's zone.
    pub day: Date,
    /// Required attendees tentative.
    pub tentative: u32,
    /// Optional attendees free.
    pub optional_free: u32,
    /// Fairness cost.
    pub cost: u64,
}

/// The sort key, smallest first.
pub(super) type Key = (Date, u32, Reverse<u32>, u64, usize);

impl Candidate {
    /// Its rank key.
    pub fn key(&self) -> Key {
        (
            self.day,
            self.tentative,
            Reverse(self.optional_free),
            self.cost,
            self.cell,
        )
    }
}

fn required(p: &Person) -> bool {
    p.attendee.attendance == Attendance::Required
}

/// The slot at cell `i` as a candidate, or none when a required attendee is busy or outside
/// their hours.
pub(super) fn evaluate(ctx: &Context, i: usize) -> Option<Candidate> {
    let (mut tentative, mut optional_free, mut cost) = (0, 0, 0u64);
    for p in &ctx.people {
        let status = ctx.status(p, i);
        if required(p) {
            match status {
                SlotStatus::Busy | SlotStatus::OutsideHours => return None,
                SlotStatus::Tentative => tentative += 1,
                SlotStatus::Free | SlotStatus::Unknown => {}
            }
            let weight = FAIRNESS_BASE + u64::from(p.attendee.ledger_minutes);
            cost += u64::from(ctx.hardship(p, i)) * weight;
        } else if status == SlotStatus::Free {
            optional_free += 1;
        }
    }
    let day = ctx.start_at(i).to_zoned(ctx.request.zone.clone()).date();
    Some(Candidate {
        cell: i,
        day,
        tentative,
        optional_free,
        cost,
    })
}

/// Why the best slot was chosen.
pub(super) fn best_reasons(ctx: &Context, c: &Candidate) -> Vec<String> {
    let mut reasons = vec![format!(
        "earliest day every required attendee is free ({})",
        day(c.day)
    )];
    if c.cost > 0 {
        reasons.push(
            "least hardship that day, weighed by the hardship each person took in past reviews"
                .to_string(),
        );
    }
    reasons.extend(facts(ctx, c.cell));
    reasons
}

/// Why an alternative ranks after the best: the first rule that separates them, then the facts.
pub(super) fn alternative_reasons(ctx: &Context, best: &Candidate, c: &Candidate) -> Vec<String> {
    let first = if c.day != best.day {
        format!("a later day ({})", day(c.day))
    } else if c.tentative != best.tentative {
        "same day, more required attendees tentative".to_string()
    } else if c.optional_free != best.optional_free {
        "same day, fewer optional attendees free".to_string()
    } else if c.cost != best.cost {
        "same day, more hardship outside core hours (weighed by past reviews)".to_string()
    } else {
        "same day, later start".to_string()
    };
    let mut reasons = vec![first];
    reasons.extend(facts(ctx, c.cell));
    reasons
}

/// What holds at the slot at cell `i`: tentative, optional attendees, hardship, unknowns.
pub(super) fn facts(ctx: &Context, i: usize) -> Vec<String> {
    let mut out = Vec::new();
    let named = |pred: &dyn Fn(&Person) -> bool| -> Vec<&str> {
        ctx.people
            .iter()
            .filter(|p| pred(p))
            .map(|p| p.attendee.name.as_str())
            .collect()
    };
    let tentative = named(&|p| required(p) && ctx.status(p, i) == SlotStatus::Tentative);
    if !tentative.is_empty() {
        out.push(format!("tentative for {}", tentative.join(", ")));
    }
    let optional = ctx.people.iter().filter(|p| !required(p)).count();
    if optional > 0 {
        let free = named(&|p| !required(p) && ctx.status(p, i) == SlotStatus::Free).len();
        out.push(format!("{free} of {optional} optional attendees free"));
    }
    let hard: Vec<String> = ctx
        .people
        .iter()
        .filter(|p| required(p))
        .filter_map(|p| {
            let m = ctx.hardship(p, i);
            (m > 0).then(|| format!("{} {m} min", p.attendee.name))
        })
        .collect();
    if hard.is_empty() {
        out.push("inside every required attendee's core hours".to_string());
    } else {
        out.push(format!("outside core hours: {}", hard.join(", ")));
    }
    let unknown = named(&|p| ctx.status(p, i) == SlotStatus::Unknown);
    if !unknown.is_empty() {
        out.push(format!(
            "calendar unknown for {}: planned on working hours alone",
            unknown.join(", ")
        ));
    }
    out
}

/// A day as shown: `Tuesday 2026-03-10`.
pub(super) fn day(d: Date) -> String {
    d.strftime("%A %Y-%m-%d").to_string()
}
