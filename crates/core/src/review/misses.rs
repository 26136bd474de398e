//! When no slot suits every required attendee: the nearest misses, so the organizer sees whom to
//! ask to stretch their hours or move a meeting, and by how much.
//!
//! Nearest means, in order: fewest required attendees blocking; then fewest minutes to give
//! (hours to stretch for those outside them, busy minutes for those busy), so 08:00 for someone
//! who starts at 09:00 comes before 01:00 for them; then earliest. Misses do not overlap each
//! other, so three answers are three different things to try.

use super::context::{Context, Person};
use super::output::{Blocked, Blocker, Miss, SlotStatus};
use super::present::{hhmm, slot};
use super::score::facts;
use super::timeline::CELL;
use super::Attendance;

/// How many misses are shown.
pub(super) const MISSES: usize = 3;

/// The nearest misses over the whole window.
pub(super) fn misses(ctx: &Context) -> Vec<Miss> {
    let mut ranked: Vec<(usize, u64, usize)> = ctx
        .starts()
        .map(|i| {
            let blocks = ctx.people.iter().filter_map(|p| block(ctx, p, i));
            let (count, minutes) = blocks.fold((0, 0u64), |(n, m), (_, stretch, busy)| {
                (n + 1, m + u64::from(stretch + busy))
            });
            (count, minutes, i)
        })
        .collect();
    ranked.sort_unstable();
    let mut chosen: Vec<usize> = Vec::with_capacity(MISSES);
    for &(_, _, i) in &ranked {
        if chosen.len() == MISSES {
            break;
        }
        if chosen.iter().all(|&j| i.abs_diff(j) >= ctx.k) {
            chosen.push(i);
        }
    }
    chosen.into_iter().map(|i| miss(ctx, i)).collect()
}

/// How a required attendee blocks the slot at cell `i`, if they do: outside their hours (the
/// first thing to fix) or busy; and how far, in minutes: the stretch their hours need plus the
/// minutes of the slot they are busy (so a slot just before a busy hour is not "nearer" for
/// seeming only a quarter hour outside).
fn block(ctx: &Context, p: &Person, i: usize) -> Option<(Blocked, u32, u32)> {
    if p.attendee.attendance != Attendance::Required {
        return None;
    }
    let (_, t) = p.placed.as_ref()?;
    let busy = if p.unknown.is_some() {
        0
    } else {
        t.busy(i, ctx.k) * (CELL / 60) as u32
    };
    match ctx.status(p, i) {
        SlotStatus::OutsideHours => {
            let secs = t.stretch(ctx.start(i), ctx.end(i)).max(0) as u64;
            Some((Blocked::OutsideHours, secs.div_ceil(60) as u32, busy))
        }
        SlotStatus::Busy => Some((Blocked::Busy, 0, busy)),
        _ => None,
    }
}

fn miss(ctx: &Context, i: usize) -> Miss {
    let blockers: Vec<Blocker> = ctx
        .people
        .iter()
        .filter_map(|p| {
            let (how, stretch, busy) = block(ctx, p, i)?;
            let mut detail = match (how, &p.placed) {
                (Blocked::OutsideHours, Some((zone, _))) => format!(
                    "{}-{} {} is outside their working hours; they would have to stretch them by {stretch} min",
                    hhmm(ctx.start_at(i), zone),
                    hhmm(ctx.end_at(i), zone),
                    zone.iana_name().unwrap_or("their zone"),
                ),
                _ => format!("busy for {busy} min of it"),
            };
            if how == Blocked::OutsideHours && busy > 0 {
                detail.push_str(&format!(", and busy for {busy} min of it"));
            }
            let minutes = stretch + busy;
            Some(Blocker {
                user_id: p.attendee.user_id,
                name: p.attendee.name.clone(),
                how,
                minutes,
                detail,
            })
        })
        .collect();
    let named: Vec<String> = blockers
        .iter()
        .map(|b| {
            let how = match b.how {
                Blocked::OutsideHours => "outside working hours",
                Blocked::Busy => "busy",
            };
            format!("{} ({how})", b.name)
        })
        .collect();
    let mut reasons = vec![format!("blocked by {}", named.join(", "))];
    reasons.extend(facts(ctx, i));
    Miss {
        slot: slot(ctx, i, reasons),
        blockers,
    }
}
