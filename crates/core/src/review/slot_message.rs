//! What a team review slot's emails say: the series invitation (and its updates and
//! cancellation), each instance's agenda a day ahead, and the cancellation of an instance with
//! nothing to review. Times are in the reader's own zone; the calendar part (iTIP) carries the
//! same meeting in the slot's zone.

use super::message::{when, InvitationText};
use crate::text::escape_html;
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// One postmortem on an agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaItem {
    /// `INC-42`.
    pub reference: String,
    /// The incident's title.
    pub title: String,
    /// The postmortem's page.
    pub link: String,
}

/// What every slot email names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotFacts {
    /// The slot's name, like "Payments review".
    pub name: String,
    /// The team's name.
    pub team: String,
    /// The rule in words, like "every 2 weeks on Monday, 10:00–11:00 (Europe/Berlin)".
    pub schedule: String,
    /// The instance's start (for the series: its first instance).
    pub start: Timestamp,
    /// Its end.
    pub end: Timestamp,
    /// The reader's zone (UTC when their profile has none).
    pub zone: TimeZone,
    /// The zone's name as shown.
    pub zone_name: String,
}

/// Which message about the whole series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesNotice {
    /// The slot was made: the first invitation.
    Invited,
    /// Its name, time, length or rule changed.
    Updated,
    /// It was deleted: every future instance is off.
    Deleted,
}

/// What the series' calendar event says inside: how the slot works.
pub fn series_description(f: &SlotFacts) -> String {
    format!(
        "{}: the standing review of team {}, {}.\nPostmortems the team publishes are queued into the next meeting's agenda, sent 24 hours before; a meeting with nothing to review is cancelled for that date.\n",
        f.name, f.team, f.schedule
    )
}

fn html_lines(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| escape_html(l))
        .collect::<Vec<_>>()
        .join("<br>")
}

/// The email about the series: invited, updated or deleted.
pub fn series_text(f: &SlotFacts, notice: SeriesNotice) -> InvitationText {
    let first = when(f.start, f.end, &f.zone, &f.zone_name);
    let (subject, lead) = match notice {
        SeriesNotice::Invited => (
            format!("Invitation: {} ({})", f.name, f.schedule),
            format!(
                "Team {} has a standing review meeting, {}.",
                f.team, f.schedule
            ),
        ),
        SeriesNotice::Updated => (
            format!("Updated: {} ({})", f.name, f.schedule),
            format!("The team's review meeting changed: now {}.", f.schedule),
        ),
        SeriesNotice::Deleted => (
            format!("Cancelled: {} ({})", f.name, f.schedule),
            format!(
                "Team {}'s standing review meeting is cancelled: no further meetings.",
                f.team
            ),
        ),
    };
    let mut lines = vec![lead];
    if notice != SeriesNotice::Deleted {
        lines.push(format!("First meeting: {first}"));
        lines.push(
            "Postmortems the team publishes are queued into the next meeting; its agenda comes 24 hours before, and a meeting with nothing to review is cancelled for that date."
                .into(),
        );
    }
    InvitationText {
        subject,
        text: format!("{}\n", lines.join("\n")),
        html: format!("<p>{}</p>", html_lines(&lines)),
    }
}

