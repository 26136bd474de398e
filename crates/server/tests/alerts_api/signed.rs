//! Signed senders: Grafana with a signing secret (HMAC-SHA256 over the body, or over
//! `{timestamp}:{body}`), and PagerDuty v3 webhooks (always signed; a retried delivery is
//! answered as a duplicate and stored once).

use super::{
    counters, hmac_sha256_hex, incidents, integration, len, send, spawn, wait_for,
    wait_for_counters, TestApp, TestUser,
};
use goldseam_testdb::TestDb;
use reqwest::Method;
use serde_json::{json, Value};

/// PagerDuty's published signature vector (shared/fixtures/pagerduty), its body copied byte
/// for byte.
const PD_SECRET: &str = "lDQHScfUeXUKaQRNF+8XIiDKZ7XX3itBAYzwU0TARw8lJqRnkKl2iB1anSb0Z+IK";
const PD_VALID: &str = "v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd";
const PD_INVALID: &str = "v1=7020c8a7ec668a9b7012bc3dd82e483394b038f4230acc6785efbf2a7d8bcaf5";
const PD_BODY: &[u8] = include_bytes!("testdata/pagerduty-v3-priority_updated.json");

fn grafana_notification() -> String {
    json!({
        "version": "1", "orgId": 1, "state": "alerting", "title": "[FIRING:1] HighLatency",
        "message": "p99 above 2s", "groupKey": "{}/{}:{alertname=\"HighLatency\"}",
        "status": "firing", "receiver": "goldseam", "truncatedAlerts": 0,
        "groupLabels": {"alertname": "HighLatency"}, "commonLabels": {"alertname": "HighLatency"},
        "commonAnnotations": {}, "externalURL": "https://grafana.example/",
        "alerts": [{
            "status": "firing", "fingerprint": "c0ffee00c0ffee00",
            "labels": {"alertname": "HighLatency", "severity": "critical"},
            "annotations": {"summary": "Checkout p99 latency above 2s"},
            "startsAt": "2024-05-01T10:00:00Z", "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "https://grafana.example/alerting/grafana/abc/view",
            "valueString": "[ var='A' value=2.4 ]"
        }]
    })
    .to_string()
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

async fn requests(app: &TestApp, admin: &TestUser, id: &Value) -> Value {
    app.get(admin, &format!("/api/v1/integrations/{id}/requests"))
        .await
        .body
}

pub(crate) async fn grafana_signatures_are_checked(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    let secret = "grafana-contact-point-secret";
    let g = integration(
        &app,
        &admin,
        json!({"kind": "grafana", "name": "Grafana", "signing_secret": secret}),
    )
    .await;
    assert_eq!(g["signed"], true);
    let path = format!("/integrations/grafana/{}", g["key"].as_str().unwrap());
    let body = grafana_notification();
    let post = |headers: Vec<(&'static str, String)>| {
        let (app, path, body) = (&app, &path, body.clone());
        async move {
            let h: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
            send(app, Method::POST, path, body, &h).await
        }
    };
    const SIG: &str = "x-grafana-alerting-signature";
    const TS: &str = "x-grafana-alerting-timestamp";

    // Forged, unsigned and stale: 401, and nothing stored.
    let forged = hmac_sha256_hex(b"another secret", body.as_bytes());
    let r = post(vec![(SIG, forged)]).await;
    assert_eq!(r.status, 401, "{}", r.body);
    assert_eq!(r.headers["content-type"], "application/problem+json");
    let r = post(vec![]).await;
    assert_eq!(r.status, 401, "{}", r.body);
    let stale = (unix_now() - 3600).to_string();
    let signed_stale = hmac_sha256_hex(secret.as_bytes(), format!("{stale}:{body}").as_bytes());
    let r = post(vec![(SIG, signed_stale), (TS, stale)]).await;
    assert_eq!(r.status, 401, "{}", r.body);
    let said = r.body["detail"].as_str().unwrap_or_default();
    assert!(said.contains("timestamp is 3600 s away"), "{said}");
    // A signature over the body alone does not pass once a timestamp is sent with it.
    let now = unix_now().to_string();
    let body_only = hmac_sha256_hex(secret.as_bytes(), body.as_bytes());
    let r = post(vec![(SIG, body_only.clone()), (TS, now.clone())]).await;
    assert_eq!(r.status, 401, "{}", r.body);
    wait_for_counters(
        &app,
        &admin,
        &g["id"],
        json!({"received": 0, "deduplicated": 0, "grouped": 0, "rejected": 4}),
    )
    .await;
    assert_eq!(len(&requests(&app, &admin, &g["id"]).await), 0);
    assert_eq!(len(&app.get(&admin, "/api/v1/alerts").await.body), 0);

    // Signed right, as Grafana signs (lowercase hex), with and without a fresh timestamp.
    let r = post(vec![(SIG, body_only)]).await;
    assert_eq!(r.status, 202, "{}", r.body);
    assert_eq!(r.body["status"], "accepted");
    let with_ts = hmac_sha256_hex(secret.as_bytes(), format!("{now}:{body}").as_bytes());
    let r = post(vec![(SIG, with_ts), (TS, now)]).await;
    assert_eq!(r.status, 202, "{}", r.body);
    let alerts = wait_for(&app, &admin, "/api/v1/alerts", "the alert, twice", |b| {
        b[0]["received"] == 2
    })
    .await;
    assert_eq!(len(&alerts), 1, "{alerts}");
    assert_eq!(alerts[0]["summary"], "Checkout p99 latency above 2s");
    assert_eq!(alerts[0]["severity"], "critical");
    let c = counters(&app, &admin, &g["id"]).await;
    assert_eq!(c["received"], 2, "{c}");
    assert_eq!(c["rejected"], 4, "{c}");
    // The secret is never kept with the requests.
    let kept = requests(&app, &admin, &g["id"]).await;
    assert_eq!(len(&kept), 2, "{kept}");
    assert!(!kept.to_string().contains(secret));
}

pub(crate) async fn pagerduty_v3_deliveries_are_signed_and_deduplicated(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    let r = app
        .post(
            &admin,
            "/api/v1/integrations",
            json!({"kind": "pagerduty_webhook", "name": "PagerDuty mirror"}),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(super::common::problem_fields(&r.body), ["signing_secret"]);

    let pd = integration(
        &app,
        &admin,
        json!({"kind": "pagerduty_webhook", "name": "PagerDuty mirror", "signing_secret": PD_SECRET}),
    )
    .await;
    let path = format!(
        "/integrations/pagerduty-webhook/{}",
        pd["key"].as_str().unwrap()
    );
    let deliver = |signature: &'static str| {
        let (app, path) = (&app, &path);
        async move {
            let h = [("x-pagerduty-signature", signature)];
            send(app, Method::POST, path, PD_BODY, &h).await
        }
    };
    let r = deliver(PD_INVALID).await;
    assert_eq!(r.status, 401, "{}", r.body);
    let r = deliver(PD_VALID).await;
    assert_eq!(r.status, 202, "{}", r.body);
    assert_eq!(r.body, json!({"status": "accepted", "signals": 1}));
    // PagerDuty retries a delivery it did not hear back about: the same event id.
    let r = deliver(PD_VALID).await;
    assert_eq!(r.status, 202, "{}", r.body);
    assert_eq!(r.body["status"], "duplicate");
    // During a secret rotation the header carries several signatures; one matching is enough.
    let both = "v1=7020c8a7ec668a9b7012bc3dd82e483394b038f4230acc6785efbf2a7d8bcaf5,v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd";
    let r = deliver(both).await;
    assert_eq!(r.status, 202, "{}", r.body);
    assert_eq!(r.body["status"], "duplicate");

    wait_for(
        &app,
        &admin,
        &format!("/api/v1/integrations/{}/requests", pd["id"]),
        "the delivery processed",
        |b| b[0]["processed_at"].is_string(),
    )
    .await;
    let kept = requests(&app, &admin, &pd["id"]).await;
    assert_eq!(len(&kept), 1, "stored once: {kept}");
    // A priority change of an incident Goldseam never saw changes nothing.
    let outcome = kept[0]["outcome"].to_string();
    assert!(outcome.contains("no alert has this key"), "{outcome}");
    wait_for_counters(
        &app,
        &admin,
        &pd["id"],
        json!({"received": 1, "deduplicated": 0, "grouped": 0, "rejected": 1}),
    )
    .await;
    assert!(incidents(&app, &admin).await.is_empty());
}

/// A v3 webhook about incident PQ1ABCD, signed with `secret`.
fn v3_event(id: &str, event_type: &str, status: &str) -> String {
    json!({"event": {
        "id": id, "event_type": event_type, "resource_type": "incident",
        "occurred_at": "2024-05-01T10:00:00.000Z",
        "agent": {"id": "PUSER01", "type": "user_reference", "summary": "Grace Hopper"},
        "client": null,
        "data": {
            "id": "PQ1ABCD", "type": "incident", "number": 42, "status": status,
            "title": "Payments API returning 502s", "urgency": "high",
            "html_url": "https://acme.pagerduty.com/incidents/PQ1ABCD",
            "service": {"id": "PSVC001", "type": "service_reference", "summary": "Payments API"},
            "priority": {"id": "PPRIO01", "type": "priority_reference", "summary": "P1"}
        }
    }})
    .to_string()
}

pub(crate) async fn pagerduty_v3_incidents_open_and_resolve_incidents(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    let secret = "a rotated v3 subscription secret";
    let pd = integration(
        &app,
        &admin,
        json!({"kind": "pagerduty_webhook", "name": "PagerDuty mirror", "signing_secret": secret}),
    )
    .await;
    let path = format!(
        "/integrations/pagerduty-webhook/{}",
        pd["key"].as_str().unwrap()
    );
    let deliver = |body: String| {
        let (app, path) = (&app, &path);
        async move {
            let sig = format!("v1={}", hmac_sha256_hex(secret.as_bytes(), body.as_bytes()));
            send(
                app,
                Method::POST,
                path,
                body,
                &[("x-pagerduty-signature", &sig)],
            )
            .await
        }
    };
    let r = deliver(v3_event("01EVT0TRIGGER", "incident.triggered", "triggered")).await;
    assert_eq!(r.status, 202, "{}", r.body);
    let groups = wait_for(&app, &admin, "/api/v1/alert-groups", "the incident", |b| {
        b[0]["incident"].is_string()
    })
    .await;
    let reference = groups[0]["incident"].as_str().unwrap().to_owned();
    let incident = app
        .get(&admin, &format!("/api/v1/incidents/{reference}"))
        .await
        .body;
    assert_eq!(incident["title"], "Payments API returning 502s");
    assert_eq!(incident["severity"], "SEV1", "P1 is critical");
    let alerts = app.get(&admin, "/api/v1/alerts").await.body;
    assert_eq!(alerts[0]["dedup_key"], "PQ1ABCD");
    assert_eq!(alerts[0]["key_from"], "pagerduty_incident");
    assert_eq!(alerts[0]["labels"]["service"], "Payments API");

    let r = deliver(v3_event("01EVT1RESOLVE", "incident.resolved", "resolved")).await;
    assert_eq!(r.status, 202, "{}", r.body);
    assert_eq!(r.body["status"], "accepted");
    wait_for(
        &app,
        &admin,
        &format!("/api/v1/incidents/{reference}"),
        "the incident resolved",
        |b| b["status"] == "resolved",
    )
    .await;
    assert_eq!(incidents(&app, &admin).await.len(), 1);
}

pub(crate) async fn a_delivery_sent_many_times_at_once_is_accepted_once(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    let pd = integration(
        &app,
        &admin,
        json!({"kind": "pagerduty_webhook", "name": "PagerDuty mirror", "signing_secret": PD_SECRET}),
    )
    .await;
    let path = format!(
        "/integrations/pagerduty-webhook/{}",
        pd["key"].as_str().unwrap()
    );
    // PagerDuty retrying while the first attempt is still in flight: the copies race into
    // one inbox batch. One is stored; the sender hears "accepted" once.
    let answers = futures::future::join_all((0..8).map(|_| {
        let (app, path) = (&app, &path);
        async move {
            let h = [("x-pagerduty-signature", PD_VALID)];
            send(app, Method::POST, path, PD_BODY, &h).await
        }
    }))
    .await;
    let mut words: Vec<String> = answers
        .iter()
        .map(|r| {
            assert_eq!(r.status, 202, "{}", r.body);
            r.body["status"].as_str().unwrap().to_owned()
        })
        .collect();
    words.sort();
    let accepted = words.iter().filter(|w| *w == "accepted").count();
    assert_eq!(accepted, 1, "{words:?}");
    assert_eq!(len(&requests(&app, &admin, &pd["id"]).await), 1);
    // Counted by the processor, once the request is processed.
    let path = format!("/api/v1/integrations/{}", pd["id"]);
    wait_for(&app, &admin, &path, "the request counted", |b| {
        b["counters"]["received"] == 1
    })
    .await;
    assert_eq!(counters(&app, &admin, &pd["id"]).await["received"], 1);
}
