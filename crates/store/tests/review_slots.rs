//! A team's recurring review slot in storage, on both databases, over three weeks of a fixed
//! clock: a fortnightly Monday 10:00 Berlin slot invites the team to its series (RRULE with
//! VTIMEZONE); two postmortems published in week 1 make week 1's agenda, sent a day ahead and
//! once; week 3 has nothing and is cancelled for that date alone (CANCEL with RECURRENCE-ID);
//! a postmortem published within the day before an instance waits for the next one; an
//! incident without a team joins no slot; deleting the slot cancels the series.

mod common;

use common::{declaration, user};
use goldseam_core::delivery::EmailMessage;
use goldseam_core::people::{Description, Name, TimeZoneName};
use goldseam_core::postmortem::ReviewAction;
use goldseam_core::review::slots::{SlotInput, SlotRule};
use goldseam_core::{Actor, DomainError, IncidentId, ServiceId, UserRole};
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

async fn three_weeks_of_a_fortnightly_slot(db: TestDb) {
    // Tuesday 1 December 2026.
    let clock = Arc::new(FixedClock::at(at("2026-12-01T08:00:00Z")));
    let mut opts = StoreOptions::new(&db.url);
    opts.clock = clock.clone();
    let store = Store::open(opts).await.unwrap();
    let ana = user(&store, "ana", UserRole::Member).await;
    let bo = user(&store, "bo", UserRole::Member).await;
    let cy = user(&store, "cy", UserRole::Member).await;
    let vic = user(&store, "vic", UserRole::Viewer).await;
    let zone = |z: &str| ProfileChange {
        time_zone: Some(Some(TimeZoneName::parse("time_zone", z).unwrap())),
        working_hours: None,
    };
    store
        .update_profile(ana.user_id, &zone("Europe/Berlin"))
        .await
        .unwrap();
    store
        .update_profile(bo.user_id, &zone("America/New_York"))
        .await
        .unwrap();
    let team = store
        .create_team(&NewTeam {
            name: Name::parse("name", "Payments").unwrap(),
            description: Description::default(),
            schedule_id: None,
            escalation_policy_id: None,
            members: vec![(ana.user_id, None), (bo.user_id, None), (vic.user_id, None)],
        })
        .await
        .unwrap();
    let checkout = store
        .create_service(&NewService {
            name: Name::parse("name", "Checkout").unwrap(),
            description: Description::default(),
            team_id: team.id,
            tags: vec![],
        })
        .await
        .unwrap();

    // Only admins and the team's members who are not viewers make its slots.
    for outsider in [&cy, &vic] {
        let refused = store
            .create_review_slot(outsider, team.id, fortnightly_mondays(), None)
            .await
            .unwrap_err();
        assert!(
            matches!(refused, StoreError::Domain(DomainError::Forbidden(_))),
            "{refused:?}"
        );
    }
    let slot = store
        .create_review_slot(&ana, team.id, fortnightly_mondays(), None)
        .await
        .unwrap();
    assert_eq!(slot.starts_on.to_string(), "2026-12-07");
    assert_eq!(
        store.team_review_slots(team.id).await.unwrap(),
        vec![slot.clone()]
    );

    // The series goes to every member (the viewer included), kept at 10:00 Berlin.
    let ran = run_due(&store).await;
    assert_eq!(ran.emails.len(), 3, "{:?}", ran.emails);
    assert!(ran.instances.is_empty(), "the first instance's job waits");
    let series = ics(to(&ran.emails, "bo@"));
    for line in [
        "METHOD:REQUEST",
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Berlin",
        "DTSTART;TZID=Europe/Berlin:20261207T100000",
        "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
        "SEQUENCE:0",
        &format!("UID:{}", slot.uid),
    ] {
        assert!(series.contains(line), "{line} in {series}");
    }
    assert!(!series.contains("RECURRENCE-ID"));
    assert!(
        to(&ran.emails, "bo@")
            .text
            .contains("Monday 7 December 2026, 04:00–05:00 (America/New_York)"),
        "the reader's own time"
    );

    // Week 1: two postmortems of the team's service, one of an incident with no team.
    let first = published(
        &store,
        &clock,
        "2026-12-02T10:00:00Z",
        (&ana, &bo),
        "Checkout down",
        vec![checkout.id],
    )
    .await;
    let second = published(
        &store,
        &clock,
        "2026-12-03T15:00:00Z",
        (&bo, &ana),
        "Card retries",
        vec![checkout.id],
    )
    .await;
    published(
        &store,
        &clock,
        "2026-12-03T16:00:00Z",
        (&ana, &bo),
        "Office wifi",
        vec![],
    )
    .await;
    let ran = run_due(&store).await;
    assert_eq!(
        ran.joined,
        vec![1, 1, 0],
        "the teamless incident joins nothing"
    );
    let (_, agenda) = store.review_slot_agenda(&cy, slot.id, 2).await.unwrap();
    assert_eq!(agenda[0].start, at("2026-12-07T09:00:00Z"));
    assert_eq!(agenda[0].state, "scheduled");
    let listed: Vec<IncidentId> = agenda[0]
        .postmortems
        .iter()
        .map(|p| p.incident_id)
        .collect();
    assert_eq!(listed, vec![first, second]);
    assert_eq!(agenda[1].start, at("2026-12-21T09:00:00Z"));
    assert!(agenda[1].postmortems.is_empty());

    // A day before week 1's meeting its agenda goes out, once, listing both with links.
    clock.set(at("2026-12-06T09:00:00Z"));
    let ran = run_due(&store).await;
    assert_eq!(ran.instances, vec![InstanceOutcome::AgendaSent(2)]);
    let mail = to(&ran.emails, "ana@");
    assert_eq!(
        mail.subject,
        "Agenda: Payments review — Monday 7 December 2026, 10:00–11:00 (Europe/Berlin)"
    );
    for part in [
        "to review 2 postmortems",
        &format!(
            "{}: Checkout down\n  {URL}/incidents/{}/postmortem",
            first.reference(),
            first.reference()
        ),
        &format!("{}: Card retries", second.reference()),
    ] {
        assert!(mail.text.contains(part), "{part} in {}", mail.text);
    }
    assert!(mail.calendar.is_none(), "the meeting itself is unchanged");
    let again = InstanceJob {
        slot_id: slot.id,
        instance: at("2026-12-07T09:00:00Z"),
    };
    assert_eq!(
        store.run_review_slot_instance(again).await.unwrap(),
        InstanceOutcome::Nothing,
        "once only"
    );
    assert!(
        run_due(&store).await.emails.is_empty(),
        "nothing sent twice"
    );

    // Week 3: nothing was published for it, so a day ahead it is cancelled for that date
    // alone (SEQUENCE + 1, RECURRENCE-ID in the slot's zone); the series goes on.
    clock.set(at("2026-12-20T09:00:00Z"));
    let ran = run_due(&store).await;
    assert_eq!(ran.instances, vec![InstanceOutcome::Cancelled]);
    assert_eq!(ran.emails.len(), 3);
    let mail = to(&ran.emails, "ana@");
    assert!(mail
        .subject
        .starts_with("Cancelled: Payments review — Monday 21 December 2026"));
    let cancel = ics(mail);
    for line in [
        "METHOD:CANCEL",
        "RECURRENCE-ID;TZID=Europe/Berlin:20261221T100000",
        "STATUS:CANCELLED",
        "SEQUENCE:1",
        &format!("UID:{}", slot.uid),
    ] {
        assert!(cancel.contains(line), "{line} in {cancel}");
    }
    assert!(
        !cancel.contains("RRULE:FREQ=WEEKLY"),
        "one date, not the series"
    );

    // Published within the day before week 3's meeting: it waits for the one after.
    let late = published(
        &store,
        &clock,
        "2026-12-20T10:00:00Z",
        (&ana, &bo),
        "Refund lag",
        vec![checkout.id],
    )
    .await;
    assert_eq!(run_due(&store).await.joined, vec![1]);
    let (_, agenda) = store.review_slot_agenda(&ana, slot.id, 2).await.unwrap();
    assert_eq!(
        (agenda[0].start, agenda[0].state.as_str()),
        (at("2026-12-21T09:00:00Z"), "cancelled")
    );
    assert_eq!(
        (agenda[1].start, agenda[1].state.as_str()),
        (at("2027-01-04T09:00:00Z"), "scheduled")
    );
    assert_eq!(agenda[1].postmortems[0].incident_id, late);

    // Deleting the slot cancels the whole series (no RECURRENCE-ID) and ends its jobs.
    store.delete_review_slot(&bo, slot.id).await.unwrap();
    let ran = run_due(&store).await;
    let cancel = ics(to(&ran.emails, "bo@"));
    assert!(
        cancel.contains("METHOD:CANCEL")
            && cancel.contains("SEQUENCE:2")
            && !cancel.contains("RECURRENCE-ID"),
        "{cancel}"
    );
    clock.set(at("2027-01-03T09:00:00Z"));
    let ran = run_due(&store).await;
    assert_eq!(ran.instances, vec![InstanceOutcome::Nothing]);
    assert!(ran.emails.is_empty());
    assert!(matches!(
        store.review_slot_agenda(&ana, slot.id, 2).await,
        Err(StoreError::NotFound(_))
    ));
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

async fn editing_resends_the_series_and_moves_what_waits(db: TestDb) {
    let clock = Arc::new(FixedClock::at(at("2026-12-01T08:00:00Z")));
    let mut opts = StoreOptions::new(&db.url);
    opts.clock = clock.clone();
    let store = Store::open(opts).await.unwrap();
    let ana = user(&store, "ana", UserRole::Member).await;
    let bo = user(&store, "bo", UserRole::Member).await;
    let team = store
        .create_team(&NewTeam {
            name: Name::parse("name", "Search").unwrap(),
            description: Description::default(),
            schedule_id: None,
            escalation_policy_id: None,
            members: vec![(ana.user_id, None), (bo.user_id, None)],
        })
        .await
        .unwrap();
    let index = store
        .create_service(&NewService {
            name: Name::parse("name", "Index").unwrap(),
            description: Description::default(),
            team_id: team.id,
            tags: vec![],
        })
        .await
        .unwrap();
    let weekly = "FREQ=WEEKLY;BYDAY=MO";
    let slot = store
        .create_review_slot(&ana, team.id, rule("10:00", weekly, "Search review"), None)
        .await
        .unwrap();
    // A first meeting less than a day away is refused, naming the field.
    let today: jiff::civil::Date = "2026-12-01".parse().unwrap();
    let tuesdays = rule("10:00", "FREQ=WEEKLY;BYDAY=TU", "x");
    let e = store
        .update_review_slot(&ana, slot.id, tuesdays, Some(today))
        .await
        .unwrap_err();
    assert!(
        matches!(&e, StoreError::Domain(DomainError::Invalid { field, .. }) if field == "starts_on"),
        "{e:?}"
    );

    // Renamed before the invitations went out: only the update is sent, the series unmoved.
    let renamed = store
        .update_review_slot(
            &ana,
            slot.id,
            rule("10:00", weekly, "Search learning"),
            None,
        )
        .await
        .unwrap();
    assert_eq!((renamed.sequence, renamed.starts_on), (1, slot.starts_on));
    let ran = run_due(&store).await;
    assert_eq!(
        ran.emails.len(),
        2,
        "the overtaken invitations send nothing"
    );
    let mail = to(&ran.emails, "ana@");
    assert!(
        mail.subject.starts_with("Updated: Search learning"),
        "{}",
        mail.subject
    );
    assert!(ics(mail).contains("SEQUENCE:1"));

    // A postmortem waits for Monday 7th; the slot moves to Tuesdays 14:00, and it follows.
    let r = published(
        &store,
        &clock,
        "2026-12-02T10:00:00Z",
        (&ana, &bo),
        "Stale results",
        vec![index.id],
    )
    .await;
    assert_eq!(run_due(&store).await.joined, vec![1]);
    clock.set(at("2026-12-03T10:00:00Z"));
    let moved = store
        .update_review_slot(
            &bo,
            slot.id,
            rule("14:00", "FREQ=WEEKLY;BYDAY=TU", "Search learning"),
            None,
        )
        .await
        .unwrap();
    assert_eq!(moved.starts_on.to_string(), "2026-12-08");
    let ran = run_due(&store).await;
    let series = ics(to(&ran.emails, "bo@"));
    assert!(
        series.contains("DTSTART;TZID=Europe/Berlin:20261208T140000")
            && series.contains("RRULE:FREQ=WEEKLY;BYDAY=TU")
            && series.contains("SEQUENCE:2"),
        "{series}"
    );
    let (_, agenda) = store.review_slot_agenda(&ana, slot.id, 1).await.unwrap();
    assert_eq!(agenda[0].start, at("2026-12-08T13:00:00Z"));
    assert_eq!(agenda[0].postmortems[0].incident_id, r);

    // The old Monday's job finds no such instance; the new Tuesday's sends the agenda.
    clock.set(at("2026-12-07T13:00:00Z"));
    let ran = run_due(&store).await;
    assert_eq!(
        ran.instances,
        vec![InstanceOutcome::Nothing, InstanceOutcome::AgendaSent(1)]
    );
    assert_eq!(ran.emails.len(), 2);
}

goldseam_testdb::on_both_databases!(
    three_weeks_of_a_fortnightly_slot,
    editing_resends_the_series_and_moves_what_waits
);
