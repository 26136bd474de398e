//! Recurring team review slots: a standing meeting ("every other Monday, 10:00 Berlin") whose
//! agenda is the postmortems the team published since the last one.
//!
//! A slot is a weekly (or every-N-weeks) rule on the wall clock of its zone, so 10:00 stays
//! 10:00 across daylight-saving changes. Its series starts on an anchor date (the first
//! instance, DTSTART). A postmortem published at T joins the first instance starting at least
//! [`AGENDA_LEAD`] after T, so each agenda is fixed when it goes out, [`AGENDA_LEAD`] before
//! the instance; an instance with nothing on its agenda is cancelled for that date alone.
//!
//! Pure: the caller passes the clock's time in.

use crate::actor::{Actor, UserRole};
use crate::error::DomainError;
use crate::ical::itip::Recurrence;
use crate::ical::rrule::{Freq, RRule};
use crate::id::Id;
use crate::people::{Name, TimeZoneName};
use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How long before an instance its agenda goes out (or it is cancelled): a day, so people can
/// read what will be discussed, and so the agenda no longer changes once sent.
pub const AGENDA_LEAD: SignedDuration = SignedDuration::from_hours(24);
/// The shortest slot, in minutes.
pub const MIN_SLOT_MINUTES: u32 = 15;
/// The longest slot, in minutes: a long afternoon, not a working day.
pub const MAX_SLOT_MINUTES: u32 = 240;
/// The most weeks between two instances: a quarter. Rarer than that is not a standing slot.
pub const MAX_INTERVAL_WEEKS: u32 = 12;

/// A review slot's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReviewSlotId(i64);

impl ReviewSlotId {
    /// The id the database gave, as read from a row.
    pub const fn from_db(raw: i64) -> Self {
        ReviewSlotId(raw)
    }

    /// The number, to bind in a query or put in a message.
    pub const fn get(self) -> i64 {
        self.0
    }
}

impl Id for ReviewSlotId {
    fn from_db(raw: i64) -> Self {
        ReviewSlotId(raw)
    }

    fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for ReviewSlotId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// A slot as sent: every field still text, checked by [`SlotRule::parse`].
#[derive(Debug, Clone, Copy)]
pub struct SlotInput<'a> {
    /// What the meeting is called, like "Payments review".
    pub name: &'a str,
    /// The IANA zone its time is kept in, like `Europe/Berlin`.
    pub zone: &'a str,
    /// The local start, `HH:MM` (24-hour).
    pub start_time: &'a str,
    /// Its length in minutes.
    pub duration_minutes: i64,
    /// The RRULE value, like `FREQ=WEEKLY;INTERVAL=2;BYDAY=MO`.
    pub rrule: &'a str,
}

/// A checked slot: a name, a zone, a local start, a length and a weekly rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotRule {
    name: Name,
    zone: TimeZoneName,
    start_time: Time,
    duration_minutes: u32,
    rrule: RRule,
}

/// One meeting of a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instance {
    /// Its start on the slot's wall clock.
    pub local: DateTime,
    /// Its start (the instance's identity: RECURRENCE-ID, and the key its agenda is kept by).
    pub start: Timestamp,
    /// Its end.
    pub end: Timestamp,
}

impl Instance {
    /// When its agenda goes out, or it is cancelled.
    pub fn due(&self) -> Timestamp {
        self.start
            .checked_sub(AGENDA_LEAD)
            .unwrap_or(Timestamp::MIN)
    }
}

fn parse_time(raw: &str) -> Option<Time> {
    let (h, m) = raw.trim().split_once(':')?;
    let two = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !two(h) || !two(m) {
        return None;
    }
    Time::new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok()
}

fn day_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

/// The rule, if it is one a standing slot can follow: weekly, on named days, forever.
fn parse_rule(raw: &str) -> Result<RRule, String> {
    let example = "such as FREQ=WEEKLY;BYDAY=MO or FREQ=WEEKLY;INTERVAL=2;BYDAY=MO";
    let rule = RRule::parse(raw)?;
    if rule.freq != Freq::Weekly {
        return Err(format!(
            "only weekly or every-N-weeks rules are accepted, {example}"
        ));
    }
    if rule.interval > MAX_INTERVAL_WEEKS {
        return Err(format!(
            "INTERVAL={} is too rare for a standing slot; at most {MAX_INTERVAL_WEEKS} weeks",
            rule.interval
        ));
    }
    if rule.by_day.is_empty() {
        return Err(format!("name the day of the week with BYDAY, {example}"));
    }
    if rule.count.is_some() || rule.until.is_some() {
        // The series is re-anchored when it is edited; a count or an end would then mean
        // something other than what was asked. A slot runs until it is deleted.
        return Err("COUNT and UNTIL are not accepted: a slot runs until it is deleted".into());
    }
    if !rule.by_month.is_empty() || !rule.by_set_pos.is_empty() {
        return Err(format!("BYMONTH and BYSETPOS are not accepted, {example}"));
    }
    Ok(rule)
}

