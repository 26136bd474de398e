//! Recurrence rules (RFC 5545 3.3.10, 3.8.5.3) for the subset calendars use for meetings:
//! FREQ DAILY, WEEKLY, MONTHLY or YEARLY with INTERVAL, COUNT, UNTIL, BYDAY (with ordinals such
//! as `1MO` or `-1FR` for MONTHLY and YEARLY), BYMONTHDAY, BYMONTH, BYSETPOS and WKST.
//!
//! Occurrences are computed on the wall clock of the event's zone and only then turned into
//! instants, each on its own date, so a 10:00 meeting stays at 10:00 across a DST change.
//! Rules outside the subset (BYHOUR, HOURLY...) are refused by [`RRule::parse`] with what is
//! not supported, rather than expanded wrongly.

use jiff::civil::{Date, DateTime, Weekday};
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};
#[cfg(test)]
use text::DAYS;

/// How often the rule repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freq {
    /// Every INTERVAL days.
    Daily,
    /// Every INTERVAL weeks.
    Weekly,
    /// Every INTERVAL months.
    Monthly,
    /// Every INTERVAL years.
    Yearly,
}

/// A BYDAY entry: a weekday, with an ordinal inside the month or year (`2TU`, `-1FR`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekdayNum {
    /// 1 is the first, -1 the last; `None` is every such weekday.
    pub ordinal: Option<i8>,
    /// The weekday.
    pub weekday: Weekday,
}

/// UNTIL, as written: its kind decides how an occurrence is compared with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Until {
    /// Up to and including this day.
    Date(Date),
    /// Up to and including this local time.
    Local(DateTime),
    /// Up to and including this instant.
    Utc(Timestamp),
}

/// A parsed RRULE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RRule {
    /// FREQ.
    pub freq: Freq,
    /// INTERVAL (at least 1).
    pub interval: u32,
    /// COUNT: how many occurrences, the first (DTSTART) included.
    pub count: Option<u32>,
    /// UNTIL.
    pub until: Option<Until>,
    /// BYDAY.
    pub by_day: Vec<WeekdayNum>,
    /// BYMONTHDAY (negative counts from the month's end).
    pub by_month_day: Vec<i8>,
    /// BYMONTH (1 to 12).
    pub by_month: Vec<i8>,
    /// BYSETPOS (negative counts from the end of each period's set).
    pub by_set_pos: Vec<i16>,
    /// WKST (Monday unless set): where a WEEKLY rule's weeks start.
    pub week_start: Weekday,
}

impl RRule {
    /// The occurrences of this rule for an event starting at `start` on the wall clock of
    /// `zone`, in order, DTSTART first. The caller stops iterating at the end of its window;
    /// a rule that stops producing (such as the 30th of February) ends by itself.
    pub fn occurrences<'a>(&'a self, start: DateTime, zone: &'a TimeZone) -> Occurrences<'a> {
        Occurrences {
            rule: self,
            start,
            zone,
            period: 0,
            empty: 0,
            pending: Vec::new(),
            emitted: 0,
            started: false,
            done: false,
        }
    }
}

/// One occurrence: the local time and the instant it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    /// On the event's wall clock.
    pub local: DateTime,
    /// The instant (a local time in a DST gap moves forward by the gap, as RFC 5545 says).
    pub at: Timestamp,
}

/// Periods looked at in all before giving up.
const MAX_PERIODS: u64 = 200_000;

/// Periods in a row without an occurrence after which a rule is taken to match nothing more
/// (such as the 30th of February). The longest real gaps: a leap day on a given weekday
/// (28 years, 40 across 2100), a leap day in a daily or weekly rule (8 years).
fn max_empty(freq: Freq) -> u64 {
    match freq {
        Freq::Daily => 3_000,
        Freq::Weekly => 450,
        Freq::Monthly => 500,
        Freq::Yearly => 100,
    }
}

/// The iterator [`RRule::occurrences`] returns.
#[derive(Debug)]
pub struct Occurrences<'a> {
    rule: &'a RRule,
    start: DateTime,
    zone: &'a TimeZone,
    period: u64,
    /// Periods in a row that produced nothing.
    empty: u64,
    /// This period's local times not yet returned, latest first.
    pending: Vec<DateTime>,
    emitted: u64,
    started: bool,
    done: bool,
}

