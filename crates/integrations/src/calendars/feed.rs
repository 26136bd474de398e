//! Secret ICS addresses (Google's "secret address in iCal format", Outlook's published
//! calendar): fetched whole and read by Goldseam. The address is the credential, so it is
//! never logged nor put in an error; errors name only the host.

use super::error::CalendarError;
use super::transport::{target, Conn};
use crate::Secret;
use goldseam_core::ical::parse::{parse_bytes, Component};
use reqwest::{Method, Url};

/// `https://...`, `http://...`, or `webcal://...` (read as https, which is what it means).
fn address(secret: &Secret) -> Result<Url, CalendarError> {
    let raw = secret.expose().trim();
    let raw = match raw.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("webcal") => format!("https://{rest}"),
        _ => raw.to_string(),
    };
    match Url::parse(&raw) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => Ok(u),
        _ => Err(CalendarError::InvalidAddress(
            "the calendar address is not an https, http or webcal address".into(),
        )),
    }
}

/// Fetches and parses the feed.
pub(crate) async fn fetch(conn: &Conn, secret: &Secret) -> Result<Vec<Component>, CalendarError> {
    let url = address(secret)?;
    let answer = conn
        .send(
            Method::GET,
            &url,
            &[("accept", "text/calendar, */*;q=0.5".into())],
            None,
        )
        .await?;
    match answer.status.as_u16() {
        200..=299 => {}
        s @ (401 | 403 | 404 | 410) => return Err(CalendarError::FeedGone { status: s }),
        _ => {
            return Err(answer.error(format!(
                "reading the calendar address at {}",
                target(&answer.url)
            )))
        }
    }
    parse_bytes(&answer.body).map_err(CalendarError::Ics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webcal_is_https_and_other_schemes_are_refused() {
        let u = address(&Secret::new(
            "webcal://calendar.example.com/private-abc/basic.ics",
        ))
        .unwrap();
        assert_eq!(u.scheme(), "https");
        let err = address(&Secret::new("ftp://x/private-abc")).unwrap_err();
        assert!(!err.to_string().contains("private-abc"), "{err}");
    }
}