impl SlotRule {
    /// Checks every field, answering all problems at once, each naming its field.
    pub fn parse(input: &SlotInput<'_>) -> Result<SlotRule, Vec<DomainError>> {
        let mut errors = Vec::new();
        let name = Name::parse("name", input.name)
            .map_err(|e| errors.push(e))
            .ok();
        let zone = TimeZoneName::parse("zone", input.zone)
            .map_err(|e| errors.push(e))
            .ok();
        let start_time = parse_time(input.start_time);
        if start_time.is_none() {
            errors.push(DomainError::invalid(
                "start_time",
                format!(
                    "{:?} is not a local time like 10:00 (HH:MM, 24-hour)",
                    input.start_time.chars().take(20).collect::<String>()
                ),
            ));
        }
        let minutes = input.duration_minutes;
        let duration_ok = (i64::from(MIN_SLOT_MINUTES)..=i64::from(MAX_SLOT_MINUTES))
            .contains(&minutes)
            && minutes % 15 == 0;
        if !duration_ok {
            errors.push(DomainError::invalid(
                "duration_minutes",
                format!("{MIN_SLOT_MINUTES} to {MAX_SLOT_MINUTES} minutes, a multiple of 15"),
            ));
        }
        let rrule = parse_rule(input.rrule)
            .map_err(|m| errors.push(DomainError::invalid("rrule", m)))
            .ok();
        match (name, zone, start_time, rrule) {
            (Some(name), Some(zone), Some(start_time), Some(rrule)) if errors.is_empty() => {
                Ok(SlotRule {
                    name,
                    zone,
                    start_time,
                    duration_minutes: minutes as u32,
                    rrule,
                })
            }
            _ => Err(errors),
        }
    }

    /// The name.
    pub fn name(&self) -> &str {
        self.name.as_str()
    }

    /// The zone's IANA name.
    pub fn zone_name(&self) -> &str {
        self.zone.as_str()
    }

    /// The zone.
    pub fn zone(&self) -> TimeZone {
        self.zone.zone()
    }

    /// The local start.
    pub fn start_time(&self) -> Time {
        self.start_time
    }

    /// The local start as `HH:MM`, as sent and stored.
    pub fn start_time_text(&self) -> String {
        self.start_time.strftime("%H:%M").to_string()
    }

    /// The length in minutes.
    pub fn duration_minutes(&self) -> u32 {
        self.duration_minutes
    }

    /// The rule, written in a fixed part order (what is stored and sent).
    pub fn rrule_text(&self) -> String {
        self.rrule.to_string()
    }

    /// Whether `other` puts instances at other times (a change of name or length does not).
    pub fn moves_instances(&self, other: &SlotRule) -> bool {
        self.zone != other.zone || self.start_time != other.start_time || self.rrule != other.rrule
    }

    /// The rule and zone an invitation carries.
    pub fn recurrence(&self) -> Recurrence {
        Recurrence {
            rrule: self.rrule_text(),
            zone: self.zone_name().to_string(),
        }
    }

    fn instance_at(&self, local: DateTime, zone: &TimeZone) -> Option<Instance> {
        // A start in a DST gap moves forward by the gap, as RFC 5545 and the expander do.
        let start = zone.to_ambiguous_timestamp(local).compatible().ok()?;
        let end = start
            .checked_add(SignedDuration::from_mins(i64::from(self.duration_minutes)))
            .ok()?;
        Some(Instance { local, start, end })
    }

