//! Busy times from events, for calendars read as a whole (the secret ICS addresses Google and
//! Outlook give): each VEVENT's instances in a window, recurring ones expanded, with EXDATE
//! and RECURRENCE-ID overrides applied; cancelled and transparent ones left out, tentative
//! ones kept apart.
//!
//! An event that cannot be read is skipped and reported, not fatal: one odd event in a feed
//! of thousands should not make a whole calendar unknown.

use super::busy::{coalesce, push_clipped};
use super::parse::{parse, Component, IcalError, Property};
use super::rrule::RRule;
use super::value::{parse_date_time, parse_duration, DateTimeValue};
use super::zones::Zones;
use crate::review::{BusyKind, BusyPeriod};
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Span, Timestamp, Unit};
use std::collections::HashMap;

/// The most instances one event contributes to one window.
const MAX_INSTANCES: usize = 5_000;

/// Busy periods read from events, and the events that could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventBusy {
    /// Inside the window, merged.
    pub periods: Vec<BusyPeriod>,
    /// Why some events (or some of their parts) were left out, each on its line.
    pub skipped: Vec<IcalError>,
}

/// Reads a calendar's events into busy periods inside `[from, until)`. `zone` is the person's:
/// all-day events are whole days there, and floating times or unknown TZIDs are read in it.
pub fn busy_from_events(
    text: &str,
    from: Timestamp,
    until: Timestamp,
    zone: &TimeZone,
) -> Result<EventBusy, IcalError> {
    Ok(events_busy(&parse(text)?, from, until, zone))
}

/// Like [`busy_from_events`], on parsed components (each VCALENDAR with its own VTIMEZONEs).
pub fn events_busy(
    components: &[Component],
    from: Timestamp,
    until: Timestamp,
    zone: &TimeZone,
) -> EventBusy {
    let mut out = EventBusy::default();
    let mut periods = Vec::new();
    for cal in components.iter().filter(|c| c.name == "VCALENDAR") {
        let zones = Zones::from_calendar(cal, zone.clone());
        let mut events = Vec::new();
        for comp in cal.children_named("VEVENT") {
            match Event::read(comp, &zones) {
                Ok(e) => events.push(e),
                Err(e) => out.skipped.push(e),
            }
        }
        // Instances replaced by an override (RECURRENCE-ID), per UID.
        let mut overridden: HashMap<&str, Vec<Key>> = HashMap::new();
        for e in &events {
            if let (Some(uid), Some(key)) = (e.uid, e.recurrence_id) {
                overridden.entry(uid).or_default().push(key);
            }
        }
        for e in &events {
            let skip: &[Key] = match (e.recurrence_id, e.uid) {
                (None, Some(uid)) => overridden.get(uid).map(Vec::as_slice).unwrap_or(&[]),
                _ => &[],
            };
            e.instances(skip, from, until, &zones, &mut periods, &mut out.skipped);
        }
    }
    out.periods = coalesce(periods);
    out
}

/// An instance's identity, for EXDATE and RECURRENCE-ID: a day for DATE values, else an
/// instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Day(Date),
    At(Timestamp),
}

impl Key {
    fn matches(&self, local: DateTime, at: Timestamp) -> bool {
        match self {
            Key::Day(d) => local.date() == *d,
            Key::At(t) => at == *t,
        }
    }
}

/// A value resolved to its wall clock and zone.
struct When {
    local: DateTime,
    zone: TimeZone,
    at: Timestamp,
    date: bool,
}

fn resolve(prop: &Property, zones: &Zones) -> Result<When, IcalError> {
    let value = parse_date_time(&prop.value).map_err(|e| prop.error(e))?;
    let (local, zone, date) = match value {
        // An all-day event is a whole day where the person is.
        DateTimeValue::Date(d) => (
            d.to_datetime(jiff::civil::Time::midnight()),
            zones.fallback().clone(),
            true,
        ),
        DateTimeValue::Utc(t) => (t.to_zoned(TimeZone::UTC).datetime(), TimeZone::UTC, false),
        DateTimeValue::Local(dt) => (dt, zones.get(prop.param("TZID")), false),
    };
    let at = instant(&zone, local).ok_or_else(|| prop.error("the time is out of range"))?;
    Ok(When {
        local,
        zone,
        at,
        date,
    })
}

fn instant(zone: &TimeZone, local: DateTime) -> Option<Timestamp> {
    zone.to_ambiguous_timestamp(local).compatible().ok()
}

fn keys(prop: &Property, zones: &Zones) -> Result<Vec<Key>, IcalError> {
    prop.value
        .split(',')
        .filter(|v| !v.trim().is_empty())
        .map(|v| {
            let one = Property {
                value: v.to_string(),
                ..prop.clone()
            };
            let w = resolve(&one, zones)?;
            Ok(if w.date {
                Key::Day(w.local.date())
            } else {
                Key::At(w.at)
            })
        })
        .collect()
}

struct Event<'a> {
    comp: &'a Component,
    uid: Option<&'a str>,
    start: When,
    /// Added to each instance's wall clock, then the exact part to the instant.
    civil: Span,
    exact: SignedDuration,
    kind: Option<BusyKind>,
    recurrence_id: Option<Key>,
}

