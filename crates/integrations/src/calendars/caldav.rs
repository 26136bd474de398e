//! CalDAV discovery (RFC 4791 section 6, RFC 6764 section 5, RFC 6638 section 2): from the
//! address a person gives to their principal, calendar home, calendars, and scheduling inbox
//! and outbox.

use super::dav::{self, Response, CALDAV, DAV};
use super::error::CalendarError;
use super::transport::{strip, Answer, Conn};
use super::{CalDavAccount, CalendarInfo};
use reqwest::{Method, Url};

/// A CalDAV account being talked to.
pub(crate) struct Session {
    pub conn: Conn,
    /// The address the person gave.
    pub url: Url,
}

/// `http(s)://...`, or a bare host (`cal.example.com`), which is taken as https.
pub(crate) fn parse_address(raw: &str) -> Result<Url, CalendarError> {
    let raw = raw.trim();
    let with_scheme = if raw.contains("://") {
        raw.to_string()
    } else {
        format!("https://{raw}")
    };
    match Url::parse(&with_scheme) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => Ok(u),
        _ => Err(CalendarError::InvalidAddress(format!(
            "{:?} is not an http(s) address of a CalDAV server",
            raw.chars().take(100).collect::<String>()
        ))),
    }
}

impl Session {
    /// Joins an href from an answer onto `base`.
    pub fn join(&self, base: &Url, href: &str) -> Result<Url, CalendarError> {
        base.join(href).map_err(|_| CalendarError::Xml {
            doing: format!("reading {}", strip(base)),
            reason: format!("{href:?} is not a usable href"),
        })
    }

    /// A PROPFIND; `Ok(Err(answer))` when it was not a multistatus (the caller decides what
    /// that means), an error for refused credentials and broken connections.
    pub async fn propfind_raw(
        &self,
        url: &Url,
        depth: &str,
        props: &[(&str, &str)],
    ) -> Result<Result<Vec<Response>, Answer>, CalendarError> {
        let body = dav::propfind(props);
        let answer = self
            .conn
            .send(
                Method::from_bytes(b"PROPFIND").expect("a valid method"),
                url,
                &[
                    ("depth", depth.to_string()),
                    ("content-type", "application/xml; charset=utf-8".into()),
                ],
                Some(body.as_bytes()),
            )
            .await?;
        if matches!(answer.status.as_u16(), 401 | 403) {
            return Err(answer.error(""));
        }
        if answer.status.as_u16() != 207 {
            return Ok(Err(answer));
        }
        match dav::multistatus(&answer.text()) {
            Ok(r) => Ok(Ok(r)),
            Err(_) => Ok(Err(answer)),
        }
    }

    /// A PROPFIND that must succeed.
    pub async fn propfind(
        &self,
        url: &Url,
        depth: &str,
        props: &[(&str, &str)],
    ) -> Result<Vec<Response>, CalendarError> {
        let doing = format!("reading properties of {}", strip(url));
        match self.propfind_raw(url, depth, props).await? {
            Ok(r) => Ok(r),
            Err(answer) if answer.status.as_u16() == 207 => Err(CalendarError::Xml {
                doing,
                reason: dav::multistatus(&answer.text()).err().unwrap_or_default(),
            }),
            Err(answer) => Err(answer.error(doing)),
        }
    }

    /// The principal `url` names, if it answers as a WebDAV server that knows one; else what
    /// it answered instead.
    async fn principal_at(&self, url: &Url) -> Result<Result<Url, String>, CalendarError> {
        let props = [(DAV, "current-user-principal"), (DAV, "resourcetype")];
        match self.propfind_raw(url, "0", &props).await? {
            Ok(responses) => {
                let href = responses.iter().find_map(|r| {
                    r.prop(DAV, "current-user-principal")
                        .and_then(|p| p.hrefs.first().cloned())
                });
                match href {
                    Some(h) => Ok(Ok(self.join(url, &h)?)),
                    None => Ok(Err("it names no current-user-principal".into())),
                }
            }
            Err(answer) => {
                let kind = answer.header("content-type").unwrap_or("no content type");
                Ok(Err(format!(
                    "it answered a PROPFIND with {} ({kind})",
                    answer.status
                )))
            }
        }
    }

    /// Finds the account: the principal from the address given or from
    /// `/.well-known/caldav`, then its calendar home, calendars and scheduling collections.
    pub async fn discover(&self) -> Result<CalDavAccount, CalendarError> {
        let principal = match self.principal_at(&self.url).await? {
            Ok(p) => p,
            Err(first) => {
                let well_known = self.join(&self.url, "/.well-known/caldav")?;
                match self.principal_at(&well_known).await? {
                    Ok(p) => p,
                    Err(second) => {
                        return Err(CalendarError::NotCalDav {
                            url: strip(&self.url),
                            detail: format!("{first}; at /.well-known/caldav {second}"),
                        })
                    }
                }
            }
        };
        let responses = self
            .propfind(
                &principal,
                "0",
                &[
                    (CALDAV, "calendar-home-set"),
                    (CALDAV, "schedule-inbox-URL"),
                    (CALDAV, "schedule-outbox-URL"),
                    (CALDAV, "calendar-user-address-set"),
                ],
            )
            .await?;
        let first_href = |name: &str| {
            responses
                .iter()
                .find_map(|r| r.prop(CALDAV, name).and_then(|p| p.hrefs.first().cloned()))
        };
        let Some(home) = first_href("calendar-home-set") else {
            return Err(CalendarError::NotCalDav {
                url: strip(&self.url),
                detail: format!(
                    "the principal {} has no calendar-home-set",
                    principal.path()
                ),
            });
        };
        let home = self.join(&principal, &home)?;
        let inbox = match first_href("schedule-inbox-URL") {
            Some(h) => Some(self.join(&principal, &h)?.to_string()),
            None => None,
        };
        let outbox = match first_href("schedule-outbox-URL") {
            Some(h) => Some(self.join(&principal, &h)?.to_string()),
            None => None,
        };
        let addresses = responses
            .iter()
            .filter_map(|r| r.prop(CALDAV, "calendar-user-address-set"))
            .flat_map(|p| p.hrefs.clone())
            .collect();
        let calendars = self.calendars(&home).await?;
        if calendars.is_empty() {
            return Err(CalendarError::NoCalendar { url: strip(&home) });
        }
        Ok(CalDavAccount {
            principal: principal.to_string(),
            calendars,
            inbox,
            outbox,
            addresses,
        })
    }

    /// The calendars in `home` that can hold events.
    async fn calendars(&self, home: &Url) -> Result<Vec<CalendarInfo>, CalendarError> {
        let props = [
            (DAV, "resourcetype"),
            (DAV, "displayname"),
            (CALDAV, "supported-calendar-component-set"),
        ];
        let mut out = Vec::new();
        for r in self.propfind(home, "1", &props).await? {
            let url = self.join(home, &r.href)?;
            if url == *home || !r.is(CALDAV, "calendar") {
                continue;
            }
            // Without the property a calendar takes every component (RFC 4791 5.2.3).
            let events = r
                .prop(CALDAV, "supported-calendar-component-set")
                .is_none_or(|p| {
                    p.children
                        .iter()
                        .any(|(_, _, name)| name.as_deref() == Some("VEVENT"))
                });
            if events {
                out.push(CalendarInfo {
                    url: url.to_string(),
                    name: r
                        .prop(DAV, "displayname")
                        .map(|p| p.text.trim().to_string())
                        .filter(|s| !s.is_empty()),
                });
            }
        }
        Ok(out)
    }
}
