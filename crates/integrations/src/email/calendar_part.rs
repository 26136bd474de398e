//! The body of an email: text and HTML as alternatives, and for an invitation the iCalendar
//! part (iMIP, RFC 6047) as the last alternative, which is where calendar clients look for it.
//!
//! The part is `text/calendar; method=REQUEST; charset=UTF-8`: the `method` parameter must
//! equal the calendar's own `METHOD` (RFC 6047 2.4; Gmail and Outlook show a plain attachment
//! otherwise), and it is sent as 7bit when ASCII and quoted-printable otherwise, never base64,
//! the encoding RFC 6047 advises for the widest client support.

use crate::SendError;
use goldseam_core::delivery::CalendarPart;
use goldseam_core::ical::write::unfold;
use lettre::message::header::{ContentTransferEncoding, Header, HeaderName, HeaderValue};
use lettre::message::{Body, MultiPart, SinglePart};

/// The part's `Content-Type`, written as given: lettre's own type would lowercase the
/// charset to `utf-8`, and this header is spelled exactly as RFC 6047's examples have it.
#[derive(Debug, Clone)]
struct CalendarContentType(String);

impl Header for CalendarContentType {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Type")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(CalendarContentType(s.to_string()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// The `multipart/alternative` of an email: text, HTML, then the calendar if there is one.
pub(super) fn alternative(
    text: String,
    html: String,
    calendar: Option<&CalendarPart>,
) -> Result<MultiPart, SendError> {
    let Some(calendar) = calendar else {
        return Ok(MultiPart::alternative_plain_html(text, html));
    };
    Ok(MultiPart::alternative()
        .singlepart(SinglePart::plain(text))
        .singlepart(SinglePart::html(html))
        .singlepart(calendar_part(calendar)?))
}

/// The `text/calendar` part, refused when its method and the calendar's disagree.
fn calendar_part(c: &CalendarPart) -> Result<SinglePart, SendError> {
    let inner = unfold(&c.ics)
        .into_iter()
        .find_map(|l| l.strip_prefix("METHOD:").map(str::to_string));
    let token = !c.method.is_empty() && c.method.bytes().all(|b| b.is_ascii_uppercase());
    if !token || inner.as_deref() != Some(c.method.as_str()) {
        return Err(SendError::Permanent(format!(
            "the calendar part says method {:?} but its METHOD is {inner:?}",
            c.method
        )));
    }
    let content_type =
        CalendarContentType(format!("text/calendar; method={}; charset=UTF-8", c.method));
    // 7bit when lettre accepts it as such: ASCII and every line under 76 octets counting its
    // CRLF, which a full 75-octet folded line is not. Otherwise quoted-printable, never base64
    // (some clients ignore a base64 calendar part).
    let body = Body::new_with_encoding(c.ics.clone(), ContentTransferEncoding::SevenBit)
        .or_else(|_| {
            Body::new_with_encoding(c.ics.clone(), ContentTransferEncoding::QuotedPrintable)
        })
        .map_err(|_| {
            SendError::Permanent("the calendar part cannot be encoded for email".into())
        })?;
    Ok(SinglePart::builder().header(content_type).body(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(method: &str, ics_method: &str, summary: &str) -> CalendarPart {
        CalendarPart {
            method: method.into(),
            ics: format!(
                "BEGIN:VCALENDAR\r\nMETHOD:{ics_method}\r\nBEGIN:VEVENT\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            ),
        }
    }

    fn formatted(c: &CalendarPart) -> String {
        let m = alternative("t".into(), "<p>h</p>".into(), Some(c)).unwrap();
        String::from_utf8(m.formatted()).unwrap()
    }

    #[test]
    fn the_calendar_is_the_last_alternative_with_its_method() {
        let out = formatted(&part("REQUEST", "REQUEST", "Review"));
        let plain = out.find("Content-Type: text/plain").unwrap();
        let html = out.find("Content-Type: text/html").unwrap();
        let cal = out.find("Content-Type: text/calendar").unwrap();
        assert!(plain < html && html < cal, "{out}");
        assert!(
            out.contains("Content-Type: text/calendar; method=REQUEST; charset=UTF-8\r\n"),
            "{out}"
        );
        assert!(
            out[cal..].contains("Content-Transfer-Encoding: 7bit"),
            "{out}"
        );
        assert!(out.contains("SUMMARY:Review\r\n"), "{out}");
    }

    #[test]
    fn non_ascii_calendars_are_quoted_printable_not_base64() {
        let out = formatted(&part("CANCEL", "CANCEL", "Überprüfung"));
        let cal = out.find("Content-Type: text/calendar").unwrap();
        assert!(
            out[cal..].contains("Content-Transfer-Encoding: quoted-printable"),
            "{out}"
        );
    }

    #[test]
    fn full_folded_lines_are_quoted_printable_and_survive_intact() {
        // A 75-octet folded line plus CRLF is past what lettre sends as 7bit.
        let long = "x".repeat(200);
        let out = formatted(&part("REQUEST", "REQUEST", &long));
        let cal = out.find("Content-Type: text/calendar").unwrap();
        assert!(
            out[cal..].contains("Content-Transfer-Encoding: quoted-printable"),
            "{out}"
        );
        assert!(!out[cal..].contains("base64"), "{out}");
    }

    #[test]
    fn a_method_that_disagrees_with_the_calendar_is_refused() {
        for c in [
            part("REQUEST", "CANCEL", "x"),
            part("request", "request", "x"),
        ] {
            let e = alternative("t".into(), "h".into(), Some(&c)).unwrap_err();
            assert!(matches!(e, SendError::Permanent(m) if m.contains("METHOD")));
        }
    }
}