impl Occurrences<'_> {
    fn instant(&self, local: DateTime) -> Option<Timestamp> {
        self.zone.to_ambiguous_timestamp(local).compatible().ok()
    }

    fn past_until(&self, local: DateTime, at: Timestamp) -> bool {
        match self.rule.until {
            Some(Until::Date(d)) => local.date() > d,
            Some(Until::Local(u)) => local > u,
            Some(Until::Utc(u)) => at > u,
            None => false,
        }
    }

    fn emit(&mut self, local: DateTime) -> Option<Occurrence> {
        let at = self.instant(local)?;
        if self.past_until(local, at)
            || self
                .rule
                .count
                .is_some_and(|c| self.emitted >= u64::from(c))
        {
            self.done = true;
            return None;
        }
        self.emitted += 1;
        Some(Occurrence { local, at })
    }
}

impl Iterator for Occurrences<'_> {
    type Item = Occurrence;

    fn next(&mut self) -> Option<Occurrence> {
        if self.done {
            return None;
        }
        if !self.started {
            // DTSTART is always the first instance, whether or not the rule matches it.
            self.started = true;
            let first = self.emit(self.start);
            if first.is_none() {
                self.done = true;
            }
            return first;
        }
        loop {
            if let Some(local) = self.pending.pop() {
                if local <= self.start {
                    continue;
                }
                let out = self.emit(local);
                if out.is_none() {
                    self.done = true;
                }
                return out;
            }
            if self.period >= MAX_PERIODS || self.empty >= max_empty(self.rule.freq) {
                self.done = true;
                return None;
            }
            let Some(mut dates) = period_dates(self.rule, self.start.date(), self.period) else {
                self.done = true;
                return None;
            };
            self.period += 1;
            dates.sort();
            dates.dedup();
            let dates = set_positions(&self.rule.by_set_pos, dates);
            self.empty = if dates.is_empty() { self.empty + 1 } else { 0 };
            self.pending = dates
                .into_iter()
                .rev()
                .map(|d| d.to_datetime(self.start.time()))
                .collect();
        }
    }
}

