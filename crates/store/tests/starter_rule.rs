//! The rule a new installation starts with, and page urgency, on both databases: security
//! incidents go private, and once teams named Security, Legal and PR exist, Security's on call
//! is paged and Legal and PR are informed. A low-urgency page follows the person's low-urgency
//! notification rules and waits for their working hours.

mod common;

use common::{declaration, user};
use goldseam_core::people::rules::RuleInput;
use goldseam_core::people::verification::VerificationCode;
use goldseam_core::people::{
    ContactAddress, ContactKind, Description, Name, TimeZoneName, Urgency, WorkingHours,
};
use goldseam_core::response::{EscalationLevel, EscalationPolicy, ResponseRule, Target};
use goldseam_core::{Actor, EscalationPolicyId, UserRole};
use goldseam_store::jobs::{Job, Settled};
use goldseam_store::people::{Issued, NewTeam, ProfileChange, TeamChange};
use goldseam_store::response::{EscalateJob, RespondJob};
use goldseam_store::time::FixedClock;
use goldseam_store::{Store, StoreOptions};
use goldseam_testdb::TestDb;
use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;

const URL: &str = "https://goldseam.example.com";

async fn open_at(db: &TestDb, clock: Arc<FixedClock>) -> Store {
    Store::open(StoreOptions {
        clock,
        ..StoreOptions::new(&db.url)
    })
    .await
    .unwrap()
}

/// Claims and completes everything due by `until`, oldest first.
async fn drain(store: &Store, until: Timestamp) -> Vec<Job> {
    let mut all = Vec::new();
    loop {
        let got = store
            .claim("test", until, SignedDuration::from_mins(5), 100)
            .await
            .unwrap();
        if got.is_empty() {
            return all;
        }
        for j in &got {
            let settled = store.complete(j.id, "test").await.unwrap();
            assert!(matches!(settled, Settled::Recorded(_)));
        }
        all.extend(got);
    }
}

/// Runs the respond and escalate jobs due by `until`; returns the deliveries.
async fn run_response(store: &Store, until: Timestamp) -> Vec<Job> {
    let mut deliveries = Vec::new();
    loop {
        let jobs = drain(store, until).await;
        if jobs.is_empty() {
            return deliveries;
        }
        for j in jobs {
            match j.kind.as_str() {
                "respond" => {
                    let r: RespondJob = serde_json::from_value(j.payload).unwrap();
                    store.respond(r.incident_id, URL).await.unwrap();
                }
                "escalate" => {
                    let step: EscalateJob = serde_json::from_value(j.payload).unwrap();
                    store.escalate(&step, URL).await.unwrap();
                }
                _ => deliveries.push(j),
            }
        }
    }
}

fn team(name: &str, policy: Option<EscalationPolicyId>, members: &[&Actor]) -> NewTeam {
    NewTeam {
        name: Name::parse("name", name).unwrap(),
        description: Description::default(),
        schedule_id: None,
        escalation_policy_id: policy,
        members: members.iter().map(|a| (a.user_id, None)).collect(),
    }
}

fn policy_for(name: &str, who: &Actor) -> EscalationPolicy {
    EscalationPolicy {
        id: EscalationPolicyId::UNSAVED,
        name: name.into(),
        levels: vec![EscalationLevel {
            delay: SignedDuration::ZERO,
            targets: vec![Target::User(who.user_id)],
        }],
        repeat: 0,
        repeat_after: SignedDuration::from_mins(30),
    }
}

