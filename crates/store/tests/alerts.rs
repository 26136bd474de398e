//! Alerts in storage, on both databases: a request is stored once the call returns (and a
//! redelivery by its delivery id is not stored twice), processing applies each stored request
//! exactly once and in order, a group made and resolved within one batch is stored whole, an
//! incident resolving resolves its groups, and processed requests go after their retention.

mod common;

use goldseam_core::alerts::{AlertPolicy, Endpoint, SourceKind};
use goldseam_store::alerts::{
    AlertFilter, EffectKind, InboxRequest, IntegrationInput, Stored, EFFECT_KIND, RETENTION,
};
use goldseam_store::secrets::Secret;
use goldseam_store::time::FixedClock;
use goldseam_store::{Store, StoreOptions};
use goldseam_testdb::TestDb;
use jiff::SignedDuration;
use serde_json::json;
use std::sync::Arc;

async fn fixed_store(db: &TestDb) -> (Store, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::at("2026-12-01T10:00:00Z".parse().unwrap()));
    let mut opts = StoreOptions::new(&db.url);
    opts.clock = clock.clone();
    (Store::open(opts).await.unwrap(), clock)
}

fn input(name: &str) -> IntegrationInput {
    IntegrationInput {
        name: name.into(),
        service_id: None,
        team_id: None,
        policy: AlertPolicy::default(),
        mapping: None,
        signing_secret: None,
    }
}

fn event(integration: i64, key: &str, action: &str, dedup: &str) -> InboxRequest {
    let body = json!({
        "routing_key": key, "event_action": action, "dedup_key": dedup,
        "payload": {"summary": format!("Disk full on {dedup}"), "source": "db-1", "severity": "error"}
    });
    InboxRequest {
        integration_id: integration,
        endpoint: Endpoint::Enqueue,
        subject: None,
        assigned_key: None,
        delivery_id: None,
        headers: json!({"user-agent": "test"}),
        body: body.to_string(),
    }
}

/// Effects queued so far, as (kind, group) pairs, completing them.
async fn effects(store: &Store) -> Vec<String> {
    let jobs = store
        .claim("test", store.now(), SignedDuration::from_secs(60), 100)
        .await
        .unwrap();
    let mut out = Vec::new();
    for job in jobs {
        if job.kind == EFFECT_KIND {
            let e: goldseam_store::alerts::AlertEffectJob =
                serde_json::from_value(job.payload.clone()).unwrap();
            if let EffectKind::Group { effects, .. } = e.kind {
                for e in effects {
                    let v = serde_json::to_value(e.effect).unwrap();
                    out.push(v["effect"].as_str().unwrap().to_owned());
                }
            }
        }
        let _ = store.complete(job.id, "test").await.unwrap();
    }
    out
}