fn set_positions(positions: &[i16], dates: Vec<Date>) -> Vec<Date> {
    if positions.is_empty() {
        return dates;
    }
    let n = dates.len() as i64;
    let mut out: Vec<Date> = positions
        .iter()
        .filter_map(|&p| {
            let i = if p > 0 {
                i64::from(p) - 1
            } else {
                n + i64::from(p)
            };
            (0..n).contains(&i).then(|| dates[i as usize])
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

fn month_day_matches(d: Date, md: i8) -> bool {
    if md > 0 {
        d.day() == md
    } else {
        d.day() == d.days_in_month() + md + 1
    }
}

/// The days in `first..=last` that `wd` names: every such weekday, or the nth of them.
fn weekdays_in(first: Date, last: Date, wd: WeekdayNum) -> Vec<Date> {
    let gap = (wd.weekday.to_monday_zero_offset() - first.weekday().to_monday_zero_offset())
        .rem_euclid(7);
    let mut all = Vec::new();
    let mut d = first.checked_add(Span::new().days(gap)).ok();
    while let Some(day) = d.filter(|x| *x <= last) {
        all.push(day);
        d = day.checked_add(Span::new().days(7)).ok();
    }
    match wd.ordinal {
        None => all,
        Some(n) => {
            let i = if n > 0 {
                i64::from(n) - 1
            } else {
                all.len() as i64 + i64::from(n)
            };
            usize::try_from(i)
                .ok()
                .and_then(|i| all.get(i).copied())
                .into_iter()
                .collect()
        }
    }
}

/// Dates in `first..=last` matching BYMONTHDAY and BYDAY (BYDAY only limits when BYMONTHDAY
/// is given); with neither, `default_day` of the month.
fn expand_month_like(rule: &RRule, first: Date, last: Date, default_day: Option<i8>) -> Vec<Date> {
    if !rule.by_month_day.is_empty() {
        let by_day: Vec<Date> = rule
            .by_day
            .iter()
            .flat_map(|w| weekdays_in(first, last, *w))
            .collect();
        let mut out = Vec::new();
        let mut d = Some(first);
        while let Some(day) = d.filter(|x| *x <= last) {
            if rule
                .by_month_day
                .iter()
                .any(|md| month_day_matches(day, *md))
                && (rule.by_day.is_empty() || by_day.contains(&day))
            {
                out.push(day);
            }
            d = day.tomorrow().ok();
        }
        out
    } else if !rule.by_day.is_empty() {
        rule.by_day
            .iter()
            .flat_map(|w| weekdays_in(first, last, *w))
            .collect()
    } else {
        default_day
            .and_then(|day| Date::new(first.year(), first.month(), day).ok())
            .into_iter()
            .collect()
    }
}

/// The candidate dates of period `k` (the k-th day, week, month or year counted in
/// INTERVALs from the start); `None` once out of the calendar's range.
fn period_dates(rule: &RRule, start: Date, k: u64) -> Option<Vec<Date>> {
    let step = i64::try_from(k)
        .ok()?
        .checked_mul(i64::from(rule.interval))?;
    let month_ok = |d: &Date| rule.by_month.is_empty() || rule.by_month.contains(&d.month());
    match rule.freq {
        Freq::Daily => {
            let d = start.checked_add(Span::new().try_days(step).ok()?).ok()?;
            let keep = month_ok(&d)
                && (rule.by_month_day.is_empty()
                    || rule.by_month_day.iter().any(|md| month_day_matches(d, *md)))
                && (rule.by_day.is_empty() || rule.by_day.iter().any(|w| w.weekday == d.weekday()));
            Some(if keep { vec![d] } else { Vec::new() })
        }
        Freq::Weekly => {
            let back = (start.weekday().to_monday_zero_offset()
                - rule.week_start.to_monday_zero_offset())
            .rem_euclid(7);
            let week = start
                .checked_sub(Span::new().days(back))
                .ok()?
                .checked_add(Span::new().try_weeks(step).ok()?)
                .ok()?;
            let wanted: Vec<Weekday> = if rule.by_day.is_empty() {
                vec![start.weekday()]
            } else {
                rule.by_day.iter().map(|w| w.weekday).collect()
            };
            Some(
                (0..7)
                    .filter_map(|i| week.checked_add(Span::new().days(i)).ok())
                    .filter(|d| wanted.contains(&d.weekday()) && month_ok(d))
                    .collect(),
            )
        }
        Freq::Monthly => {
            let index = i64::from(start.year()) * 12 + i64::from(start.month() - 1) + step;
            let (year, month) = (index.div_euclid(12), index.rem_euclid(12) + 1);
            let first = Date::new(i16::try_from(year).ok()?, month as i8, 1).ok()?;
            if !month_ok(&first) {
                return Some(Vec::new());
            }
            Some(expand_month_like(
                rule,
                first,
                first.last_of_month(),
                Some(start.day()),
            ))
        }
        Freq::Yearly => {
            let year = i16::try_from(i64::from(start.year()) + step).ok()?;
            let jan1 = Date::new(year, 1, 1).ok()?;
            if rule.by_month.is_empty() && rule.by_month_day.is_empty() && !rule.by_day.is_empty() {
                // BYDAY alone in a YEARLY rule counts within the year (20MO: the 20th Monday).
                return Some(expand_month_like(rule, jan1, jan1.last_of_year(), None));
            }
            let months = if rule.by_month.is_empty() {
                vec![start.month()]
            } else {
                rule.by_month.clone()
            };
            let mut out = Vec::new();
            for m in months {
                let first = Date::new(year, m, 1).ok()?;
                out.extend(expand_month_like(
                    rule,
                    first,
                    first.last_of_month(),
                    Some(start.day()),
                ));
            }
            Some(out)
        }
    }
}

#[path = "rrule_text.rs"]
mod text;

#[cfg(test)]
#[path = "rrule_tests.rs"]
mod tests;
