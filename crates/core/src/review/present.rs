//! Slots as the page shows them: every attendee's local times, status and hardship.

use super::context::Context;
use super::output::{Slot, SlotAttendee, Unconfirmed};
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// The slot at cell `i`.
pub(super) fn slot(ctx: &Context, i: usize, reasons: Vec<String>) -> Slot {
    let (start, end) = (ctx.start_at(i), ctx.end_at(i));
    let attendees = ctx
        .people
        .iter()
        .map(|p| {
            let zone = p.placed.as_ref().map(|(z, _)| z);
            SlotAttendee {
                user_id: p.attendee.user_id,
                name: p.attendee.name.clone(),
                attendance: p.attendee.attendance,
                status: ctx.status(p, i),
                zone: p.attendee.zone.as_ref().map(|z| z.as_str().to_string()),
                local_start: zone.map(|z| rfc3339(start, z)),
                local_end: zone.map(|z| rfc3339(end, z)),
                hardship_minutes: ctx.hardship(p, i),
            }
        })
        .collect();
    Slot {
        start,
        end,
        attendees,
        reasons,
    }
}

/// Attendees planned without their calendar, and why.
pub(super) fn unconfirmed(ctx: &Context) -> Vec<Unconfirmed> {
    ctx.people
        .iter()
        .filter_map(|p| {
            p.unknown.as_ref().map(|reason| Unconfirmed {
                user_id: p.attendee.user_id,
                name: p.attendee.name.clone(),
                attendance: p.attendee.attendance,
                reason: reason.clone(),
            })
        })
        .collect()
}

/// `at` in `zone` as RFC 3339 with the offset in force then (`2026-03-10T15:00:00+01:00`).
/// Not jiff's default display, which appends `[Europe/Berlin]` (RFC 9557) that strict RFC 3339
/// readers refuse; the zone name travels in its own field.
pub(super) fn rfc3339(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned(zone.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// `at` in `zone` as a wall-clock time (`06:00`), for reasons and details.
pub(super) fn hhmm(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned(zone.clone()).strftime("%H:%M").to_string()
}