impl<'a> Event<'a> {
    fn read(comp: &'a Component, zones: &Zones) -> Result<Event<'a>, IcalError> {
        let start_prop = comp
            .property("DTSTART")
            .ok_or_else(|| IcalError::new(comp.line, "VEVENT without DTSTART"))?;
        let start = resolve(start_prop, zones)?;
        let (civil, exact) = match (comp.property("DTEND"), comp.property("DURATION")) {
            (Some(end_prop), _) => {
                let end = resolve(end_prop, zones)?;
                let same_clock = start.date == end.date
                    && start_prop.param("TZID") == end_prop.param("TZID")
                    && start_prop.value.ends_with('Z') == end_prop.value.ends_with('Z');
                if same_clock {
                    let span = start
                        .local
                        .until((Unit::Day, end.local))
                        .map_err(|e| end_prop.error(e))?;
                    (span, SignedDuration::ZERO)
                } else {
                    (Span::new(), start.at.duration_until(end.at))
                }
            }
            (None, Some(d)) => {
                let d = parse_duration(&d.value).map_err(|e| d.error(e))?;
                (d.day_span(), d.exact())
            }
            // RFC 5545 3.6.1: a DATE event without an end lasts the day; a DATE-TIME one
            // takes no time.
            (None, None) if start.date => (Span::new().days(1), SignedDuration::ZERO),
            (None, None) => (Span::new(), SignedDuration::ZERO),
        };
        let status = comp
            .property("STATUS")
            .map(|p| p.value.trim().to_ascii_uppercase());
        let transparent = comp
            .property("TRANSP")
            .is_some_and(|p| p.value.trim().eq_ignore_ascii_case("TRANSPARENT"));
        let kind = match status.as_deref() {
            _ if transparent => None,
            Some("CANCELLED") => None,
            Some("TENTATIVE") => Some(BusyKind::Tentative),
            _ => Some(BusyKind::Busy),
        };
        let recurrence_id = match comp.property("RECURRENCE-ID") {
            Some(p) => keys(p, zones)?.first().copied(),
            None => None,
        };
        Ok(Event {
            comp,
            uid: comp.property("UID").map(|p| p.value.trim()),
            start,
            civil,
            exact,
            kind,
            recurrence_id,
        })
    }

    fn end_of(&self, local: DateTime, at: Timestamp) -> Option<Timestamp> {
        let end = if self.civil.is_zero() {
            at
        } else {
            instant(&self.start.zone, local.checked_add(self.civil).ok()?)?
        };
        end.checked_add(self.exact).ok()
    }

    /// Pushes this event's busy instances in the window; `overridden` are instances another
    /// VEVENT (with RECURRENCE-ID) replaces.
    fn instances(
        &self,
        overridden: &[Key],
        from: Timestamp,
        until: Timestamp,
        zones: &Zones,
        out: &mut Vec<BusyPeriod>,
        skipped: &mut Vec<IcalError>,
    ) {
        let Some(kind) = self.kind else { return };
        let mut excluded: Vec<Key> = overridden.to_vec();
        for p in self.comp.properties_named("EXDATE") {
            match keys(p, zones) {
                Ok(k) => excluded.extend(k),
                Err(e) => skipped.push(e),
            }
        }
        let mut push = |local: DateTime, at: Timestamp| {
            if excluded.iter().any(|k| k.matches(local, at)) {
                return;
            }
            if let Some(end) = self.end_of(local, at) {
                push_clipped(out, at, end, kind, from, until);
            }
        };
        let rule = match (self.recurrence_id, self.comp.property("RRULE")) {
            (None, Some(p)) => match RRule::parse(&p.value) {
                Ok(r) => Some(r),
                Err(e) => {
                    skipped.push(p.error(format!("{e}; only the first instance is counted")));
                    None
                }
            },
            _ => None,
        };
        match rule {
            Some(rule) => {
                let mut n = 0;
                for occ in rule.occurrences(self.start.local, &self.start.zone) {
                    if occ.at >= until || n >= MAX_INSTANCES {
                        break;
                    }
                    if self.end_of(occ.local, occ.at).is_some_and(|e| e > from) {
                        n += 1;
                        push(occ.local, occ.at);
                    }
                }
            }
            None => push(self.start.local, self.start.at),
        }
        if self.recurrence_id.is_some() {
            return;
        }
        for p in self.comp.properties_named("RDATE") {
            for v in p.value.split(',').filter(|v| !v.trim().is_empty()) {
                // A PERIOD RDATE keeps the event's own length.
                let start = v.split('/').next().unwrap_or(v);
                let one = Property {
                    value: start.to_string(),
                    ..p.clone()
                };
                match resolve(&one, zones) {
                    Ok(w) => {
                        let local = w.at.to_zoned(self.start.zone.clone()).datetime();
                        let local = if w.date { w.local } else { local };
                        push(local, w.at);
                    }
                    Err(e) => skipped.push(e),
                }
            }
        }
    }
}

#[cfg(test)]
#[path = "events_tests.rs"]
mod tests;
