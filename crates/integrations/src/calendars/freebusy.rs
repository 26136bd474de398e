//! Busy times and working hours over CalDAV. Three ways, best first:
//!
//! 1. the scheduling outbox (RFC 6638 section 5), when the server advertises one and the
//!    account has an address: one POST answers for all the person's calendars;
//! 2. a free-busy REPORT on each calendar (RFC 4791 7.10);
//! 3. where a calendar refuses that REPORT or answers it with something else than iCalendar,
//!    its events in the window (calendar-query) read by Goldseam itself.

use super::caldav::Session;
use super::dav::{self, CALDAV};
use super::error::CalendarError;
use super::transport::strip;
use super::{BusyVia, CalDavAccount, FreeBusy};
use goldseam_core::ical::busy::freebusy_periods;
use goldseam_core::ical::events::events_busy;
use goldseam_core::ical::{coalesce, parse, weekly_availability};
use goldseam_core::people::profile::WorkingHours;
use goldseam_core::review::BusyPeriod;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use reqwest::{Method, Url};

/// The outbox would not answer for this account: try the REPORT instead.
struct NoOutbox(String);

impl Session {
    /// Busy periods of the whole account in `[from, until)`; `zone` is the person's, for
    /// all-day and floating events when events are read directly.
    pub async fn free_busy(
        &self,
        account: &CalDavAccount,
        from: Timestamp,
        until: Timestamp,
        zone: &TimeZone,
    ) -> Result<FreeBusy, CalendarError> {
        if let (Some(outbox), Some(address)) = (&account.outbox, account.own_address()) {
            match self.outbox(outbox, address, from, until).await? {
                Ok(periods) => {
                    return Ok(FreeBusy {
                        periods,
                        via: BusyVia::Outbox,
                        skipped: Vec::new(),
                    })
                }
                Err(NoOutbox(why)) => {
                    tracing::info!(outbox = %outbox, %why, "outbox free/busy refused; asking each calendar");
                }
            }
        }
        let mut all = Vec::new();
        let mut via = BusyVia::FreeBusyReport;
        let mut skipped = Vec::new();
        for cal in &account.calendars {
            let url = self.join(&self.url, &cal.url)?;
            match self.report(&url, from, until).await? {
                Ok(periods) => all.extend(periods),
                Err(why) => {
                    tracing::info!(calendar = %strip(&url), %why, "free-busy REPORT refused; reading events");
                    let (periods, s) = self.events(&url, from, until, zone).await?;
                    all.extend(periods);
                    skipped.extend(s);
                    via = BusyVia::Events;
                }
            }
        }
        Ok(FreeBusy {
            periods: coalesce(all),
            via,
            skipped,
        })
    }

