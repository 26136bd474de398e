//! Meeting invitations (iTIP, RFC 5546) as iCalendar text, for email (iMIP, RFC 6047) and for
//! a CalDAV PUT.
//!
//! What clients need to treat the text as an invitation rather than an attachment: `METHOD`
//! at the calendar level (equal to the MIME part's `method`), a `UID` that stays the same for
//! the meeting's whole life, `DTSTAMP`, a `SEQUENCE` the organizer raises on every change,
//! `ORGANIZER` and one `ATTENDEE` per person with `mailto:` addresses, `ROLE`, `PARTSTAT` and
//! `RSVP=TRUE`. A single meeting is written in UTC, so no VTIMEZONE is needed. A recurring
//! one (a team's review slot) is written in its zone with `TZID` and a VTIMEZONE, so "every
//! other Monday 10:00 Berlin" stays at 10:00 on both sides of a daylight-saving change.

use super::itip_checks::{check_email, check_rrule, invalid};
use super::vtimezone::vtimezone;
use super::write::{local, param, utc, Lines};
use crate::delivery::CalendarPart;
use crate::DomainError;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// What the message asks of the attendees' calendars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Add or update the meeting (a new one, or a reschedule with a higher SEQUENCE).
    Request,
    /// Remove the meeting, or one instance of a recurring one.
    Cancel,
}

impl Method {
    /// `REQUEST` or `CANCEL`, as in `METHOD:` and the MIME `method` parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        }
    }
}

/// Someone named by address: the organizer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// The name clients show (`CN`).
    pub name: String,
    /// The email address (written as a `mailto:` URI).
    pub email: String,
}

/// An attendee's answer (RFC 5545 3.2.12, for events).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Partstat {
    /// Not answered yet; what every attendee gets again when the meeting moves.
    NeedsAction,
    /// Coming.
    Accepted,
    /// Not coming.
    Declined,
    /// Maybe.
    Tentative,
}

impl Partstat {
    /// The iCalendar spelling (`NEEDS-ACTION`...).
    pub fn as_str(self) -> &'static str {
        match self {
            Partstat::NeedsAction => "NEEDS-ACTION",
            Partstat::Accepted => "ACCEPTED",
            Partstat::Declined => "DECLINED",
            Partstat::Tentative => "TENTATIVE",
        }
    }

    /// Reads the iCalendar spelling, any case (as in a REPLY); None for other values.
    pub fn parse(s: &str) -> Option<Partstat> {
        [
            Partstat::NeedsAction,
            Partstat::Accepted,
            Partstat::Declined,
            Partstat::Tentative,
        ]
        .into_iter()
        .find(|p| p.as_str().eq_ignore_ascii_case(s))
    }
}

/// One invited person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitedAttendee {
    /// The name clients show (`CN`).
    pub name: String,
    /// The email address.
    pub email: String,
    /// `ROLE=REQ-PARTICIPANT` when true, `OPT-PARTICIPANT` when false.
    pub required: bool,
    /// Their answer so far.
    pub partstat: Partstat,
}

/// The meeting's `STATUS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    /// Going ahead (with [`Method::Request`]).
    Confirmed,
    /// Called off (with [`Method::Cancel`]).
    Cancelled,
}

/// A recurring meeting's rule, kept in its own zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recurrence {
    /// The RRULE value without `RRULE:`, like `FREQ=WEEKLY;INTERVAL=2;BYDAY=MO`. An UNTIL must
    /// be in UTC (`20261231T235959Z`), as RFC 5545 3.3.10 requires with a zoned start.
    pub rrule: String,
    /// The IANA zone the instances keep their local time in, like `Europe/Berlin`.
    pub zone: String,
}