async fn each_request_is_applied_once_and_in_order(db: TestDb) {
    let (store, _) = fixed_store(&db).await;
    let (i, key) = store
        .create_integration(SourceKind::Pagerduty, &input("Checkout"))
        .await
        .unwrap();
    let key = key.0.expose().to_owned();
    assert_eq!(
        store
            .integration_by_key(&key)
            .await
            .unwrap()
            .unwrap()
            .integration
            .id,
        i.id
    );
    assert!(store
        .integration_by_key("not-a-key")
        .await
        .unwrap()
        .is_none());
    // Fire and resolve in one batch: the group is made, resolved and stored with its real id.
    for (action, dedup) in [
        ("trigger", "a"),
        ("trigger", "a"),
        ("resolve", "a"),
        ("trigger", "b"),
    ] {
        assert_eq!(
            store
                .store_alert_request(event(i.id, &key, action, dedup))
                .await
                .unwrap(),
            Stored::New
        );
    }
    assert_eq!(store.alert_backlog().await.unwrap(), 4);
    assert_eq!(store.process_alerts(100).await.unwrap(), 4);
    assert_eq!(
        store.process_alerts(100).await.unwrap(),
        0,
        "nothing is applied twice"
    );
    assert_eq!(store.alert_backlog().await.unwrap(), 0);
    let alerts = store
        .alerts(&AlertFilter {
            integration_id: Some(i.id),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    let by_key = |k: &str| alerts.iter().find(|a| a.dedup_key == k).unwrap();
    assert_eq!(by_key("a").status.as_str(), "resolved");
    assert_eq!(by_key("a").received, 3);
    assert_eq!(by_key("b").status.as_str(), "firing");
    let groups = store
        .alert_groups(&AlertFilter {
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(groups.len(), 2);
    for g in &groups {
        assert!(g.id > 0);
        assert!(
            alerts.iter().any(|a| a.group_id == Some(g.id)),
            "group {} has its alert",
            g.id
        );
    }
    assert_eq!(effects(&store).await, ["trigger", "resolve", "trigger"]);
    let i = store.integration(i.id).await.unwrap();
    assert_eq!((i.received, i.deduplicated), (4, 1));
    let items = store.inbox_items(i.id, 10).await.unwrap();
    assert_eq!(items.len(), 4);
    assert!(items
        .iter()
        .all(|r| r.processed_at.is_some() && r.error.is_none()));
    let second = &items[2];
    assert_eq!(
        second.outcome.as_ref().unwrap()[0]["outcome"],
        "duplicate",
        "{:?}",
        second.outcome
    );
}

async fn a_redelivery_is_stored_once(db: TestDb) {
    let (store, _) = fixed_store(&db).await;
    let mut signed = input("PagerDuty account");
    signed.signing_secret = Some(Secret::new("s3cret"));
    let (i, _) = store
        .create_integration(SourceKind::PagerdutyWebhook, &signed)
        .await
        .unwrap();
    let delivery = |id: &str| InboxRequest {
        integration_id: i.id,
        endpoint: Endpoint::Webhook,
        subject: None,
        assigned_key: None,
        delivery_id: Some(id.into()),
        headers: json!({}),
        body: "{}".into(),
    };
    assert_eq!(
        store.store_alert_request(delivery("ev-1")).await.unwrap(),
        Stored::New
    );
    assert_eq!(
        store.store_alert_request(delivery("ev-1")).await.unwrap(),
        Stored::Repeat
    );
    assert_eq!(
        store.store_alert_request(delivery("ev-2")).await.unwrap(),
        Stored::New
    );
    assert_eq!(store.alert_backlog().await.unwrap(), 2);
    // Unreadable bodies are kept with the reason, and never block the ones after them.
    assert_eq!(store.process_alerts(10).await.unwrap(), 2);
    let items = store.inbox_items(i.id, 10).await.unwrap();
    assert!(items.iter().all(|r| r.error.is_some()), "{items:?}");
}

async fn a_resolved_incident_resolves_its_groups(db: TestDb) {
    let (store, _) = fixed_store(&db).await;
    let (i, key) = store
        .create_integration(SourceKind::Pagerduty, &input("API"))
        .await
        .unwrap();
    let key = key.0.expose().to_owned();
    store
        .store_alert_request(event(i.id, &key, "trigger", "x"))
        .await
        .unwrap();
    store.process_alerts(10).await.unwrap();
    let job = store
        .claim("test", store.now(), SignedDuration::from_secs(60), 10)
        .await
        .unwrap()
        .into_iter()
        .find(|j| j.kind == EFFECT_KIND)
        .unwrap();
    let e: goldseam_store::alerts::AlertEffectJob = serde_json::from_value(job.payload).unwrap();
    store.run_alert_effect(&e).await.unwrap();
    let g = &store
        .alert_groups(&AlertFilter {
            limit: 1,
            ..Default::default()
        })
        .await
        .unwrap()[0];
    let incident = g.incident_id.expect("the trigger opened an incident");
    let resolve = goldseam_store::incidents::Change::Core(goldseam_core::Command::ChangeStatus {
        to: goldseam_core::Status::Resolved,
        reason: None,
    });
    store
        .change(
            &goldseam_core::Actor::GOLDSEAM,
            incident,
            &[resolve],
            None,
            false,
        )
        .await
        .unwrap();
    let g = store.alert_group(g.id).await.unwrap();
    assert_eq!(g.status.as_str(), "resolved");
}

async fn processed_requests_go_after_their_retention(db: TestDb) {
    let (store, clock) = fixed_store(&db).await;
    let (i, key) = store
        .create_integration(SourceKind::Pagerduty, &input("Old"))
        .await
        .unwrap();
    let key = key.0.expose().to_owned();
    store
        .store_alert_request(event(i.id, &key, "trigger", "old"))
        .await
        .unwrap();
    store.process_alerts(10).await.unwrap();
    clock.set(store.now() + RETENTION + SignedDuration::from_secs(1));
    store
        .store_alert_request(event(i.id, &key, "trigger", "new"))
        .await
        .unwrap();
    assert_eq!(store.sweep_alert_requests(store.now()).await.unwrap(), 1);
    let left = store.inbox_items(i.id, 10).await.unwrap();
    assert_eq!(left.len(), 1);
    assert!(
        left[0].processed_at.is_none(),
        "a waiting request is never deleted"
    );
    // The alert stays, with its explanation.
    assert_eq!(
        store.alert_by_key(i.id, "old").await.unwrap().outcome,
        "new"
    );
}

goldseam_testdb::on_both_databases!(
    each_request_is_applied_once_and_in_order,
    a_redelivery_is_stored_once,
    a_resolved_incident_resolves_its_groups,
    processed_requests_go_after_their_retention
);
