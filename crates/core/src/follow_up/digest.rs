//! The daily reminder a follow-up owner gets: what of theirs is late and what is due soon, in
//! one message a day, sent in the morning of their own day. Nothing done or decided against is
//! ever in it, and an owner with nothing late or near gets no message at all.

use super::fields::{FollowUpStatus, Priority};
use crate::text::escape_html as escape;
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// The local time from which an owner's digest of the day goes out.
pub const SEND_FROM: Time = Time::constant(9, 0, 0, 0);

/// How many days ahead "due soon" looks, today included (due today, tomorrow or the day after).
pub const DUE_SOON_DAYS: i64 = 3;

/// One follow-up an owner has, as the digest reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owed {
    /// Its id.
    pub id: i64,
    /// Its incident's reference, `INC-42`.
    pub reference: String,
    /// Its incident's title.
    pub incident_title: String,
    /// What is to be done.
    pub title: String,
    /// When it is due.
    pub due_on: Option<Date>,
    /// How much it matters.
    pub priority: Priority,
    /// Where it is.
    pub status: FollowUpStatus,
}

/// What an owner is reminded of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    /// The day it is for, in the owner's zone.
    pub day: Date,
    /// Promised, due before today: most overdue first.
    pub overdue: Vec<Owed>,
    /// Promised, due today or within [`DUE_SOON_DAYS`]: soonest first.
    pub due_soon: Vec<Owed>,
}

/// The owner's day at `now` in `zone`, if their digest may go out already (from [`SEND_FROM`]).
pub fn day_to_send(now: Timestamp, zone: &TimeZone) -> Option<Date> {
    let local = now.to_zoned(zone.clone()).datetime();
    (local.time() >= SEND_FROM).then(|| local.date())
}

/// The digest of `items` on `day`, or `None` when nothing is late or near. Only promised
/// follow-ups (committed, in progress) are reminded of: proposed ones await a decision, finished
/// and abandoned ones are over.
pub fn digest(items: &[Owed], day: Date) -> Option<Digest> {
    let soon_until = day
        .checked_add(jiff::Span::new().days(DUE_SOON_DAYS - 1))
        .unwrap_or(Date::MAX);
    let mut overdue = Vec::new();
    let mut due_soon = Vec::new();
    for item in items.iter().filter(|i| i.status.is_promised()) {
        match item.due_on {
            Some(due) if due < day => overdue.push(item.clone()),
            Some(due) if due <= soon_until => due_soon.push(item.clone()),
            _ => {}
        }
    }
    if overdue.is_empty() && due_soon.is_empty() {
        return None;
    }
    let order =
        |a: &Owed, b: &Owed| (a.due_on, a.priority, a.id).cmp(&(b.due_on, b.priority, b.id));
    overdue.sort_by(order);
    due_soon.sort_by(order);
    Some(Digest {
        day,
        overdue,
        due_soon,
    })
}

impl Digest {
    /// The subject line: "Follow-ups: 2 overdue, 1 due soon".
    pub fn subject(&self) -> String {
        let mut parts = Vec::new();
        if !self.overdue.is_empty() {
            parts.push(format!("{} overdue", self.overdue.len()));
        }
        if !self.due_soon.is_empty() {
            parts.push(format!("{} due soon", self.due_soon.len()));
        }
        format!("Follow-ups: {}", parts.join(", "))
    }

    /// The plain-text body; `link` is the owner's follow-up list.
    pub fn text(&self, link: &str) -> String {
        let mut out = String::new();
        for (heading, items) in self.sections() {
            out.push_str(heading);
            out.push('\n');
            for i in items {
                out.push_str(&format!("- {}\n", line(i, self.day)));
            }
            out.push('\n');
        }
        out.push_str(&format!(
            "Mark them done, in progress or won't do: {link}\nYou get this once a day while something of yours is overdue or due within {DUE_SOON_DAYS} days.\n"
        ));
        out
    }

    /// The HTML body, every value escaped.
    pub fn html(&self, link: &str) -> String {
        let mut out = String::new();
        for (heading, items) in self.sections() {
            out.push_str(&format!("<h2>{}</h2>\n<ul>\n", escape(heading)));
            for i in items {
                out.push_str(&format!("<li>{}</li>\n", escape(&line(i, self.day))));
            }
            out.push_str("</ul>\n");
        }
        out.push_str(&format!(
            "<p><a href=\"{}\">Mark them done, in progress or won't do</a></p>\n<p>You get this once a day while something of yours is overdue or due within {DUE_SOON_DAYS} days.</p>\n",
            escape(link)
        ));
        out
    }

    fn sections(&self) -> impl Iterator<Item = (&'static str, &[Owed])> {
        [
            ("Overdue", self.overdue.as_slice()),
            ("Due soon", self.due_soon.as_slice()),
        ]
        .into_iter()
        .filter(|(_, items)| !items.is_empty())
    }
}

/// "INC-42 Checkout down: Alert on queue depth (high, due 2026-12-01, 2 days late)".
fn line(i: &Owed, day: Date) -> String {
    let when = match i.due_on {
        Some(due) if due < day => {
            let late = (day - due).get_days();
            format!(
                "due {due}, {late} day{} late",
                if late == 1 { "" } else { "s" }
            )
        }
        Some(due) if due == day => format!("due today, {due}"),
        Some(due) => format!("due {due}"),
        None => "no due date".into(),
    };
    format!(
        "{} {}: {} ({}, {})",
        i.reference,
        i.incident_title,
        i.title,
        i.priority.as_str(),
        when
    )
}
