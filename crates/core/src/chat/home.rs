//! The app's home in chat (Slack's App Home tab): what a person sees when they open Goldseam
//! there. Their open incidents (those they take part in or follow, and may see) and who is on
//! call now in each schedule, or, for someone Goldseam does not know, why there is nothing.
//! Built here as a [`HomeView`] of sections and rows; each platform's renderer is the only
//! place its markup is written.

use super::card::severity_label;
use crate::catalog::Catalog;
use crate::incident::IncidentState;
use crate::UserId;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The most incidents the home lists; the rest are counted and linked.
pub const MAX_INCIDENTS: usize = 20;

/// The most schedules the home lists.
pub const MAX_SCHEDULES: usize = 20;

/// One line of a section: a linked title and facts about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeRow {
    /// The headline (`INC-42 · Checkout down`, a schedule's name).
    pub title: String,
    /// Where the headline links.
    pub link: String,
    /// Short facts, in order (`SEV1 · Major`, `Active`, `You: Incident manager`).
    pub facts: Vec<String>,
    /// Until when the row holds (an on-call shift's end), shown in the reader's own time
    /// where the platform can.
    pub until: Option<Timestamp>,
}

/// A headed list of rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeSection {
    /// Its heading.
    pub heading: String,
    /// Its rows.
    pub rows: Vec<HomeRow>,
    /// A line under the rows: what an empty section means, or how many more there are.
    pub note: Option<String>,
}

/// A person's home, before any platform's markup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeView {
    /// The headline.
    pub title: String,
    /// The sections, in order.
    pub sections: Vec<HomeSection>,
    /// Goldseam's own address, linked at the bottom.
    pub goldseam: String,
}

/// Who is on call now in one schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnCallNow {
    /// The schedule's name.
    pub schedule: String,
    /// The schedule's page.
    pub link: String,
    /// The person on call, if anyone is.
    pub person: Option<String>,
    /// When their shift ends.
    pub until: Option<Timestamp>,
}

/// What the home of someone with an account shows.
#[derive(Debug, Clone)]
pub struct HomeFacts<'a> {
    /// Their name, for the headline.
    pub name: &'a str,
    /// Who they are, to name the roles they hold.
    pub user: UserId,
    /// Their open incidents (at most [`MAX_INCIDENTS`] are shown), newest first, with each
    /// one's room address.
    pub incidents: &'a [(IncidentState, String)],
    /// Whether there are more than those.
    pub more_incidents: bool,
    /// Who is on call in each schedule (at most [`MAX_SCHEDULES`] are shown).
    pub on_call: &'a [OnCallNow],
    /// Whether there are more schedules than those.
    pub more_schedules: bool,
    /// Goldseam's address (`https://goldseam.example.com`).
    pub goldseam: &'a str,
}

/// The home of someone Goldseam knows.
pub fn home(facts: &HomeFacts<'_>, catalog: &Catalog) -> HomeView {
    let base = facts.goldseam.trim_end_matches('/');
    let incidents: Vec<HomeRow> = facts
        .incidents
        .iter()
        .take(MAX_INCIDENTS)
        .map(|(state, link)| incident_row(state, link, facts.user, catalog))
        .collect();
    let incident_note = if incidents.is_empty() {
        Some("None: no open incident you take part in or follow.".to_string())
    } else if facts.more_incidents || facts.incidents.len() > MAX_INCIDENTS {
        Some(format!("And more: see every incident at {base}/incidents"))
    } else {
        None
    };
    let on_call: Vec<HomeRow> = facts
        .on_call
        .iter()
        .take(MAX_SCHEDULES)
        .map(|o| HomeRow {
            title: o.schedule.clone(),
            link: o.link.clone(),
            facts: vec![o.person.clone().unwrap_or_else(|| "Nobody".into())],
            until: o.person.as_ref().and(o.until),
        })
        .collect();
    let on_call_note = if on_call.is_empty() {
        Some("No schedules yet.".to_string())
    } else if facts.more_schedules || facts.on_call.len() > MAX_SCHEDULES {
        Some(format!("And more: see every schedule at {base}/oncall"))
    } else {
        None
    };
    HomeView {
        title: format!("Hello, {}", facts.name),
        sections: vec![
            HomeSection {
                heading: "Your open incidents".into(),
                rows: incidents,
                note: incident_note,
            },
            HomeSection {
                heading: "On call now".into(),
                rows: on_call,
                note: on_call_note,
            },
        ],
        goldseam: base.to_string(),
    }
}

/// One incident as a row: its severity, status, whether it is private, and the roles `me`
/// holds in it.
fn incident_row(state: &IncidentState, link: &str, me: UserId, catalog: &Catalog) -> HomeRow {
    let mut facts = vec![
        severity_label(catalog, state.severity.as_str()),
        state.status.label().to_string(),
    ];
    if state.private {
        facts.push("Private".into());
    }
    let mine: Vec<String> = catalog
        .roles
        .iter()
        .filter(|kind| {
            state
                .roles
                .iter()
                .any(|h| h.role == kind.key && h.user_id == me)
        })
        .map(|kind| kind.name.clone())
        .collect();
    if !mine.is_empty() {
        facts.push(format!("You: {}", mine.join(", ")));
    }
    HomeRow {
        title: format!("{} · {}", state.id.reference(), state.title),
        link: link.to_string(),
        facts,
        until: None,
    }
}

