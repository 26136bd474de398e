//! Postmortem distribution in storage, on both databases: publishing sends once to each reader
//! in their rendering (`sending`), personal links record opens and acknowledgements and refuse
//! forgeries and people who may no longer read (`links`), a private incident reaches only those
//! who may see it (`private`), and amendments and reminders (`later`). Jobs are run here by hand,
//! as the engine would, so each message can be read.

#[path = "../common.rs"]
mod common;
mod later;
mod links;
mod private;
mod sending;

use common::{declaration, user};
use goldseam_core::delivery::EmailMessage;
use goldseam_core::postmortem::distribution::{
    Audience, AudienceKind, DistributionPolicy, DistributionRule, Rendering,
};
use goldseam_core::postmortem::ReviewAction;
use goldseam_core::{Actor, Command, IncidentId, Status, UserRole};
use goldseam_store::distribution::{
    ReaderEmailJob, VersionJob, DISTRIBUTE_KIND, EMAIL_KIND, REMIND_KIND,
};
use goldseam_store::incidents::Change;
use goldseam_store::jobs::Job;
use goldseam_store::time::FixedClock;
use goldseam_store::{Store, StoreOptions};
use goldseam_testdb::TestDb;
use jiff::SignedDuration;
use std::sync::Arc;

pub const URL: &str = "https://goldseam.example.com";

pub async fn fixed_store(db: &TestDb) -> (Store, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::at("2026-12-03T09:00:00Z".parse().unwrap()));
    let mut opts = StoreOptions::new(&db.url);
    opts.clock = clock.clone();
    (Store::open(opts).await.unwrap(), clock)
}

pub fn audience(kind: AudienceKind, rendering: Rendering, required: bool) -> Audience {
    Audience {
        kind,
        team_id: None,
        address: None,
        channel: None,
        url: None,
        rendering,
        required,
    }
}

pub fn rule(name: &str, audiences: Vec<Audience>) -> DistributionRule {
    DistributionRule {
        name: name.into(),
        severities: vec![],
        types: vec![],
        audiences,
    }
}

pub fn policy(rules: Vec<DistributionRule>) -> DistributionPolicy {
    DistributionPolicy {
        participants_required: true,
        reminder_days: Some(3),
        rules,
    }
}

/// What running the due jobs sent: each reader email made, and the other deliveries queued.
#[derive(Debug, Default)]
pub struct Sent {
    pub emails: Vec<EmailMessage>,
    pub others: Vec<Job>,
}

impl Sent {
    /// The email to `to`, which must be the only one.
    pub fn to(&self, to: &str) -> &EmailMessage {
        let found: Vec<_> = self.emails.iter().filter(|e| e.to == to).collect();
        assert_eq!(found.len(), 1, "one email to {to}: {:#?}", self.emails);
        found[0]
    }

    pub fn recipients(&self) -> Vec<&str> {
        let mut r: Vec<&str> = self.emails.iter().map(|e| e.to.as_str()).collect();
        r.sort_unstable();
        r
    }
}

/// Runs every due job the way the engine does, until none is left, and returns what was sent.
pub async fn run_jobs(store: &Store) -> Sent {
    let mut sent = Sent::default();
    loop {
        let jobs = store
            .claim("test", store.now(), SignedDuration::from_secs(60), 500)
            .await
            .unwrap();
        if jobs.is_empty() {
            return sent;
        }
        for job in jobs {
            match job.kind.as_str() {
                DISTRIBUTE_KIND => {
                    let v: VersionJob = serde_json::from_value(job.payload.clone()).unwrap();
                    store.distribute_postmortem(&v, URL).await.unwrap();
                }
                REMIND_KIND => {
                    let v: VersionJob = serde_json::from_value(job.payload.clone()).unwrap();
                    store.remind_postmortem_readers(&v).await.unwrap();
                }
                EMAIL_KIND => {
                    let e: ReaderEmailJob = serde_json::from_value(job.payload.clone()).unwrap();
                    sent.emails
                        .extend(store.reader_email(&e, URL).await.unwrap());
                }
                "slack" | "webhook" => sent.others.push(job.clone()),
                // Not this feature's: opening postmortems, telling subscribers.
                _ => {}
            }
            let _ = store.complete(job.id, "test").await.unwrap();
        }
    }
}

