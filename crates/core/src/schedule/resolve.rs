//! Merging layers and overrides into the shifts people see.

use super::restriction::covered;
use super::{Schedule, Shift, ShiftSource};
use jiff::Timestamp;

/// A stretch of time where one source has someone.
#[derive(Debug, Clone, Copy)]
struct Piece {
    start: Timestamp,
    end: Timestamp,
    user: crate::UserId,
    source: ShiftSource,
    /// Higher wins: overrides above every layer, later layers above earlier ones.
    rank: usize,
}

pub(super) fn resolve(schedule: &Schedule, from: Timestamp, to: Timestamp) -> Vec<Shift> {
    let tz = &schedule.time_zone;
    let mut pieces = Vec::new();
    for (i, layer) in schedule.layers.iter().enumerate() {
        let windows = covered(&layer.restrictions, tz, from, to);
        for (start, end, user) in layer.turns(tz, from, to) {
            for &(ws, we) in &windows {
                let (s, e) = (start.max(ws), end.min(we));
                if s < e {
                    pieces.push(Piece {
                        start: s,
                        end: e,
                        user,
                        source: ShiftSource::Layer(i),
                        rank: i,
                    });
                }
            }
        }
    }
    let top = schedule.layers.len();
    for o in &schedule.overrides {
        let (s, e) = (o.start.max(from), o.end.min(to));
        if s < e {
            pieces.push(Piece {
                start: s,
                end: e,
                user: o.user,
                source: ShiftSource::Override,
                rank: top,
            });
        }
    }

    // Between consecutive boundaries, the highest-ranked piece covering the stretch wins.
    let mut bounds: Vec<Timestamp> = pieces.iter().flat_map(|p| [p.start, p.end]).collect();
    bounds.sort();
    bounds.dedup();
    let mut shifts: Vec<Shift> = Vec::new();
    for pair in bounds.windows(2) {
        let (s, e) = (pair[0], pair[1]);
        let Some(winner) = pieces
            .iter()
            .filter(|p| p.start <= s && p.end >= e)
            .max_by_key(|p| p.rank)
        else {
            continue;
        };
        match shifts.last_mut() {
            Some(last)
                if last.end == s && last.user == winner.user && last.source == winner.source =>
            {
                last.end = e
            }
            _ => shifts.push(Shift {
                start: s,
                end: e,
                user: winner.user,
                source: winner.source,
            }),
        }
    }
    shifts
}