/// The agenda of one instance, a day ahead: the postmortems the reader may open, with links.
/// `hidden` counts those of private incidents they cannot see (named by number only).
pub fn agenda_text(f: &SlotFacts, items: &[AgendaItem], hidden: usize) -> InvitationText {
    let when = when(f.start, f.end, &f.zone, &f.zone_name);
    let count = items.len() + hidden;
    let noun = if count == 1 {
        "postmortem"
    } else {
        "postmortems"
    };
    let subject = format!("Agenda: {} — {when}", f.name);
    let lead = format!("{} meets {when} to review {count} {noun}:", f.name);
    let mut text = format!("{lead}\n\n");
    let mut html = format!("<p>{}</p><ul>", escape_html(&lead));
    for i in items {
        text.push_str(&format!("- {}: {}\n  {}\n", i.reference, i.title, i.link));
        html.push_str(&format!(
            "<li><a href=\"{}\">{}</a>: {}</li>",
            escape_html(&i.link),
            escape_html(&i.reference),
            escape_html(&i.title)
        ));
    }
    html.push_str("</ul>");
    if hidden > 0 {
        let more = if hidden == 1 {
            "and 1 postmortem of a private incident you cannot open".to_string()
        } else {
            format!("and {hidden} postmortems of private incidents you cannot open")
        };
        text.push_str(&format!("- {more}\n"));
        html.push_str(&format!("<p>{}</p>", escape_html(&more)));
    }
    text.push_str("\nPlease read them before the meeting.\n");
    html.push_str("<p>Please read them before the meeting.</p>");
    InvitationText {
        subject,
        text,
        html,
    }
}

/// One instance called off because nothing was published for it.
pub fn instance_cancelled_text(f: &SlotFacts) -> InvitationText {
    let when = when(f.start, f.end, &f.zone, &f.zone_name);
    let lines = vec![
        format!(
            "{} on {when} is cancelled: no postmortem was published for it.",
            f.name
        ),
        format!("The series goes on, {}.", f.schedule),
    ];
    InvitationText {
        subject: format!("Cancelled: {} — {when}", f.name),
        text: format!("{}\n", lines.join("\n")),
        html: format!("<p>{}</p>", html_lines(&lines)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> SlotFacts {
        SlotFacts {
            name: "Payments <review>".into(),
            team: "Payments".into(),
            schedule: "every 2 weeks on Monday, 10:00–11:00 (Europe/Berlin)".into(),
            start: "2026-12-07T09:00:00Z".parse().unwrap(),
            end: "2026-12-07T10:00:00Z".parse().unwrap(),
            zone: TimeZone::get("America/New_York").unwrap(),
            zone_name: "America/New_York".into(),
        }
    }

    #[test]
    fn the_agenda_lists_each_postmortem_with_its_link_in_the_readers_time() {
        let items = vec![
            AgendaItem {
                reference: "INC-1".into(),
                title: "Checkout down".into(),
                link: "https://g.test/incidents/INC-1/postmortem".into(),
            },
            AgendaItem {
                reference: "INC-2".into(),
                title: "Slow & sad".into(),
                link: "https://g.test/incidents/INC-2/postmortem".into(),
            },
        ];
        let t = agenda_text(&facts(), &items, 1);
        assert_eq!(
            t.subject,
            "Agenda: Payments <review> — Monday 7 December 2026, 04:00–05:00 (America/New_York)"
        );
        assert!(t.text.contains("to review 3 postmortems:"), "{}", t.text);
        assert!(t
            .text
            .contains("- INC-2: Slow & sad\n  https://g.test/incidents/INC-2/postmortem"));
        assert!(t.text.contains("and 1 postmortem of a private incident"));
        assert!(t.html.contains("Slow &amp; sad") && t.html.contains("Payments &lt;review&gt;"));
    }

    #[test]
    fn series_and_instance_messages_say_what_happened() {
        let f = facts();
        let invited = series_text(&f, SeriesNotice::Invited);
        assert!(invited
            .subject
            .starts_with("Invitation: Payments <review> (every 2 weeks"));
        assert!(invited
            .text
            .contains("First meeting: Monday 7 December 2026, 04:00–05:00 (America/New_York)"));
        assert!(series_text(&f, SeriesNotice::Updated)
            .subject
            .starts_with("Updated: "));
        let deleted = series_text(&f, SeriesNotice::Deleted);
        assert!(deleted.subject.starts_with("Cancelled: ") && !deleted.text.contains("First"));
        let off = instance_cancelled_text(&f);
        assert!(off
            .subject
            .starts_with("Cancelled: Payments <review> — Monday 7 December"));
        assert!(off.text.contains("no postmortem was published for it"));
        assert!(series_description(&f).contains("sent 24 hours before"));
    }
}
