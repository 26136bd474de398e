//! The response to a declaration on both databases: rules add responders (Goldseam assigns
//! them), pages start and are on the timeline, escalation steps notify people, and an
//! acknowledgement cancels what is still waiting.

mod common;

use common::{declaration, open, user};
use goldseam_core::response::{ResponseRule, RuleActions, RuleConditions};
use goldseam_core::{Actor, EventPayload, IncidentId, PageId, UserId, UserRole};
use goldseam_store::jobs::Job;
use goldseam_store::response::{Acknowledged, EscalateJob, RespondJob};
use goldseam_store::Store;
use goldseam_testdb::TestDb;
use jiff::{SignedDuration, Timestamp};

/// Every queued job due before `until`, claimed (and so out of the queue), oldest first.
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
        all.extend(got);
    }
}

fn later() -> Timestamp {
    Timestamp::now()
        .checked_add(SignedDuration::from_hours(24))
        .unwrap()
}

async fn rules_add_responders_who_are_paged_until_someone_acknowledges(db: TestDb) {
    let store = open(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let bo = user(&store, "bo", UserRole::Member).await;
    let lee = user(&store, "lee", UserRole::Viewer).await;

    // Without a matching rule or an incident-manager schedule there is nothing to respond with.
    store
        .declare(&ana, &declaration("Quiet", "SEV3"), None)
        .await
        .unwrap();
    assert!(drain(&store, later()).await.is_empty());

    store
        .save_response_rule(&ResponseRule {
            id: goldseam_core::ResponseRuleId::UNSAVED,
            name: "Security".into(),
            enabled: true,
            when: RuleConditions {
                types: vec!["security".into()],
                ..Default::default()
            },
            then: RuleActions {
                responders: vec![bo.user_id],
                inform_users: vec![lee.user_id],
                make_private: true,
                ..Default::default()
            },
        })
        .await
        .unwrap();
    let mut d = declaration("Leaked keys", "SEV2");
    d.incident_type = Some("outage".into());
    d.private = Some(false);
    let outage = store.declare(&ana, &d, None).await.unwrap().incident;
    d.incident_type = Some("security".into());
    let secret = store.declare(&ana, &d, None).await.unwrap().incident;
    // A rule makes it private from its first event, even against the declarer's choice.
    assert!(secret.private);
    assert!(!outage.private);

    let jobs = drain(&store, later()).await;
    let kinds: Vec<(&str, Option<IncidentId>)> = jobs
        .iter()
        .map(|j| (j.kind.as_str(), j.incident_id))
        .collect();
    assert_eq!(
        kinds,
        [("respond", Some(secret.id))],
        "only an incident some rule matches gets a response"
    );
    for j in &jobs {
        let job: RespondJob = serde_json::from_value(j.payload.clone()).unwrap();
        store
            .respond(job.incident_id, "https://goldseam.example.com/")
            .await
            .unwrap();
    }
    // Twice changes nothing.
    store
        .respond(secret.id, "https://goldseam.example.com")
        .await
        .unwrap();

    let now = store.incident(&Actor::GOLDSEAM, secret.id).await.unwrap();
    assert!(now
        .roles
        .iter()
        .any(|h| h.role == "responder" && h.user_id == bo.user_id));
    assert!(
        store
            .incident(&Actor::GOLDSEAM, outage.id)
            .await
            .unwrap()
            .roles
            .is_empty(),
        "the rule is for security only"
    );
    let pages = store.pages_of(secret.id).await.unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].user_id, Some(bo.user_id));
    // Bo, now a responder, may see the private incident; Goldseam's events carry no user.
    let timeline = store.timeline(&bo, secret.id, 0, 100).await.unwrap();
    let paged = timeline
        .iter()
        .find(|e| matches!(e.record.payload, EventPayload::Paged { .. }))
        .expect("the page is on the timeline");
    assert_eq!(paged.record.actor_id, None);

    let jobs = drain(&store, later()).await;
    let mut kinds: Vec<&str> = jobs.iter().map(|j| j.kind.as_str()).collect();
    kinds.sort();
    assert_eq!(
        kinds,
        ["email", "escalate"],
        "Lee is informed by email; Bo's page escalates"
    );
    let inform = jobs.iter().find(|j| j.kind == "email").unwrap();
    assert_eq!(inform.payload["to"], "lee@example.com");
    assert_eq!(
        inform.payload["link"],
        format!("https://goldseam.example.com/incidents/INC-{}", secret.id)
    );

    let step: EscalateJob = serde_json::from_value(
        jobs.iter()
            .find(|j| j.kind == "escalate")
            .unwrap()
            .payload
            .clone(),
    )
    .unwrap();
    store
        .escalate(&step, "https://goldseam.example.com")
        .await
        .unwrap();
    store
        .escalate(&step, "https://goldseam.example.com")
        .await
        .unwrap();
    let deliveries = drain(&store, later()).await;
    assert_eq!(deliveries.len(), 1, "once, however often the step runs");
    assert_eq!(
        deliveries[0].payload["to"], "bo@example.com",
        "no notification rules: the account email"
    );
    assert!(deliveries[0]
        .idempotency_key
        .starts_with(&format!("page:{}:", pages[0].id)));

    // An acknowledgement is recorded once and says who was first.
    let first = store.acknowledge_page(&bo, pages[0].id).await.unwrap();
    assert!(matches!(first, Acknowledged::Now { .. }));
    let again = store.acknowledge_page(&ana, pages[0].id).await.unwrap();
    assert!(matches!(again, Acknowledged::Already(p) if p.acknowledged_by == Some(bo.user_id)));
    // After it, a step that comes due notifies nobody.
    store
        .escalate(
            &EscalateJob { round: 1, ..step },
            "https://goldseam.example.com",
        )
        .await
        .unwrap();
    assert!(drain(&store, later()).await.is_empty());
    // Someone who may not see the incident may not acknowledge its pages.
    let eve = user(&store, "eve", UserRole::Member).await;
    assert!(store.acknowledge_page(&eve, pages[0].id).await.is_err());
}