async fn security_incidents_page_security_and_inform_legal_and_pr_once_the_teams_exist(db: TestDb) {
    let t0: Timestamp = "2026-11-25T03:00:00Z".parse().unwrap();
    let clock = Arc::new(FixedClock::at(t0));
    let store = open_at(&db, clock.clone()).await;
    let rules = store.response_rules().await.unwrap();
    assert_eq!(rules.len(), 1, "one starter rule");
    let starter = rules[0].clone();
    assert_eq!(starter.when.types, ["security"]);
    assert!(starter.then.make_private);
    assert_eq!(starter.then.awaiting_teams.page, ["Security"]);

    let ana = user(&store, "ana", UserRole::Member).await;
    let sec = user(&store, "sec", UserRole::Member).await;
    let lawyer = user(&store, "lawyer", UserRole::Member).await;
    let press = user(&store, "press", UserRole::Member).await;

    // Before the teams exist, a security incident is still private, and nobody is paged.
    let mut d = declaration("Keys leaked", "SEV2");
    d.incident_type = Some("security".into());
    d.private = Some(false);
    let early = store.declare(&ana, &d, None).await.unwrap().incident;
    assert!(early.private, "the starter rule overrides the declarer");
    assert!(run_response(&store, t0).await.is_empty());
    assert!(store.pages_of(early.id).await.unwrap().is_empty());
    // An outage matches no rule: no response job is written at all.
    let mut o = declaration("Slow", "SEV2");
    o.incident_type = Some("outage".into());
    store.declare(&ana, &o, None).await.unwrap();
    assert!(drain(&store, t0).await.is_empty());

    // The teams appear, named in any case; PR is first called "Comms", then renamed.
    let on_call = store
        .save_escalation_policy(&policy_for("Security on call", &sec))
        .await
        .unwrap();
    let security = store
        .create_team(&team("security", Some(on_call.id), &[&sec]))
        .await
        .unwrap();
    let legal = store
        .create_team(&team("Legal", None, &[&lawyer]))
        .await
        .unwrap();
    let comms = store
        .create_team(&team("Comms", None, &[&press]))
        .await
        .unwrap();
    let rule = &store.response_rules().await.unwrap()[0];
    assert_eq!(rule.then.page_teams, [security.id]);
    assert_eq!(rule.then.inform_teams, [legal.id]);
    assert_eq!(rule.then.awaiting_teams.inform, ["PR"]);
    store
        .update_team(
            comms.id,
            &TeamChange {
                name: Some(Name::parse("name", "PR").unwrap()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let rule = &store.response_rules().await.unwrap()[0];
    assert_eq!(rule.then.inform_teams, [legal.id, comms.id]);
    assert!(rule.then.awaiting_teams.is_empty());
    // From now on the rule follows the team by id: renaming Security keeps it paged.
    store
        .update_team(
            security.id,
            &TeamChange {
                name: Some(Name::parse("name", "SecOps").unwrap()),
                ..Default::default()
            },
        )
        .await
        .unwrap();

    let incident = store.declare(&ana, &d, None).await.unwrap().incident;
    assert!(incident.private);
    let deliveries = run_response(&store, t0).await;
    let mut to: Vec<&str> = deliveries
        .iter()
        .map(|j| j.payload["to"].as_str().unwrap())
        .collect();
    to.sort();
    assert_eq!(
        to,
        ["lawyer@example.com", "press@example.com", "sec@example.com"]
    );
    let pages = store.pages_of(incident.id).await.unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].policy_id, Some(on_call.id));
    assert_eq!(pages[0].urgency, Urgency::High);
    assert!(pages[0].reason.contains("SecOps"), "{}", pages[0].reason);
    // Those paged and informed may see the private incident (and acknowledge the page);
    // someone neither paged nor informed may not.
    for who in [&sec, &lawyer, &press] {
        assert!(store.incident(who, incident.id).await.is_ok());
    }
    assert!(store.incident(&ana, early.id).await.is_ok(), "the declarer");
    let outsider = user(&store, "outsider", UserRole::Member).await;
    assert!(store.incident(&outsider, incident.id).await.is_err());
    store.acknowledge_page(&sec, pages[0].id).await.unwrap();

    // The early incident's timeline says why nobody was paged; the later one names who was
    // informed. A response run again after a crash records and sends nothing twice.
    let said = |events: Vec<goldseam_store::events::StoredEvent>, kind: &str| -> Vec<String> {
        events
            .into_iter()
            .filter(|e| e.record.payload.kind() == kind)
            .map(|e| e.record.payload.data_json())
            .collect()
    };
    let early_events = store
        .timeline(&Actor::GOLDSEAM, early.id, 0, 100)
        .await
        .unwrap();
    let gaps = said(early_events, "response_gap");
    assert_eq!(gaps.len(), 3, "{gaps:?}");
    assert!(
        gaps[0].contains(r#""target":"Security""#)
            && gaps[0].contains("no team of that name exists yet"),
        "{gaps:?}"
    );
    store.respond(incident.id, URL).await.unwrap();
    let events = store
        .timeline(&Actor::GOLDSEAM, incident.id, 0, 100)
        .await
        .unwrap();
    let informed = said(events, "informed");
    assert_eq!(
        informed,
        [
            format!(
                r#"{{"reason":"team Legal by rule: {}","user_ids":[{}]}}"#,
                starter.name, lawyer.user_id
            ),
            format!(
                r#"{{"reason":"team PR by rule: {}","user_ids":[{}]}}"#,
                starter.name, press.user_id
            ),
        ]
    );
    assert!(
        run_response(&store, t0).await.is_empty(),
        "nothing sent twice"
    );
}

async fn an_admin_who_deletes_the_starter_rule_does_not_get_it_back(db: TestDb) {
    let store = common::open(&db).await;
    let id = store.response_rules().await.unwrap()[0].id;
    store.delete_response_rule(id).await.unwrap();
    let again = common::open(&db).await;
    assert!(again.response_rules().await.unwrap().is_empty());
}

async fn a_saved_rule_naming_an_existing_team_names_the_team(db: TestDb) {
    let store = common::open(&db).await;
    let ops = store.create_team(&team("Ops", None, &[])).await.unwrap();
    let mut rule: ResponseRule = store.response_rules().await.unwrap().remove(0);
    rule.then.awaiting_teams.inform.push("OPS".into());
    let saved = store.save_response_rule(&rule).await.unwrap();
    assert_eq!(saved.then.inform_teams, [ops.id]);
    assert_eq!(saved.then.awaiting_teams.inform, ["Legal", "PR"]);
}

async fn low_urgency_pages_use_low_urgency_rules_and_wait_for_working_hours(db: TestDb) {
    // 03:00 UTC on a Wednesday: 04:00 in Paris, outside Ana's 09:00-17:00.
    let t0: Timestamp = "2026-11-25T03:00:00Z".parse().unwrap();
    let clock = Arc::new(FixedClock::at(t0));
    let store = open_at(&db, clock.clone()).await;
    let admin = user(&store, "admin", UserRole::Admin).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let sms = store
        .add_contact_method(
            ana.user_id,
            ContactKind::Sms,
            &ContactAddress::parse("address", ContactKind::Sms, "+15551234567").unwrap(),
        )
        .await
        .unwrap();
    let code = VerificationCode::from_random(424_242);
    let Issued::Sent { .. } = store
        .issue_verification_with(ana.user_id, sms.id, &code)
        .await
        .unwrap()
    else {
        panic!("not sent")
    };
    store
        .confirm_verification(ana.user_id, sms.id, &code)
        .await
        .unwrap();
    drain(&store, t0).await; // the verification text
    let rule = |urgency: &str, delay| RuleInput {
        contact_method_id: sms.id,
        delay_minutes: delay,
        urgency: Some(urgency.into()),
    };
    store
        .replace_notification_rules(ana.user_id, &[rule("high", 0), rule("low", 10)])
        .await
        .unwrap();
    let days = ["monday", "tuesday", "wednesday", "thursday", "friday"];
    let windows: Vec<(String, String, String)> = days
        .iter()
        .map(|d| (d.to_string(), "09:00".into(), "17:00".into()))
        .collect();
    store
        .update_profile(
            ana.user_id,
            &ProfileChange {
                time_zone: Some(Some(
                    TimeZoneName::parse("time_zone", "Europe/Paris").unwrap(),
                )),
                working_hours: Some(WorkingHours::parse(&windows).unwrap()),
            },
        )
        .await
        .unwrap();

    let mut rule = store.response_rules().await.unwrap().remove(0);
    rule.then.responders = vec![ana.user_id];
    rule.then.urgency = Urgency::Low;
    store.save_response_rule(&rule).await.unwrap();
    let mut d = declaration("Odd login", "SEV4");
    d.incident_type = Some("security".into());
    let incident = store.declare(&admin, &d, None).await.unwrap().incident;
    assert!(
        run_response(&store, t0).await.is_empty(),
        "nothing at 04:00 Paris"
    );
    let page = store.pages_of(incident.id).await.unwrap().remove(0);
    assert_eq!(page.urgency, Urgency::Low);
    assert!(page.reason.ends_with("(low urgency)"), "{}", page.reason);
    // 09:00 Paris is 08:00 UTC; the low rule's 10 minutes count from then.
    let nine_ten: Timestamp = "2026-11-25T08:10:00Z".parse().unwrap();
    let early = nine_ten - SignedDuration::from_secs(1);
    let too_early = drain(&store, early).await;
    assert!(too_early.is_empty(), "{too_early:?}");
    let sent = drain(&store, nine_ten).await;
    assert_eq!(sent.len(), 1, "the low-urgency rule only");
    assert!(
        sent[0].idempotency_key.ends_with(":d10"),
        "{}",
        sent[0].idempotency_key
    );
    assert_eq!(sent[0].destination, "sms:+15551234567");

    // A high-urgency rule pages at once, at night, by the high rule only.
    rule.then.urgency = Urgency::High;
    store.save_response_rule(&rule).await.unwrap();
    let incident = store.declare(&admin, &d, None).await.unwrap().incident;
    let sent = run_response(&store, t0 + SignedDuration::from_mins(60)).await;
    assert_eq!(sent.len(), 1);
    assert!(sent[0].idempotency_key.ends_with(":d0"));
    assert_eq!(
        store.pages_of(incident.id).await.unwrap()[0].urgency,
        Urgency::High
    );
}

goldseam_testdb::on_both_databases!(
    security_incidents_page_security_and_inform_legal_and_pr_once_the_teams_exist,
    an_admin_who_deletes_the_starter_rule_does_not_get_it_back,
    a_saved_rule_naming_an_existing_team_names_the_team,
    low_urgency_pages_use_low_urgency_rules_and_wait_for_working_hours
);
