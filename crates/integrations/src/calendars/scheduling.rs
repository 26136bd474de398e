//! Writing the booked review into the organizer's calendar (where a server with implicit
//! scheduling, RFC 6638 section 3, delivers it to the attendees itself) and reading the iTIP
//! replies that arrive in the scheduling inbox.

use super::caldav::Session;
use super::dav::DAV;
use super::error::CalendarError;
use super::transport::strip;
use super::PutMode;
use super::{CalDavAccount, InboxItem, Stored};
use reqwest::{Method, Url};

/// A UID made safe as the last segment of a path.
fn resource_name(uid: &str) -> String {
    let mut out = String::with_capacity(uid.len() + 4);
    for b in uid.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'@') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.push_str(".ics");
    out
}

impl Session {
    /// The account's own URL for `href`, refusing one on another server (the password is
    /// only ever sent to the account's own origin).
    fn own(&self, href: &str) -> Result<Url, CalendarError> {
        let url = self.join(&self.url, href)?;
        if url.origin() != self.url.origin() {
            return Err(CalendarError::InvalidAddress(format!(
                "{} is not on the account's server",
                strip(&url)
            )));
        }
        Ok(url)
    }

    /// PUTs `ics` as `uid` into the first calendar, as `mode` says.
    pub async fn put_event(
        &self,
        account: &CalDavAccount,
        uid: &str,
        ics: &str,
        mode: PutMode<'_>,
    ) -> Result<Stored, CalendarError> {
        let calendar = account
            .calendars
            .first()
            .ok_or_else(|| CalendarError::NoCalendar {
                url: account.principal.clone(),
            })?;
        let base = self.own(&calendar.url)?;
        let url = self.join(&base, &resource_name(uid))?;
        let mut headers = vec![("content-type", "text/calendar; charset=utf-8".to_string())];
        match mode {
            PutMode::Create => headers.push(("if-none-match", "*".to_string())),
            PutMode::IfMatch(e) => headers.push(("if-match", e.to_string())),
            PutMode::Overwrite => {}
        }
        let answer = self
            .conn
            .send(Method::PUT, &url, &headers, Some(ics.as_bytes()))
            .await?;
        if !answer.status.is_success() {
            return Err(answer.error(format!("writing the event {}", strip(&url))));
        }
        Ok(Stored {
            href: url.to_string(),
            etag: answer.header("etag").map(str::to_string),
        })
    }

    /// Every item in the scheduling inbox, in href order.
    pub async fn inbox_items(
        &self,
        account: &CalDavAccount,
    ) -> Result<Vec<InboxItem>, CalendarError> {
        let inbox = self.own(account.inbox.as_deref().ok_or(CalendarError::NoInbox)?)?;
        let listing = self
            .propfind(&inbox, "1", &[(DAV, "resourcetype"), (DAV, "getetag")])
            .await?;
        let mut items = Vec::new();
        for r in listing {
            let url = self.join(&inbox, &r.href)?;
            if url == inbox || r.is(DAV, "collection") {
                continue;
            }
            let answer = self.conn.send(Method::GET, &url, &[], None).await?;
            if answer.status.as_u16() == 404 {
                // Taken by another reader between the listing and now.
                continue;
            }
            if !answer.status.is_success() {
                return Err(answer.error(format!("reading {}", strip(&url))));
            }
            items.push(InboxItem {
                href: url.to_string(),
                etag: answer.header("etag").map(str::to_string),
                ics: answer.text(),
            });
        }
        items.sort_by(|a, b| a.href.cmp(&b.href));
        Ok(items)
    }

    /// Deletes `href` (an inbox item once processed); already gone is fine.
    pub async fn delete(&self, href: &str, etag: Option<&str>) -> Result<(), CalendarError> {
        let url = self.own(href)?;
        let headers: Vec<(&'static str, String)> = etag
            .map(|e| vec![("if-match", e.to_string())])
            .unwrap_or_default();
        let answer = self.conn.send(Method::DELETE, &url, &headers, None).await?;
        if answer.status.is_success() || answer.status.as_u16() == 404 {
            Ok(())
        } else {
            Err(answer.error(format!("deleting {}", strip(&url))))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_become_safe_names() {
        assert_eq!(
            resource_name("review-42@goldseam"),
            "review-42@goldseam.ics"
        );
        assert_eq!(resource_name("a/b c"), "a%2Fb%20c.ics");
    }
}
