//! A team's recurring review slot in storage, on both databases, over three weeks of a fixed
//! clock: a fortnightly Monday 10:00 Berlin slot invites the team to its series (RRULE with
//! VTIMEZONE); two postmortems published in week 1 make week 1's agenda, sent a day ahead and
//! once; week 3 has nothing and is cancelled for that date alone (CANCEL with RECURRENCE-ID);
//! a postmortem published within the day before an instance waits for the next one; an
//! incident without a team joins no slot; deleting the slot cancels the series
//! (`three_weeks`). Editing sends the series again, an overtaken invitation sends nothing, and
//! moving the slot takes the postmortems waiting with it (`editing`). Jobs are run here by hand,
//! as the engine would, so each email can be read.

#[path = "../common.rs"]
mod common;
mod editing;
mod three_weeks;

use common::{declaration, user};
use goldseam_core::delivery::EmailMessage;
use goldseam_core::people::{Description, Name, TimeZoneName};
use goldseam_core::postmortem::ReviewAction;
use goldseam_core::review::slots::{SlotInput, SlotRule};
use goldseam_core::{Actor, DomainError, IncidentId, ServiceId, TeamId, UserRole};
use goldseam_store::people::{NewService, NewTeam, ProfileChange};
use goldseam_store::reviews::slots::{
    InstanceJob, InstanceOutcome, QueueJob, SlotEmailJob, EMAIL_KIND, INSTANCE_KIND, QUEUE_KIND,
};
use goldseam_store::time::FixedClock;
use goldseam_store::{Store, StoreError, StoreOptions};
use goldseam_testdb::TestDb;
use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;

const URL: &str = "https://goldseam.test";
const SENDER: &str = "goldseam@example.com";

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// What running the due jobs did.
#[derive(Default, Debug)]
struct Ran {
    /// Agendas each queued postmortem joined.
    joined: Vec<usize>,
    instances: Vec<InstanceOutcome>,
    /// The emails made, by recipient.
    emails: Vec<EmailMessage>,
}

/// Runs every due job of the slots' kinds as the engine would, until none is due; others are
/// completed untouched.
async fn run_due(store: &Store) -> Ran {
    let mut ran = Ran::default();
    loop {
        let jobs = store
            .claim("test", store.now(), SignedDuration::from_secs(60), 100)
            .await
            .unwrap();
        if jobs.is_empty() {
            return ran;
        }
        for job in jobs {
            let p = job.payload.clone();
            match job.kind.as_str() {
                QUEUE_KIND => {
                    let q: QueueJob = serde_json::from_value(p).unwrap();
                    ran.joined
                        .push(store.queue_for_review_slots(q).await.unwrap());
                }
                INSTANCE_KIND => {
                    let i: InstanceJob = serde_json::from_value(p).unwrap();
                    ran.instances
                        .push(store.run_review_slot_instance(i).await.unwrap());
                }
                EMAIL_KIND => {
                    let e: SlotEmailJob = serde_json::from_value(p).unwrap();
                    let made = store.review_slot_email(&e, URL, SENDER).await.unwrap();
                    ran.emails.extend(made);
                }
                _ => {}
            }
            let _ = store.complete(job.id, "test").await.unwrap();
        }
    }
}

fn to<'a>(emails: &'a [EmailMessage], who: &str) -> &'a EmailMessage {
    emails
        .iter()
        .find(|e| e.to.starts_with(who))
        .unwrap_or_else(|| panic!("no email to {who}: {emails:?}"))
}

fn ics(e: &EmailMessage) -> &str {
    &e.calendar.as_ref().expect("a calendar part").ics
}

/// Opens, reviews and publishes the postmortem of a new incident on `services`.
async fn published(
    store: &Store,
    clock: &FixedClock,
    when: &str,
    (author, reviewer): (&Actor, &Actor),
    title: &str,
    services: Vec<ServiceId>,
) -> IncidentId {
    clock.set(at(when));
    let mut d = declaration(title, "SEV2");
    d.services = services;
    let r = store.declare(author, &d, None).await.unwrap().incident.id;
    store.open_postmortem(author, r, false).await.unwrap();
    let ask = ReviewAction::RequestReview;
    store
        .move_postmortem(author, r, ask, &[reviewer.user_id])
        .await
        .unwrap();
    let ok = ReviewAction::Approve;
    store.move_postmortem(reviewer, r, ok, &[]).await.unwrap();
    let go = ReviewAction::Publish;
    store.move_postmortem(author, r, go, &[]).await.unwrap();
    r
}

/// A store on `db` whose clock starts on Tuesday 1 December 2026, 08:00 UTC.
async fn fixed_store(db: &TestDb) -> (Store, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::at(at("2026-12-01T08:00:00Z")));
    let mut opts = StoreOptions::new(&db.url);
    opts.clock = clock.clone();
    (Store::open(opts).await.unwrap(), clock)
}

/// A team of `members` owning one new service; returns the team's and the service's ids.
async fn team_with_service(
    store: &Store,
    name: &str,
    members: &[&Actor],
    service: &str,
) -> (TeamId, ServiceId) {
    let team = store
        .create_team(&NewTeam {
            name: Name::parse("name", name).unwrap(),
            description: Description::default(),
            schedule_id: None,
            escalation_policy_id: None,
            members: members.iter().map(|m| (m.user_id, None)).collect(),
        })
        .await
        .unwrap();
    let service = store
        .create_service(&NewService {
            name: Name::parse("name", service).unwrap(),
            description: Description::default(),
            team_id: team.id,
            tags: vec![],
        })
        .await
        .unwrap();
    (team.id, service.id)
}

async fn set_zone(store: &Store, who: &Actor, zone: &str) {
    let change = ProfileChange {
        time_zone: Some(Some(TimeZoneName::parse("time_zone", zone).unwrap())),
        working_hours: None,
    };
    store.update_profile(who.user_id, &change).await.unwrap();
}

fn fortnightly_mondays() -> SlotRule {
    SlotRule::parse(&SlotInput {
        name: "Payments review",
        zone: "Europe/Berlin",
        start_time: "10:00",
        duration_minutes: 60,
        rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
    })
    .unwrap()
}

fn rule(start_time: &str, rrule: &str, name: &str) -> SlotRule {
    SlotRule::parse(&SlotInput {
        name,
        zone: "Europe/Berlin",
        start_time,
        duration_minutes: 30,
        rrule,
    })
    .unwrap()
}

use editing::editing_resends_the_series_and_moves_what_waits;
use three_weeks::three_weeks_of_a_fortnightly_slot;

goldseam_testdb::on_both_databases!(
    three_weeks_of_a_fortnightly_slot,
    editing_resends_the_series_and_moves_what_waits
);