/// A meeting invitation, cancellation or update, as one iTIP message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    /// REQUEST or CANCEL.
    pub method: Method,
    /// The same for every message about this meeting, so clients update instead of adding.
    pub uid: String,
    /// Raised by one on every change clients must apply (time, status, cancellation).
    pub sequence: u32,
    /// When this message was made.
    pub dtstamp: Timestamp,
    /// Who runs the meeting; replies go to this address.
    pub organizer: Person,
    /// Who is invited.
    pub attendees: Vec<InvitedAttendee>,
    /// From (for a recurring meeting, the first instance; for one instance, that instance).
    pub start: Timestamp,
    /// Until.
    pub end: Timestamp,
    /// The title.
    pub summary: String,
    /// The longer text (the postmortem's summary and link); left out when empty.
    pub description: String,
    /// A link to the meeting's page (the postmortem).
    pub url: Option<String>,
    /// Where (a room or a video call address).
    pub location: Option<String>,
    /// CONFIRMED for a request, CANCELLED for a cancellation.
    pub status: EventStatus,
    /// For a recurring meeting: its rule and zone.
    pub recurrence: Option<Recurrence>,
    /// For one instance of a recurring meeting (e.g. cancelling one date): that instance's
    /// original start. The message then carries `RECURRENCE-ID` and no RRULE; `recurrence`
    /// must still name the zone.
    pub recurrence_id: Option<Timestamp>,
}

/// The PRODID of every calendar Goldseam writes as an organizer.
pub const PRODID: &str = "-//Goldseam//Review meetings//EN";

/// `;CN=name`, or nothing for a blank name (an empty CN shows as a blank person).
fn cn(name: &str) -> String {
    let name = param(name.trim());
    if name.is_empty() {
        String::new()
    } else {
        format!(";CN={name}")
    }
}

impl Invitation {
    /// Refuses what would make clients ignore or misread the message, naming the field.
    fn check(&self) -> Result<Option<Timestamp>, DomainError> {
        let plain = |s: &str| !s.trim().is_empty() && !s.contains(|c: char| c.is_control());
        if !plain(&self.uid) || self.uid.len() > 255 {
            return Err(invalid(
                "uid",
                "must be 1 to 255 characters, no line breaks",
            ));
        }
        if !plain(&self.summary) {
            return Err(invalid("summary", "must not be empty"));
        }
        if self.end <= self.start {
            return Err(invalid("end", "must be after the start"));
        }
        let expected = match self.method {
            Method::Request => EventStatus::Confirmed,
            Method::Cancel => EventStatus::Cancelled,
        };
        if self.status != expected {
            return Err(invalid(
                "status",
                format!("a {} carries STATUS {expected:?}", self.method.as_str()),
            ));
        }
        check_email("organizer.email", &self.organizer.email)?;
        if self.attendees.is_empty() {
            // RFC 5546 3.2.2: a REQUEST names at least one attendee; a CANCEL tells them.
            return Err(invalid("attendees", "invite at least one person"));
        }
        let mut seen = std::collections::HashSet::new();
        for (i, a) in self.attendees.iter().enumerate() {
            check_email(&format!("attendees[{i}].email"), &a.email)?;
            if !seen.insert(a.email.to_lowercase()) {
                return Err(invalid(
                    &format!("attendees[{i}].email"),
                    format!("{} is invited twice", a.email),
                ));
            }
        }
        if let Some(url) = &self.url {
            let ok = (url.starts_with("https://") || url.starts_with("http://"))
                && !url.contains(|c: char| c.is_whitespace() || c.is_control());
            if !ok {
                return Err(invalid("url", format!("{url:?} is not an http(s) URL")));
            }
        }
        if self.recurrence_id.is_some() && self.recurrence.is_none() {
            return Err(invalid(
                "recurrence",
                "an instance (recurrence_id) needs its series' rule and zone",
            ));
        }
        match &self.recurrence {
            Some(r) => check_rrule(&r.rrule),
            None => Ok(None),
        }
    }

    /// The whole VCALENDAR as an iTIP message (for email), CRLF line ends, folded at 75 octets.
    pub fn to_ics(&self) -> Result<String, DomainError> {
        self.write(true)
    }

    /// The same event without `METHOD`, for a CalDAV PUT: a stored calendar object must not
    /// carry one (RFC 4791 4.1); the server derives the scheduling messages itself.
    pub fn to_caldav(&self) -> Result<String, DomainError> {
        self.write(false)
    }