/// The personal link's token in an email.
pub fn token_in(email: &EmailMessage) -> String {
    let at = email.text.find("/read/").expect("a reading link") + "/read/".len();
    email.text[at..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

/// A resolved incident (SEV1 unless said) declared by `by`, its postmortem reviewed by `reviewer`
/// and published; the jobs its life queued so far are run first.
pub async fn published(
    store: &Store,
    by: &Actor,
    reviewer: &Actor,
    title: &str,
    private: bool,
) -> IncidentId {
    let mut d = declaration(title, "SEV1");
    d.private = Some(private);
    let r = store.declare(by, &d, None).await.unwrap().incident.id;
    let resolve = Change::Core(Command::ChangeStatus {
        to: Status::Resolved,
        reason: None,
    });
    store.change(by, r, &[resolve], None, false).await.unwrap();
    if private {
        let let_in = Change::Core(Command::GrantAccess {
            user_id: reviewer.user_id,
            reason: goldseam_core::text::Reason::parse("reason", "reviews it").unwrap(),
        });
        store.change(by, r, &[let_in], None, false).await.unwrap();
    }
    run_jobs(store).await;
    publish(store, by, reviewer, r).await;
    r
}

/// Opens (if needed), reviews and publishes the postmortem of `r`.
pub async fn publish(store: &Store, by: &Actor, reviewer: &Actor, r: IncidentId) {
    store.open_postmortem(by, r, false).await.unwrap();
    store
        .move_postmortem(by, r, ReviewAction::RequestReview, &[reviewer.user_id])
        .await
        .unwrap();
    store
        .move_postmortem(reviewer, r, ReviewAction::Approve, &[])
        .await
        .unwrap();
    store
        .move_postmortem(by, r, ReviewAction::Publish, &[])
        .await
        .unwrap();
}

/// `subscriber` subscribes to SEV1, and a team `name` of `members` is made.
pub async fn subscriber_and_team(
    store: &Store,
    subscriber: &Actor,
    name: &str,
    members: &[&Actor],
) -> goldseam_store::people::Team {
    let sev1 = goldseam_core::SubscriptionTarget::Severity("SEV1".parse().unwrap());
    store.subscribe(subscriber.user_id, &sev1).await.unwrap();
    store
        .create_team(&goldseam_store::people::NewTeam {
            name: goldseam_core::people::Name::parse("name", name).unwrap(),
            description: goldseam_core::people::Description::parse("description", "").unwrap(),
            schedule_id: None,
            escalation_policy_id: None,
            members: members.iter().map(|m| (m.user_id, None)).collect(),
        })
        .await
        .unwrap()
}

pub async fn admin(store: &Store) -> Actor {
    user(store, "root", UserRole::Admin).await
}

pub fn days_later(clock: &FixedClock, days: i64) {
    use goldseam_store::time::Clock;
    clock.set(clock.now() + SignedDuration::from_hours(24 * days));
}

use later::{
    an_amendment_tells_those_who_read_it_what_changed, required_readers_are_reminded_once,
};
use links::{
    a_link_stops_working_when_its_reader_may_no_longer_read,
    opening_and_acknowledging_are_recorded_and_forgeries_refused,
};
use private::a_private_postmortem_reaches_only_people_who_may_see_it;
use sending::{
    a_rerun_sends_nothing_twice_and_the_policy_is_checked,
    each_reader_gets_one_message_in_their_rendering,
};

goldseam_testdb::on_both_databases!(
    each_reader_gets_one_message_in_their_rendering,
    a_rerun_sends_nothing_twice_and_the_policy_is_checked,
    opening_and_acknowledging_are_recorded_and_forgeries_refused,
    a_link_stops_working_when_its_reader_may_no_longer_read,
    a_private_postmortem_reaches_only_people_who_may_see_it,
    required_readers_are_reminded_once,
    an_amendment_tells_those_who_read_it_what_changed
);