/// The home of someone in the chat whom Goldseam does not know: no account has their email
/// (or the platform does not share it), so there is nothing of theirs to show.
pub fn no_account_home(email: Option<&str>, goldseam: &str) -> HomeView {
    let why = match email {
        Some(email) => format!(
            "Goldseam has no active account with your email ({email}), so it cannot show your incidents. Ask a Goldseam admin to add you."
        ),
        None => "Goldseam cannot see your email here, so it cannot tell who you are. Ask a Goldseam admin.".to_string(),
    };
    HomeView {
        title: "Goldseam".into(),
        sections: vec![HomeSection {
            heading: "No account with your email".into(),
            rows: Vec::new(),
            note: Some(why),
        }],
        goldseam: goldseam.trim_end_matches('/').to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::IncidentId;
    use crate::incident::RoleHolder;
    use crate::role::RoleKey;
    use crate::severity::{SeverityKey, TypeKey};
    use crate::status::Status;

    const BASE: &str = "https://goldseam.example.com/";

    fn state(n: i64, title: &str) -> (IncidentState, String) {
        let mut s = IncidentState::new(
            IncidentId::from_db(n),
            "2026-12-04T10:00:00Z".parse().unwrap(),
            SeverityKey::parse("severity", "SEV1").unwrap(),
            TypeKey::parse("type", "default").unwrap(),
        );
        s.title = title.into();
        let link = format!("https://goldseam.example.com/incidents/INC-{n}");
        (s, link)
    }

    fn facts<'a>(
        incidents: &'a [(IncidentState, String)],
        on_call: &'a [OnCallNow],
    ) -> HomeFacts<'a> {
        HomeFacts {
            name: "Ada",
            user: UserId::from_db(7),
            incidents,
            more_incidents: false,
            on_call,
            more_schedules: false,
            goldseam: BASE,
        }
    }

    #[test]
    fn the_home_lists_my_incidents_with_my_roles_and_who_is_on_call() {
        let mut checkout = state(42, "Checkout down");
        checkout.0.status = Status::Active;
        checkout.0.private = true;
        let manager = Catalog::default().roles[0].clone();
        checkout.0.roles.push(RoleHolder {
            role: manager.key.clone(),
            user_id: UserId::from_db(7),
        });
        // Someone else's role is not mine.
        checkout.0.roles.push(RoleHolder {
            role: RoleKey::parse("role", "scribe").unwrap(),
            user_id: UserId::from_db(8),
        });
        let until: Timestamp = "2026-12-05T08:00:00Z".parse().unwrap();
        let on_call = [
            OnCallNow {
                schedule: "Payments".into(),
                link: format!("{BASE}oncall/1"),
                person: Some("Bob".into()),
                until: Some(until),
            },
            OnCallNow {
                schedule: "Search".into(),
                link: format!("{BASE}oncall/2"),
                person: None,
                until: None,
            },
        ];
        let incidents = [checkout];
        let view = home(&facts(&incidents, &on_call), &Catalog::default());
        assert_eq!(view.title, "Hello, Ada");
        assert_eq!(view.goldseam, "https://goldseam.example.com");
        let mine = &view.sections[0];
        assert_eq!(mine.heading, "Your open incidents");
        assert_eq!(mine.rows[0].title, "INC-42 · Checkout down");
        assert_eq!(
            mine.rows[0].link,
            "https://goldseam.example.com/incidents/INC-42"
        );
        assert_eq!(
            mine.rows[0].facts,
            [
                "SEV1 · Major",
                "Active",
                "Private",
                &format!("You: {}", manager.name)
            ]
        );
        assert_eq!(mine.note, None);
        let oncall = &view.sections[1];
        assert_eq!(oncall.rows[0].facts, ["Bob"]);
        assert_eq!(oncall.rows[0].until, Some(until));
        assert_eq!(oncall.rows[1].facts, ["Nobody"]);
        assert_eq!(oncall.rows[1].until, None);
    }

    #[test]
    fn empty_and_overfull_sections_say_so() {
        let view = home(&facts(&[], &[]), &Catalog::default());
        assert!(view.sections[0].rows.is_empty());
        assert!(view.sections[0]
            .note
            .as_deref()
            .is_some_and(|n| n.starts_with("None")));
        assert_eq!(view.sections[1].note.as_deref(), Some("No schedules yet."));

        let many: Vec<_> = (1..=MAX_INCIDENTS as i64 + 1)
            .map(|n| state(n, "Flaky"))
            .collect();
        let view = home(&facts(&many, &[]), &Catalog::default());
        assert_eq!(view.sections[0].rows.len(), MAX_INCIDENTS);
        assert_eq!(
            view.sections[0].note.as_deref(),
            Some("And more: see every incident at https://goldseam.example.com/incidents")
        );
    }

    #[test]
    fn someone_without_an_account_is_told_why_the_home_is_empty() {
        let view = no_account_home(Some("carol@example.com"), BASE);
        assert_eq!(view.sections.len(), 1);
        assert_eq!(view.sections[0].heading, "No account with your email");
        assert!(view.sections[0]
            .note
            .as_deref()
            .unwrap()
            .contains("carol@example.com"));
        let hidden = no_account_home(None, BASE);
        assert!(hidden.sections[0]
            .note
            .as_deref()
            .unwrap()
            .contains("cannot see your email"));
    }
}