    fn write(&self, itip: bool) -> Result<String, DomainError> {
        let until = self.check()?;
        let mut out = Lines::new();
        out.begin("VCALENDAR");
        out.line(&format!("PRODID:{PRODID}"));
        out.line("VERSION:2.0");
        out.line("CALSCALE:GREGORIAN");
        if itip {
            out.line(&format!("METHOD:{}", self.method.as_str()));
        }
        // A time written with TZID is wall-clock time in that zone; in UTC otherwise.
        let zoned = match &self.recurrence {
            Some(r) => {
                let zone = TimeZone::get(&r.zone).map_err(|_| {
                    invalid(
                        "recurrence.zone",
                        format!("unknown time zone {:?}; use an IANA name", r.zone),
                    )
                })?;
                let year = SignedDuration::from_hours(366 * 24);
                let from = match self.recurrence_id {
                    // An instance's definition also covers its series' earlier instances, for
                    // clients that keep one definition per TZID and replace it with the latest.
                    Some(id) => id.min(self.start) - year,
                    None => self.start,
                };
                // At least a year, so the VTIMEZONE has both observances of a zone with DST.
                let to = until.map_or(from + year, |u| u.max(from + year));
                vtimezone(&mut out, &r.zone, from, to)?;
                Some((r, zone))
            }
            None => None,
        };
        let time = |name: &str, t: Timestamp| match &zoned {
            Some((r, zone)) => format!(
                "{name};TZID={}:{}",
                param(&r.zone),
                local(zone.to_datetime(t))
            ),
            None => format!("{name}:{}", utc(t)),
        };
        out.begin("VEVENT");
        out.text("UID", &self.uid);
        out.line(&format!("DTSTAMP:{}", utc(self.dtstamp)));
        out.line(&format!("SEQUENCE:{}", self.sequence));
        if let Some(id) = self.recurrence_id {
            out.line(&time("RECURRENCE-ID", id));
        }
        out.line(&time("DTSTART", self.start));
        out.line(&time("DTEND", self.end));
        if let (Some((r, _)), None) = (&zoned, self.recurrence_id) {
            out.line(&format!("RRULE:{}", r.rrule));
        }
        out.text("SUMMARY", &self.summary);
        if !self.description.trim().is_empty() {
            out.text("DESCRIPTION", &self.description);
        }
        if let Some(url) = &self.url {
            // A URI value: not TEXT-escaped (its commas and semicolons are literal).
            out.line(&format!("URL:{url}"));
        }
        if let Some(location) = self.location.as_deref().filter(|l| !l.trim().is_empty()) {
            out.text("LOCATION", location);
        }
        out.line(&format!(
            "ORGANIZER{}:mailto:{}",
            cn(&self.organizer.name),
            self.organizer.email
        ));
        for a in &self.attendees {
            let role = if a.required {
                "REQ-PARTICIPANT"
            } else {
                "OPT-PARTICIPANT"
            };
            // A cancellation asks for no answer, so only a request sets RSVP.
            let rsvp = match self.method {
                Method::Request => ";RSVP=TRUE",
                Method::Cancel => "",
            };
            out.line(&format!(
                "ATTENDEE{};ROLE={role};PARTSTAT={}{rsvp}:mailto:{}",
                cn(&a.name),
                a.partstat.as_str(),
                a.email
            ));
        }
        out.line(match self.status {
            EventStatus::Confirmed => "STATUS:CONFIRMED",
            EventStatus::Cancelled => "STATUS:CANCELLED",
        });
        out.line("TRANSP:OPAQUE");
        out.end("VEVENT");
        out.end("VCALENDAR");
        Ok(out.finish())
    }

    /// The email part carrying this message: its method and text.
    pub fn calendar_part(&self) -> Result<CalendarPart, DomainError> {
        Ok(CalendarPart {
            method: self.method.as_str().to_string(),
            ics: self.to_ics()?,
        })
    }
}

#[cfg(test)]
#[path = "itip_tests.rs"]
mod tests;
