//! The entry point: check the request, rank every slot on the grid, answer the best, the
//! alternatives, or the nearest misses.

use super::context::Context;
use super::error::{Named, PickError};
use super::misses::misses;
use super::output::Proposal;
use super::present::{slot, unconfirmed};
use super::score::{alternative_reasons, best_reasons, evaluate, Candidate};
use super::timeline::Grid;
use super::window::check_window;
use super::{
    Attendance, PickRequest, GRID_MINUTES, MAX_ATTENDEES, MAX_DURATION_MINUTES,
    MIN_DURATION_MINUTES,
};
use std::collections::HashSet;

/// How many alternatives are offered besides the best slot.
const ALTERNATIVES: usize = 3;

/// Picks the review slot for `request`.
///
/// Every slot on the 15-minute grid inside the window is tried; a slot fits when every required
/// attendee is inside their own working hours (each day converted on its own date in their
/// zone) and not busy. Fitting slots rank by earliest day (organizer's zone), fewest required
/// attendees tentative, most optional attendees free, least fairness cost, earliest start (see
/// the `score` module). Unknown calendars never block; they are listed in
/// [`Proposal::unconfirmed`]. When nothing fits, [`Proposal::misses`] holds the three nearest
/// misses.
///
/// Errors are for requests that cannot be worked on: no attendees, a required attendee without
/// a zone, a duration off the grid or out of range, a window that is empty, too short, too long
/// or without a business day.
pub fn pick(request: &PickRequest) -> Result<Proposal, PickError> {
    check(request)?;
    let ctx = Context::new(request);
    let mut ranked: Vec<Candidate> = ctx.starts().filter_map(|i| evaluate(&ctx, i)).collect();
    ranked.sort_unstable_by_key(Candidate::key);
    let (best, alternatives, misses) = match ranked.first() {
        Some(best) => {
            let alternatives = choose_alternatives(&ranked, ctx.k)
                .iter()
                .map(|c| slot(&ctx, c.cell, alternative_reasons(&ctx, best, c)))
                .collect();
            let best = slot(&ctx, best.cell, best_reasons(&ctx, best));
            (Some(best), alternatives, Vec::new())
        }
        None => (None, Vec::new(), misses(&ctx)),
    };
    Ok(Proposal {
        window: request.window,
        duration_minutes: request.duration_minutes,
        best,
        alternatives,
        misses,
        unconfirmed: unconfirmed(&ctx),
    })
}

/// Up to three alternatives to `ranked[0]`, none overlapping another or the best. The best of
/// each other day comes first (a different day survives whatever ruled out the afternoon), then
/// the next ranked slots of any day; answered in rank order.
fn choose_alternatives(ranked: &[Candidate], k: usize) -> Vec<Candidate> {
    let mut chosen: Vec<&Candidate> = vec![&ranked[0]];
    let mut days = HashSet::from([ranked[0].day]);
    let apart =
        |c: &Candidate, chosen: &[&Candidate]| chosen.iter().all(|o| o.cell.abs_diff(c.cell) >= k);
    for c in &ranked[1..] {
        if chosen.len() > ALTERNATIVES {
            break;
        }
        if !days.contains(&c.day) && apart(c, &chosen) {
            days.insert(c.day);
            chosen.push(c);
        }
    }
    for c in &ranked[1..] {
        if chosen.len() > ALTERNATIVES {
            break;
        }
        if apart(c, &chosen) {
            chosen.push(c);
        }
    }
    let mut out: Vec<Candidate> = chosen[1..].iter().map(|c| **c).collect();
    out.sort_unstable_by_key(Candidate::key);
    out
}

/// Refuses requests the picker cannot work on, each with what to change.
fn check(request: &PickRequest) -> Result<(), PickError> {
    let attendees = &request.attendees;
    if attendees.is_empty() {
        return Err(PickError::NoAttendees);
    }
    if attendees.len() > MAX_ATTENDEES {
        return Err(PickError::TooManyAttendees {
            count: attendees.len(),
            max: MAX_ATTENDEES,
        });
    }
    let mut seen = HashSet::new();
    if let Some(twice) = attendees.iter().find(|a| !seen.insert(a.user_id)) {
        return Err(PickError::DuplicateAttendee {
            user_id: twice.user_id,
            name: twice.name.clone(),
        });
    }
    let required = attendees
        .iter()
        .filter(|a| a.attendance == Attendance::Required);
    if required.clone().next().is_none() {
        return Err(PickError::NoRequiredAttendee);
    }
    let zoneless: Vec<Named> = required
        .filter(|a| a.zone.is_none())
        .map(|a| Named {
            user_id: a.user_id,
            name: a.name.clone(),
        })
        .collect();
    if !zoneless.is_empty() {
        return Err(PickError::MissingTimeZone {
            attendees: zoneless,
        });
    }
    let minutes = request.duration_minutes;
    if !(MIN_DURATION_MINUTES..=MAX_DURATION_MINUTES).contains(&minutes) {
        return Err(PickError::DurationOutOfRange {
            minutes,
            min: MIN_DURATION_MINUTES,
            max: MAX_DURATION_MINUTES,
        });
    }
    if !minutes.is_multiple_of(GRID_MINUTES) {
        return Err(PickError::DurationOffGrid { minutes });
    }
    let core = request.core_hours;
    if core.start >= core.end || core.end > 1440 {
        return Err(PickError::InvalidCoreHours {
            start: core.start,
            end: core.end,
        });
    }
    check_window(request.window, &request.zone)?;
    if Grid::new(request.window).cells < (minutes / GRID_MINUTES) as usize {
        return Err(PickError::WindowTooShort {
            from: request.window.from,
            until: request.window.until,
            minutes,
        });
    }
    Ok(())
}
