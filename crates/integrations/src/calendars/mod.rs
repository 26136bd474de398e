//! People's calendars: a CalDAV account (server address, user name, app password) or a
//! secret ICS address, read for busy times and working hours, and, over CalDAV, written to
//! (the booked review) and read for iTIP replies (the scheduling inbox).
//!
//! Every call is bounded by the timeout [`Calendars`] is made with, end to end (discovery
//! included): a calendar that does not answer in time is an error the caller reports as
//! "unknown" for that person, never a stalled booking.
//!
//! | server | free/busy | availability | replies |
//! | --- | --- | --- | --- |
//! | RFC 6638 scheduling (Xandikos, sabre/dav...) | POST to the outbox | `calendar-availability` | inbox |
//! | plain CalDAV (Radicale) | free-busy REPORT per calendar | none | none |
//! | CalDAV refusing that REPORT | calendar-query, events read here | none | none |
//! | secret ICS address | events read here | VAVAILABILITY in the feed | none |

mod caldav;
mod dav;
mod error;
mod feed;
mod freebusy;
mod many;
mod scheduling;
mod transport;

pub use error::CalendarError;

use crate::Secret;
use caldav::{parse_address, Session};
use goldseam_core::ical::availability::availability_of;
use goldseam_core::ical::events::events_busy;
use goldseam_core::people::profile::WorkingHours;
use goldseam_core::review::BusyPeriod;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use std::future::Future;
use std::time::Duration;
use transport::Conn;

/// Where a person's calendar is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarSource {
    /// A CalDAV account.
    CalDav {
        /// The server's address (the principal, the calendar home, or just the server:
        /// `/.well-known/caldav` is tried).
        url: String,
        /// The user name.
        username: String,
        /// An app password.
        password: Secret,
    },
    /// A read-only secret ICS address, for busy times only.
    IcsFeed {
        /// The address, which is itself the secret.
        url: Secret,
    },
}

/// A calendar in a CalDAV account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarInfo {
    /// Its URL.
    pub url: String,
    /// Its display name, if it has one.
    pub name: Option<String>,
}

/// What CalDAV discovery found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalDavAccount {
    /// The principal's URL.
    pub principal: String,
    /// The calendars that hold events, in the server's order (the first is booked in).
    pub calendars: Vec<CalendarInfo>,
    /// The scheduling inbox (RFC 6638), where replies arrive.
    pub inbox: Option<String>,
    /// The scheduling outbox (RFC 6638), which answers free/busy requests.
    pub outbox: Option<String>,
    /// The person's calendar user addresses (`mailto:...`, or whatever the server uses).
    pub addresses: Vec<String>,
}

impl CalDavAccount {
    /// The address to ask free/busy for: the first `mailto:` one.
    pub fn own_address(&self) -> Option<&str> {
        self.addresses.iter().map(String::as_str).find(|a| {
            a.get(..7)
                .is_some_and(|p| p.eq_ignore_ascii_case("mailto:"))
        })
    }
}

/// What checking a calendar found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Discovery {
    /// A CalDAV account.
    CalDav(CalDavAccount),
    /// A feed that parsed.
    Feed {
        /// How many events it holds.
        events: usize,
        /// Events that will be left out, and why (each names its line).
        skipped: Vec<String>,
    },
}

/// How busy times were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BusyVia {
    /// A free/busy request to the scheduling outbox.
    Outbox,
    /// A free-busy REPORT on each calendar.
    FreeBusyReport,
    /// Events read here (a feed, or a server refusing the REPORT).
    Events,
}

/// Busy times, how they were read, and what was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreeBusy {
    /// Inside the window, merged, by start.
    pub periods: Vec<BusyPeriod>,
    /// How.
    pub via: BusyVia,
    /// Events that could not be read (when events were read here).
    pub skipped: Vec<String>,
}

/// How a PUT treats what the calendar already holds under the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutMode<'a> {
    /// Create it; refused (412) if it exists (If-None-Match: *).
    Create,
    /// Replace it only if it still has this ETag (If-Match).
    IfMatch(&'a str),
    /// Write it whatever is there: for an event whose only author is Goldseam, which the
    /// server itself changes (attendees' answers land in the organizer's copy and change its
    /// ETag), so a condition would refuse every update.
    Overwrite,
}

/// An event written to a calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// Its URL.
    pub href: String,
    /// Its ETag, if the server gave one (for the next If-Match).
    pub etag: Option<String>,
}

/// An item of the scheduling inbox (usually an iTIP REPLY).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxItem {
    /// Its URL, to delete it once processed.
    pub href: String,
    /// Its ETag, if any.
    pub etag: Option<String>,
    /// The iCalendar text.
    pub ics: String,
}

/// Reads and writes calendars, each call bounded by one timeout.
#[derive(Debug, Clone)]
pub struct Calendars {
    http: reqwest::Client,
    timeout: Duration,
}

impl Calendars {
    /// A reader whose every call gives up after `timeout`.
    pub fn new(timeout: Duration) -> Calendars {
        Calendars {
            http: transport::client(timeout),
            timeout,
        }
    }

    fn conn(&self, auth: Option<(String, String)>) -> Conn {
        Conn {
            http: self.http.clone(),
            auth,
            timeout: self.timeout,
        }
    }

    fn session(&self, source: &CalendarSource) -> Result<Session, CalendarError> {
        match source {
            CalendarSource::CalDav {
                url,
                username,
                password,
            } => Ok(Session {
                conn: self.conn(Some((username.clone(), password.expose().to_string()))),
                url: parse_address(url)?,
            }),
            CalendarSource::IcsFeed { .. } => Err(CalendarError::ReadOnly),
        }
    }