    /// RFC 6638 5: a VFREEBUSY request with the person as organizer and attendee.
    async fn outbox(
        &self,
        outbox: &str,
        address: &str,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<Result<Vec<BusyPeriod>, NoOutbox>, CalendarError> {
        let url = self.join(&self.url, outbox)?;
        let now = Timestamp::now();
        let stamp = |t: Timestamp| t.strftime("%Y%m%dT%H%M%SZ").to_string();
        let body = [
            "BEGIN:VCALENDAR".to_string(),
            "VERSION:2.0".into(),
            "PRODID:-//Goldseam//Calendars//EN".into(),
            "METHOD:REQUEST".into(),
            "BEGIN:VFREEBUSY".into(),
            format!("UID:goldseam-freebusy-{}", now.as_nanosecond()),
            format!("DTSTAMP:{}", stamp(now)),
            format!("DTSTART:{}", stamp(from)),
            format!("DTEND:{}", stamp(until)),
            format!("ORGANIZER:{address}"),
            format!("ATTENDEE:{address}"),
            "END:VFREEBUSY".into(),
            "END:VCALENDAR".into(),
            String::new(),
        ]
        .join("\r\n");
        let answer = self
            .conn
            .send(
                Method::POST,
                &url,
                &[("content-type", "text/calendar; charset=utf-8".into())],
                Some(body.as_bytes()),
            )
            .await?;
        if answer.status.as_u16() == 401 {
            return Err(answer.error(""));
        }
        if !answer.status.is_success() {
            return Ok(Err(NoOutbox(format!("it answered {}", answer.status))));
        }
        let recipients = match dav::schedule_response(&answer.text()) {
            Ok(r) => r,
            Err(e) => return Ok(Err(NoOutbox(e))),
        };
        let bare = |s: &str| {
            let s = s.trim();
            s.strip_prefix("mailto:").unwrap_or(s).to_ascii_lowercase()
        };
        let mine = recipients
            .iter()
            .find(|r| bare(&r.recipient) == bare(address));
        let Some(mine) = mine else {
            return Ok(Err(NoOutbox(format!("no answer for {address}"))));
        };
        let data = match (&mine.calendar_data, mine.status.starts_with('2')) {
            (Some(d), true) => d,
            _ => return Ok(Err(NoOutbox(format!("it answered {:?}", mine.status)))),
        };
        let components = parse(data).map_err(CalendarError::Ics)?;
        freebusy_periods(&components, from, until)
            .map(Ok)
            .map_err(CalendarError::Ics)
    }

    /// RFC 4791 7.10 on one calendar; `Ok(Err(why))` when the server will not answer it
    /// with iCalendar (a refusal, or a multistatus as some servers send).
    async fn report(
        &self,
        calendar: &Url,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<Result<Vec<BusyPeriod>, String>, CalendarError> {
        let body = dav::free_busy_query(from, until);
        let answer = self.report_request(calendar, &body).await?;
        if answer.status.as_u16() == 401 {
            return Err(answer.error(""));
        }
        if answer.status.as_u16() != 200 {
            return Ok(Err(format!("it answered {}", answer.status)));
        }
        let text = answer.text();
        if text.trim_start().starts_with('<') {
            return Ok(Err("it answered XML, not iCalendar".into()));
        }
        // A text that is not iCalendar at all also means the REPORT is not understood.
        let components = match parse(&text) {
            Ok(c) => c,
            Err(e) => return Ok(Err(e.to_string())),
        };
        freebusy_periods(&components, from, until)
            .map(Ok)
            .map_err(CalendarError::Ics)
    }

    async fn report_request(
        &self,
        url: &Url,
        body: &str,
    ) -> Result<super::transport::Answer, CalendarError> {
        self.conn
            .send(
                Method::from_bytes(b"REPORT").expect("a valid method"),
                url,
                &[
                    ("depth", "1".into()),
                    ("content-type", "application/xml; charset=utf-8".into()),
                ],
                Some(body.as_bytes()),
            )
            .await
    }

    /// The events of one calendar overlapping the window (RFC 4791 7.8 calendar-query), read
    /// into busy periods; with the events that could not be read.
    pub async fn events(
        &self,
        calendar: &Url,
        from: Timestamp,
        until: Timestamp,
        zone: &TimeZone,
    ) -> Result<(Vec<BusyPeriod>, Vec<String>), CalendarError> {
        let doing = format!("reading the events of {}", strip(calendar));
        let answer = self
            .report_request(calendar, &dav::calendar_query(from, until))
            .await?;
        if answer.status.as_u16() != 207 {
            return Err(answer.error(doing));
        }
        let responses = dav::multistatus(&answer.text())
            .map_err(|reason| CalendarError::Xml { doing, reason })?;
        let mut periods = Vec::new();
        let mut skipped = Vec::new();
        for r in responses {
            let Some(data) = r.prop(CALDAV, "calendar-data") else {
                continue;
            };
            match parse(&data.text) {
                Ok(components) => {
                    let busy = events_busy(&components, from, until, zone);
                    periods.extend(busy.periods);
                    skipped.extend(busy.skipped.iter().map(|e| format!("{}: {e}", r.href)));
                }
                Err(e) => skipped.push(format!("{}: {e}", r.href)),
            }
        }
        Ok((coalesce(periods), skipped))
    }

    /// Weekly working hours from `calendar-availability` (RFC 7953 7.2.4): on the inbox where
    /// the RFC puts it, else on a calendar (Xandikos keeps it there, and answers 500 for the
    /// inbox's).
    pub async fn availability(
        &self,
        account: &CalDavAccount,
    ) -> Result<Option<(WorkingHours, TimeZone)>, CalendarError> {
        let places = account
            .inbox
            .iter()
            .chain(account.calendars.iter().map(|c| &c.url));
        for place in places {
            let url = self.join(&self.url, place)?;
            let asked = self
                .propfind_raw(&url, "0", &[(CALDAV, "calendar-availability")])
                .await;
            let found = match asked {
                // The credentials worked for discovery: a refusal here is about this one
                // collection, which then has no availability to give.
                Err(CalendarError::Refused { .. }) => None,
                Err(e) => return Err(e),
                Ok(Ok(responses)) => responses
                    .iter()
                    .find_map(|r| r.prop(CALDAV, "calendar-availability"))
                    .map(|p| p.text.clone())
                    .filter(|t| !t.trim().is_empty()),
                Ok(Err(_)) => None,
            };
            let Some(text) = found else { continue };
            match weekly_availability(&text) {
                Ok(hours) => return Ok(hours),
                Err(e) => {
                    tracing::warn!(at = %strip(&url), error = %e, "unreadable calendar-availability")
                }
            }
        }
        Ok(None)
    }
}