async fn acknowledgement_links_are_signed_and_expire(db: TestDb) {
    let clock = std::sync::Arc::new(goldseam_store::time::FixedClock::at(
        "2026-11-25T03:00:00Z".parse().unwrap(),
    ));
    let store = Store::open(goldseam_store::StoreOptions {
        clock: clock.clone(),
        ..goldseam_store::StoreOptions::new(&db.url)
    })
    .await
    .unwrap();
    let token = store
        .ack_token(PageId::from_db(7), UserId::from_db(3))
        .await
        .unwrap();
    assert_eq!(
        store.check_ack_token(&token).await.unwrap(),
        Ok(goldseam_store::response::AckLink {
            page_id: PageId::from_db(7),
            user_id: UserId::from_db(3)
        })
    );
    // The same secret serves every later link (and every instance: it is in the database).
    let again = Store::open(goldseam_store::StoreOptions {
        clock: clock.clone(),
        ..goldseam_store::StoreOptions::new(&db.url)
    })
    .await
    .unwrap();
    assert!(again.check_ack_token(&token).await.unwrap().is_ok());
    // Another page, another user or a later expiry with the same signature: refused.
    let parts: Vec<&str> = token.split('.').collect();
    for forged in [
        format!("8.{}.{}.{}", parts[1], parts[2], parts[3]),
        format!("{}.4.{}.{}", parts[0], parts[2], parts[3]),
        format!("{}.{}.99999999999.{}", parts[0], parts[1], parts[3]),
        "garbage".to_string(),
        String::new(),
    ] {
        assert_eq!(
            store.check_ack_token(&forged).await.unwrap(),
            Err(goldseam_store::response::LinkError::Invalid),
            "{forged}"
        );
    }
    clock.set("2026-11-26T03:00:01Z".parse().unwrap());
    assert_eq!(
        store.check_ack_token(&token).await.unwrap(),
        Err(goldseam_store::response::LinkError::Expired)
    );
}

goldseam_testdb::on_both_databases!(
    rules_add_responders_who_are_paged_until_someone_acknowledges,
    acknowledgement_links_are_signed_and_expire
);