    async fn bounded<T>(
        &self,
        work: impl Future<Output = Result<T, CalendarError>>,
    ) -> Result<T, CalendarError> {
        match tokio::time::timeout(self.timeout, work).await {
            Ok(result) => result,
            Err(_) => Err(CalendarError::Timeout {
                after: self.timeout,
            }),
        }
    }

    /// Checks a source at once, as when it is connected: discovery for CalDAV (with a
    /// specific error for refused credentials, a server that is not CalDAV, no calendar,
    /// no connection, TLS, timeout), fetching and parsing for a feed (naming the line of a
    /// parse error).
    pub async fn check(&self, source: &CalendarSource) -> Result<Discovery, CalendarError> {
        self.bounded(async {
            match source {
                CalendarSource::CalDav { .. } => {
                    Ok(Discovery::CalDav(self.session(source)?.discover().await?))
                }
                CalendarSource::IcsFeed { url } => {
                    let components = feed::fetch(&self.conn(None), url).await?;
                    let events = components
                        .iter()
                        .map(|c| c.descendants_named("VEVENT").len())
                        .sum();
                    // Reading the events of the coming year reports the unreadable ones.
                    let from = Timestamp::now();
                    let until = from
                        .checked_add(jiff::SignedDuration::from_hours(24 * 366))
                        .unwrap_or(Timestamp::MAX);
                    let read = events_busy(&components, from, until, &TimeZone::UTC);
                    let skipped = read.skipped.iter().map(ToString::to_string).collect();
                    Ok(Discovery::Feed { events, skipped })
                }
            }
        })
        .await
    }

    /// Busy periods in `[from, until)`; `zone` is the person's (all-day and floating events).
    pub async fn busy(
        &self,
        source: &CalendarSource,
        from: Timestamp,
        until: Timestamp,
        zone: &TimeZone,
    ) -> Result<Vec<BusyPeriod>, CalendarError> {
        Ok(self.free_busy(source, from, until, zone).await?.periods)
    }

    /// Like [`Calendars::busy`], saying how they were read and what was left out.
    pub async fn free_busy(
        &self,
        source: &CalendarSource,
        from: Timestamp,
        until: Timestamp,
        zone: &TimeZone,
    ) -> Result<FreeBusy, CalendarError> {
        self.bounded(async {
            match source {
                CalendarSource::CalDav { .. } => {
                    let session = self.session(source)?;
                    let account = session.discover().await?;
                    session.free_busy(&account, from, until, zone).await
                }
                CalendarSource::IcsFeed { url } => {
                    let components = feed::fetch(&self.conn(None), url).await?;
                    let read = events_busy(&components, from, until, zone);
                    for e in &read.skipped {
                        tracing::info!(error = %e, "calendar feed: event left out");
                    }
                    Ok(FreeBusy {
                        periods: read.periods,
                        via: BusyVia::Events,
                        skipped: read.skipped.iter().map(ToString::to_string).collect(),
                    })
                }
            }
        })
        .await
    }

    /// Busy periods read from a CalDAV account's events themselves (calendar-query on each
    /// calendar), whatever free/busy the server offers.
    pub async fn busy_from_events(
        &self,
        source: &CalendarSource,
        from: Timestamp,
        until: Timestamp,
        zone: &TimeZone,
    ) -> Result<FreeBusy, CalendarError> {
        self.bounded(async {
            let session = self.session(source)?;
            let account = session.discover().await?;
            let mut periods = Vec::new();
            let mut skipped = Vec::new();
            for cal in &account.calendars {
                let url = session.join(&session.url, &cal.url)?;
                let (p, s) = session.events(&url, from, until, zone).await?;
                periods.extend(p);
                skipped.extend(s);
            }
            Ok(FreeBusy {
                periods: goldseam_core::ical::coalesce(periods),
                via: BusyVia::Events,
                skipped,
            })
        })
        .await
    }

    /// Weekly working hours and their zone, where the calendar publishes them as weekly
    /// availability (RFC 7953); `None` otherwise.
    pub async fn availability(
        &self,
        source: &CalendarSource,
    ) -> Result<Option<(WorkingHours, TimeZone)>, CalendarError> {
        self.bounded(async {
            match source {
                CalendarSource::CalDav { .. } => {
                    let session = self.session(source)?;
                    let account = session.discover().await?;
                    session.availability(&account).await
                }
                CalendarSource::IcsFeed { url } => {
                    Ok(availability_of(&feed::fetch(&self.conn(None), url).await?))
                }
            }
        })
        .await
    }

    /// Writes `ics` (an event with UID `uid`) into the account's first calendar, as `mode`
    /// says.
    pub async fn put_event(
        &self,
        source: &CalendarSource,
        uid: &str,
        ics: &str,
        mode: PutMode<'_>,
    ) -> Result<Stored, CalendarError> {
        self.bounded(async {
            let session = self.session(source)?;
            let account = session.discover().await?;
            session.put_event(&account, uid, ics, mode).await
        })
        .await
    }

    /// The items in the account's scheduling inbox (iTIP replies among them).
    pub async fn inbox_items(
        &self,
        source: &CalendarSource,
    ) -> Result<Vec<InboxItem>, CalendarError> {
        self.bounded(async {
            let session = self.session(source)?;
            let account = session.discover().await?;
            session.inbox_items(&account).await
        })
        .await
    }

    /// Deletes `href` (an inbox item once processed; an event), if it still has `etag`.
    pub async fn delete(
        &self,
        source: &CalendarSource,
        href: &str,
        etag: Option<&str>,
    ) -> Result<(), CalendarError> {
        self.bounded(async { self.session(source)?.delete(href, etag).await })
            .await
    }
}
