//! One attendee over the window, cut into 15-minute cells: for each cell, whether it is wholly
//! inside working hours, whether it meets a busy or tentative period, and how many seconds of it
//! are core hours. Prefix sums over the cells answer "any busy cell in this slot?" in constant
//! time, so a slot costs O(attendees) whatever its length, and building a timeline costs
//! O(cells + periods): never minutes times periods.

use super::hours::{merge, Span};
use super::{BusyKind, BusyPeriod, Window, GRID_MINUTES};

/// Seconds per cell.
pub(super) const CELL: i64 = GRID_MINUTES as i64 * 60;

/// The cells of a window: cell `i` is `[t0 + i * CELL, t0 + (i + 1) * CELL)`. Cell 0 starts at
/// the window's start rounded up to the grid; the last cell ends by the window's end.
#[derive(Debug, Clone, Copy)]
pub(super) struct Grid {
    /// Start of cell 0, in seconds since the epoch.
    pub t0: i64,
    /// How many whole cells fit.
    pub cells: usize,
}

impl Grid {
    /// The grid of `window`.
    pub fn new(window: Window) -> Grid {
        let from = window.from.as_second() + i64::from(window.from.subsec_nanosecond() > 0);
        let t0 = (from + CELL - 1).div_euclid(CELL) * CELL;
        let until = window.until.as_second();
        let cells = if until > t0 { (until - t0) / CELL } else { 0 };
        Grid {
            t0,
            cells: cells as usize,
        }
    }

    /// Start of cell `i`, seconds since the epoch.
    pub fn at(&self, i: usize) -> i64 {
        self.t0 + i as i64 * CELL
    }

    /// The cells a span meets at all, clipped to the grid.
    fn touched(&self, (a, b): Span) -> std::ops::Range<usize> {
        let lo = (a - self.t0).div_euclid(CELL);
        self.clip(lo, (b - self.t0 + CELL - 1).div_euclid(CELL))
    }

    /// The cells a span holds wholly, clipped to the grid.
    fn inside(&self, (a, b): Span) -> std::ops::Range<usize> {
        let lo = (a - self.t0 + CELL - 1).div_euclid(CELL);
        self.clip(lo, (b - self.t0).div_euclid(CELL))
    }

    /// Cells `lo..hi` within the grid (empty when the span misses it).
    fn clip(&self, lo: i64, hi: i64) -> std::ops::Range<usize> {
        let n = self.cells as i64;
        let lo = lo.clamp(0, n);
        lo as usize..hi.clamp(lo, n) as usize
    }
}

/// Prefix sums over one attendee's cells (each vector has `cells + 1` entries).
#[derive(Debug, Clone)]
pub(super) struct Timeline {
    /// Cells not wholly inside working hours.
    off: Vec<u32>,
    /// Cells meeting a busy period.
    busy: Vec<u32>,
    /// Cells meeting a tentative period.
    tentative: Vec<u32>,
    /// Seconds inside core hours.
    core: Vec<u64>,
    /// Working spans, merged and sorted, for how far a slot is from them.
    work: Vec<Span>,
}

impl Timeline {
    /// Lays out one attendee: working and core spans from `hours`, and their busy periods.
    pub fn new(grid: &Grid, work: Vec<Span>, core: &[Span], periods: &[BusyPeriod]) -> Timeline {
        let n = grid.cells;
        let mut working = vec![false; n];
        for &span in &work {
            for cell in &mut working[grid.inside(span)] {
                *cell = true;
            }
        }
        let mut core_secs = vec![0u64; n];
        for &(a, b) in core {
            for i in grid.touched((a, b)) {
                let (ca, cb) = (grid.at(i), grid.at(i) + CELL);
                core_secs[i] += (b.min(cb) - a.max(ca)).max(0) as u64;
            }
        }
        Timeline {
            off: prefix(working.iter().map(|w| u32::from(!w))),
            busy: prefix(marks(grid, periods, BusyKind::Busy)),
            tentative: prefix(marks(grid, periods, BusyKind::Tentative)),
            core: prefix(core_secs),
            work,
        }
    }

    /// Whether any of cells `i..i + k` is outside working hours.
    pub fn outside(&self, i: usize, k: usize) -> bool {
        self.off[i + k] > self.off[i]
    }

    /// How many of cells `i..i + k` meet a busy period.
    pub fn busy(&self, i: usize, k: usize) -> u32 {
        self.busy[i + k] - self.busy[i]
    }

    /// How many of cells `i..i + k` meet a tentative period.
    pub fn tentative(&self, i: usize, k: usize) -> u32 {
        self.tentative[i + k] - self.tentative[i]
    }

    /// Seconds of cells `i..i + k` inside core hours.
    pub fn core_seconds(&self, i: usize, k: usize) -> u64 {
        self.core[i + k] - self.core[i]
    }

    /// Seconds a working span would have to stretch (earlier start, later end) to hold
    /// `[start, end)`; 0 when one already does. Only the spans either side of `start` can be
    /// nearest, so this is a binary search, not a scan.
    pub fn stretch(&self, start: i64, end: i64) -> i64 {
        let next = self.work.partition_point(|&(a, _)| a <= start);
        let before = next.checked_sub(1).map(|j| (end - self.work[j].1).max(0));
        let after = self
            .work
            .get(next)
            .map(|&(a, b)| (a - start) + (end - b).max(0));
        match (before, after) {
            (Some(x), Some(y)) => x.min(y),
            (Some(x), None) | (None, Some(x)) => x,
            // No working hours at all in reach: the whole slot.
            (None, None) => end - start,
        }
    }
}

/// Whether the periods (either kind) cover the whole window: such a calendar is treated as
/// unknown rather than as blocking every slot.
pub(super) fn covers(periods: &[BusyPeriod], window: Window) -> bool {
    let spans = merge(periods.iter().map(span).collect());
    let (from, until) = (window.from.as_second(), window.until.as_second());
    spans.iter().any(|&(a, b)| a <= from && b >= until)
}

fn span(p: &BusyPeriod) -> Span {
    // Rounded outwards to whole seconds: a busy period never shrinks.
    let end = p.end.as_second() + i64::from(p.end.subsec_nanosecond() > 0);
    (p.start.as_second(), end)
}

/// 1 for each cell meeting a period of `kind`. Periods are merged first, so overlapping
/// calendars cost no more than a clean one.
fn marks(grid: &Grid, periods: &[BusyPeriod], kind: BusyKind) -> Vec<u32> {
    let spans = merge(
        periods
            .iter()
            .filter(|p| p.kind == kind)
            .map(span)
            .collect(),
    );
    let mut cells = vec![0u32; grid.cells];
    for s in spans {
        for c in &mut cells[grid.touched(s)] {
            *c = 1;
        }
    }
    cells
}

fn prefix<T: Copy + Default + std::ops::Add<Output = T>>(
    values: impl IntoIterator<Item = T>,
) -> Vec<T> {
    let mut acc = T::default();
    let mut out = vec![acc];
    for v in values {
        acc = acc + v;
        out.push(acc);
    }
    out
}
