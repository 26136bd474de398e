//! iTIP REPLY messages (RFC 5546 3.2.3): an attendee's answer, as their calendar sends it to the
//! organizer (into a CalDAV scheduling inbox, or by email). Only what Goldseam acts on is read:
//! which meeting (UID), which version of it (SEQUENCE), who (ATTENDEE), and their PARTSTAT.

use super::parse::{parse, IcalError};
use crate::review::Answer;

/// One attendee's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The meeting's UID.
    pub uid: String,
    /// The SEQUENCE answered (0 when absent, as RFC 5545 says).
    pub sequence: i64,
    /// The attendee's address, lowercased, without `mailto:`.
    pub email: String,
    /// What they said; `None` for a PARTSTAT that is no answer (NEEDS-ACTION, DELEGATED).
    pub answer: Option<Answer>,
}

/// The replies in `text`: one per attendee line of each VEVENT. A calendar whose METHOD is not
/// REPLY holds none; a malformed one is an error naming its line.
pub fn parse_replies(text: &str) -> Result<Vec<Reply>, IcalError> {
    let mut out = Vec::new();
    for cal in parse(text)? {
        let method = cal
            .property("METHOD")
            .map(|p| p.value.trim().to_ascii_uppercase());
        if method.as_deref() != Some("REPLY") {
            continue;
        }
        for event in cal.children_named("VEVENT") {
            let Some(uid) = event.property("UID").map(|p| p.value.trim().to_string()) else {
                return Err(IcalError::new(event.line, "a REPLY without a UID"));
            };
            let sequence = match event.property("SEQUENCE") {
                Some(p) => p
                    .value
                    .trim()
                    .parse::<i64>()
                    .map_err(|_| p.error("is not a whole number"))?,
                None => 0,
            };
            for attendee in event.properties_named("ATTENDEE") {
                let value = attendee.value.trim();
                let email = value
                    .get(..7)
                    .filter(|p| p.eq_ignore_ascii_case("mailto:"))
                    .map_or(value, |_| &value[7..])
                    .to_ascii_lowercase();
                let answer = attendee.param("PARTSTAT").and_then(Answer::parse);
                out.push(Reply {
                    uid: uid.clone(),
                    sequence,
                    email,
                    answer,
                });
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_names_the_meeting_the_sequence_and_the_answer() {
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:review-7-1@goldseam\r\nSEQUENCE:2\r\nDTSTAMP:20261201T000000Z\r\nATTENDEE;CN=Bo;PARTSTAT=DECLINED:MAILTO:Bo@Example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        assert_eq!(
            parse_replies(text).unwrap(),
            vec![Reply {
                uid: "review-7-1@goldseam".into(),
                sequence: 2,
                email: "bo@example.com".into(),
                answer: Some(Answer::Declined),
            }]
        );
    }

    #[test]
    fn other_methods_hold_no_replies_and_bad_sequences_name_their_line() {
        let request = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        assert!(parse_replies(request).unwrap().is_empty());
        let bad = "BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:x\r\nSEQUENCE:two\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let e = parse_replies(bad).unwrap_err();
        assert_eq!(e.line, 5, "{e}");
    }
}
