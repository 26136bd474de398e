//! A checked request made ready to evaluate slots: each attendee's zone resolved, their
//! calendar judged usable or unknown, and their timeline laid out on the window's grid.

use super::hours::{core_spans, default_hours, working_spans};
use super::output::SlotStatus;
use super::timeline::{covers, Grid, Timeline, CELL};
use super::{Attendee, Calendar, PickRequest, NO_TIME_ZONE, WHOLE_WINDOW_BUSY};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use std::ops::RangeInclusive;

/// One attendee, ready.
pub(super) struct Person<'a> {
    /// As requested.
    pub attendee: &'a Attendee,
    /// Their zone and timeline; none for an optional attendee without a zone (unknown at
    /// every slot).
    pub placed: Option<(TimeZone, Timeline)>,
    /// Why their calendar is not used, when it is not.
    pub unknown: Option<String>,
}

/// The request, ready.
pub(super) struct Context<'a> {
    /// As given.
    pub request: &'a PickRequest,
    /// The window's cells.
    pub grid: Grid,
    /// Cells per meeting.
    pub k: usize,
    /// Attendees in the request's order.
    pub people: Vec<Person<'a>>,
}

impl<'a> Context<'a> {
    /// Lays out every attendee. The request must have passed the checks in `pick`.
    pub fn new(request: &'a PickRequest) -> Context<'a> {
        let grid = Grid::new(request.window);
        let (from, until) = (request.window.from, request.window.until);
        let people = request
            .attendees
            .iter()
            .map(|attendee| {
                let (unknown, periods) = match &attendee.calendar {
                    Calendar::Unknown { reason } => (Some(reason.clone()), &[][..]),
                    Calendar::Known(p) if covers(p, request.window) => {
                        (Some(WHOLE_WINDOW_BUSY.to_string()), &[][..])
                    }
                    Calendar::Known(p) => (None, &p[..]),
                };
                let Some(zone) = attendee.zone.as_ref().map(|z| z.zone()) else {
                    return Person {
                        attendee,
                        placed: None,
                        unknown: Some(NO_TIME_ZONE.to_string()),
                    };
                };
                let defaults;
                let hours = if attendee.hours.windows().is_empty() {
                    defaults = default_hours();
                    &defaults
                } else {
                    &attendee.hours
                };
                let work = working_spans(hours, &zone, from, until);
                let core = core_spans(request.core_hours, &zone, from, until);
                let timeline = Timeline::new(&grid, work, &core, periods);
                Person {
                    attendee,
                    placed: Some((zone, timeline)),
                    unknown,
                }
            })
            .collect();
        Context {
            request,
            grid,
            k: (request.duration_minutes as i64 * 60 / CELL) as usize,
            people,
        }
    }

    /// Cells where a meeting may start (the request's checks make this non-empty).
    pub fn starts(&self) -> RangeInclusive<usize> {
        0..=self.grid.cells - self.k
    }

    /// Start of a slot at cell `i`, seconds since the epoch.
    pub fn start(&self, i: usize) -> i64 {
        self.grid.at(i)
    }

    /// End of a slot at cell `i`, seconds since the epoch.
    pub fn end(&self, i: usize) -> i64 {
        self.grid.at(i + self.k)
    }

    /// Start of a slot at cell `i`.
    pub fn start_at(&self, i: usize) -> Timestamp {
        Timestamp::from_second(self.start(i)).expect("grid instants come from timestamps")
    }

    /// End of a slot at cell `i`.
    pub fn end_at(&self, i: usize) -> Timestamp {
        Timestamp::from_second(self.end(i)).expect("grid instants come from timestamps")
    }

    /// How a slot at cell `i` suits `p`. Outside hours comes first: it holds whatever the
    /// calendar says, and an unread calendar does not excuse it.
    pub fn status(&self, p: &Person, i: usize) -> SlotStatus {
        let Some((_, t)) = &p.placed else {
            return SlotStatus::Unknown;
        };
        if t.outside(i, self.k) {
            SlotStatus::OutsideHours
        } else if p.unknown.is_some() {
            SlotStatus::Unknown
        } else if t.busy(i, self.k) > 0 {
            SlotStatus::Busy
        } else if t.tentative(i, self.k) > 0 {
            SlotStatus::Tentative
        } else {
            SlotStatus::Free
        }
    }

    /// Minutes of a slot at cell `i` outside `p`'s core hours (0 without a zone: nothing is
    /// known to be hard for them).
    pub fn hardship(&self, p: &Person, i: usize) -> u32 {
        let Some((_, t)) = &p.placed else {
            return 0;
        };
        let total = self.k as u64 * CELL as u64;
        let outside = total - t.core_seconds(i, self.k).min(total);
        outside.div_ceil(60) as u32
    }
}
