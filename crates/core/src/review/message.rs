//! What a review invitation email says: the incident, the time in the attendee's own zone, why
//! this time (or why it moved), the postmortem's link and summary, and the personal links to
//! answer. The calendar part (iTIP) carries the same meeting for calendar clients.

use crate::text::escape_html;
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// Everything one attendee's email needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationFacts {
    /// `INC-42`.
    pub reference: String,
    pub title: String,
    /// The incident's summary, if any, quoted in the description.
    pub summary: Option<String>,
    pub start: Timestamp,
    pub end: Timestamp,
    /// 0 for the first invitation; higher after each move.
    pub sequence: i64,
    /// Whether this is a cancellation.
    pub cancelled: bool,
    /// Why this time, why it moved or why it was cancelled.
    pub reason: String,
    /// Whether this attendee is required.
    pub required: bool,
    /// The attendee's zone (UTC when their profile has none).
    pub zone: TimeZone,
    /// The zone's name as shown.
    pub zone_name: String,
    /// The postmortem (or incident) page.
    pub postmortem_link: String,
    /// The attendee's personal answer page.
    pub answer_link: String,
}

/// Subject, plain text and HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationText {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// "Thursday 3 December 2026, 16:00–17:00 (Europe/Berlin)".
pub fn when(start: Timestamp, end: Timestamp, zone: &TimeZone, zone_name: &str) -> String {
    let (s, e) = (start.to_zoned(zone.clone()), end.to_zoned(zone.clone()));
    let end_fmt = if s.date() == e.date() {
        "%H:%M"
    } else {
        "%A %-d %B %H:%M"
    };
    format!(
        "{}–{} ({zone_name})",
        s.strftime("%A %-d %B %Y, %H:%M"),
        e.strftime(end_fmt)
    )
}

/// The description calendar clients show inside the event.
pub fn description(f: &InvitationFacts) -> String {
    let mut d = format!(
        "Review of {} ({}).\nPostmortem: {}\n",
        f.reference, f.title, f.postmortem_link
    );
    if let Some(s) = f
        .summary
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let short: String = s.chars().take(1000).collect();
        d.push_str(&format!("\nSummary:\n{short}\n"));
    }
    if !f.cancelled {
        d.push_str(&format!("\nAnswer: {}\n", f.answer_link));
    }
    d
}

/// Composes one attendee's email.
pub fn compose(f: &InvitationFacts) -> InvitationText {
    let when = when(f.start, f.end, &f.zone, &f.zone_name);
    let what = format!("Review of {}: {}", f.reference, f.title);
    let (subject, lead) = if f.cancelled {
        (
            format!("Cancelled: {what}"),
            format!("The review of {} is cancelled.", f.reference),
        )
    } else if f.sequence > 0 {
        (
            format!("Moved: {what} — {when}"),
            format!("The review of {} has moved.", f.reference),
        )
    } else {
        let role = if f.required { "required" } else { "optional" };
        (
            format!("Invitation: {what} — {when}"),
            format!("You are invited ({role}) to the review of {}.", f.reference),
        )
    };
    let why_label = if f.cancelled { "Why" } else { "Why this time" };
    let mut text = format!(
        "{lead}\n\n{}\nWhen: {when}\n{why_label}: {}\nPostmortem: {}\n",
        f.title, f.reason, f.postmortem_link
    );
    let mut html = format!(
        "<p>{}</p><p><strong>{}</strong><br>When: {}<br>{why_label}: {}<br><a href=\"{}\">Read the postmortem</a></p>",
        escape_html(&lead),
        escape_html(&f.title),
        escape_html(&when),
        escape_html(&f.reason),
        escape_html(&f.postmortem_link)
    );
    if !f.cancelled {
        let link = |answer: &str| format!("{}?answer={answer}", f.answer_link);
        text.push_str(&format!(
            "\nWill you come? Accept: {}\nDecline: {}\nMaybe: {}\n(Your calendar's own buttons work too.)\n",
            link("accepted"),
            link("declined"),
            link("tentative")
        ));
        html.push_str(&format!(
            "<p>Will you come? <a href=\"{}\">Accept</a> · <a href=\"{}\">Decline</a> · <a href=\"{}\">Maybe</a></p>",
            escape_html(&link("accepted")),
            escape_html(&link("declined")),
            escape_html(&link("tentative"))
        ));
    }
    InvitationText {
        subject,
        text,
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> InvitationFacts {
        InvitationFacts {
            reference: "INC-42".into(),
            title: "Checkout <down>".into(),
            summary: Some("Payments failed for 20 minutes.".into()),
            start: "2026-12-03T15:00:00Z".parse().unwrap(),
            end: "2026-12-03T16:00:00Z".parse().unwrap(),
            sequence: 0,
            cancelled: false,
            reason: "the earliest day everyone required is free".into(),
            required: true,
            zone: TimeZone::get("Europe/Berlin").unwrap(),
            zone_name: "Europe/Berlin".into(),
            postmortem_link: "https://g.test/incidents/INC-42/postmortem".into(),
            answer_link: "https://g.test/rsvp/v42.1.ab".into(),
        }
    }

    #[test]
    fn an_invitation_speaks_the_attendees_local_time_and_escapes_html() {
        let t = compose(&facts());
        assert_eq!(
            t.subject,
            "Invitation: Review of INC-42: Checkout <down> — Thursday 3 December 2026, 16:00–17:00 (Europe/Berlin)"
        );
        assert!(t.text.contains("You are invited (required)"));
        assert!(t
            .text
            .contains("Decline: https://g.test/rsvp/v42.1.ab?answer=declined"));
        assert!(t.html.contains("Checkout &lt;down&gt;"));
        assert!(description(&facts()).contains("Payments failed for 20 minutes."));
    }

    #[test]
    fn moves_and_cancellations_say_so() {
        let mut f = facts();
        f.sequence = 2;
        f.reason = "Bo declined".into();
        assert!(compose(&f).subject.starts_with("Moved: "));
        f.cancelled = true;
        let t = compose(&f);
        assert!(t.subject.starts_with("Cancelled: "));
        assert!(!t.text.contains("Accept:"));
        assert!(t.text.contains("Why: Bo declined"));
    }
}