    /// The anchor (first instance's date) of a series made at `now`: the first day the rule
    /// names, on or after `starts_on` if given (else today in the slot's zone), whose instance
    /// starts at least [`AGENDA_LEAD`] after `now`, since an earlier one could have no agenda.
    /// A `starts_on` whose first instance comes too soon is refused rather than moved, so the
    /// weeks a fortnightly slot falls on are the ones asked for.
    pub fn anchor(&self, now: Timestamp, starts_on: Option<Date>) -> Result<Date, DomainError> {
        let zone = self.zone();
        let earliest = now.checked_add(AGENDA_LEAD).unwrap_or(Timestamp::MAX);
        let today = now.to_zoned(zone.clone()).date();
        if let Some(from) = starts_on {
            let far = today
                .checked_add(jiff::Span::new().days(366))
                .unwrap_or(today);
            if from > far {
                return Err(DomainError::invalid(
                    "starts_on",
                    format!("{from} is more than a year ahead; choose a date within a year"),
                ));
            }
        }
        let days: Vec<Weekday> = self.rrule.by_day.iter().map(|d| d.weekday).collect();
        let mut day = starts_on.unwrap_or(today);
        // Two weeks hold every named day twice: enough to pass the lead whatever the day.
        for _ in 0..15 {
            if days.contains(&day.weekday()) {
                let start = self
                    .instance_at(day.to_datetime(self.start_time), &zone)
                    .map_or(Timestamp::MIN, |i| i.start);
                if start >= earliest {
                    return Ok(day);
                }
                if let Some(from) = starts_on {
                    let when = if start < now {
                        "already past"
                    } else {
                        "less than 24 hours from now"
                    };
                    return Err(DomainError::invalid(
                        "starts_on",
                        format!(
                            "the first meeting on or after {from} would be on {day}, {when}; choose a later date"
                        ),
                    ));
                }
            }
            day = day
                .tomorrow()
                .map_err(|_| DomainError::invalid("starts_on", "is out of range"))?;
        }
        Err(DomainError::invalid(
            "rrule",
            "names no day a meeting can be on",
        ))
    }

    /// Up to `limit` instances of the series anchored at `anchor` starting at or after
    /// `from`, in order.
    pub fn instances_from(&self, anchor: Date, from: Timestamp, limit: usize) -> Vec<Instance> {
        let zone = self.zone();
        self.rrule
            .occurrences(anchor.to_datetime(self.start_time), &zone)
            .filter_map(|o| self.instance_at(o.local, &zone))
            .skip_while(|i| i.start < from)
            .take(limit)
            .collect()
    }

    /// The instance starting exactly at `start`, if the series has one.
    pub fn instance(&self, anchor: Date, start: Timestamp) -> Option<Instance> {
        self.instances_from(anchor, start, 1)
            .into_iter()
            .find(|i| i.start == start)
    }

    /// The instance a postmortem published at `published` joins: the first starting at least
    /// [`AGENDA_LEAD`] later, so its agenda cannot have gone out before the publication.
    pub fn joining(&self, anchor: Date, published: Timestamp) -> Option<Instance> {
        let from = published.checked_add(AGENDA_LEAD).ok()?;
        self.instances_from(anchor, from, 1).into_iter().next()
    }

    /// The rule in words, for emails: "every 2 weeks on Monday, 10:00–11:00 (Europe/Berlin)".
    pub fn describe(&self) -> String {
        let days: Vec<&str> = self
            .rrule
            .by_day
            .iter()
            .map(|d| day_name(d.weekday))
            .collect();
        let every = match self.rrule.interval {
            1 => "every week".to_string(),
            n => format!("every {n} weeks"),
        };
        let end = self
            .start_time
            .checked_add(SignedDuration::from_mins(i64::from(self.duration_minutes)));
        let end = end.map_or(String::new(), |e| format!("–{}", e.strftime("%H:%M")));
        format!(
            "{every} on {}, {}{end} ({})",
            days.join(" and "),
            self.start_time.strftime("%H:%M"),
            self.zone_name()
        )
    }
}

/// May `actor` create, change or delete the review slots of a team they are (`member`) or are
/// not a member of? Admins may, and so may the team's members who are not viewers: the slot is
/// the team's own meeting.
pub fn ensure_can_edit_slots(actor: &Actor, member: bool) -> Result<(), DomainError> {
    match actor.role {
        UserRole::Admin => Ok(()),
        UserRole::Member if member => Ok(()),
        _ => Err(DomainError::Forbidden(
            "only admins and the team's members (not viewers) can change its review slots".into(),
        )),
    }
}

#[cfg(test)]
#[path = "slots_tests.rs"]
mod tests;
