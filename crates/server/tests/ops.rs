//! Health, readiness and metrics.

mod common;

use common::TestApp;
use goldseam_core::UserRole;
use goldseam_testdb::TestDb;
use serde_json::json;

async fn health_readiness_and_metrics_report_what_happened(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let get = |path: &str| app.client.get(app.url(path)).send();
    assert_eq!(get("/healthz").await.unwrap().status(), 200);
    assert_eq!(get("/readyz").await.unwrap().status(), 200);
    app.declare(&ana, json!({"title": "Counted", "severity": "SEV3"}))
        .await;
    app.get(&ana, "/api/v1/incidents/INC-1").await;
    app.get(&ana, "/api/v1/incidents/INC-77").await;
    let _stream = app.stream(&ana, "/api/v1/events", None).await;
    // One delivery waiting (this test server runs no delivery engine).
    app.store
        .enqueue(&goldseam_store::jobs::NewJob {
            kind: "webhook".into(),
            destination: "webhook:https://example.com".into(),
            idempotency_key: "k1".into(),
            payload: serde_json::json!({"url": "https://example.com", "body": {}}),
            incident_id: None,
            run_at: None,
        })
        .await
        .unwrap();
    let res = get("/metrics").await.unwrap();
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    let text = res.text().await.unwrap();
    for line in [
        "goldseam_http_requests_total{method=\"POST\",route=\"/api/v1/incidents\",status=\"201\"} 1",
        "goldseam_http_requests_total{method=\"GET\",route=\"/api/v1/incidents/{ref}\",status=\"200\"} 1",
        "goldseam_http_requests_total{method=\"GET\",route=\"/api/v1/incidents/{ref}\",status=\"404\"} 1",
        "goldseam_http_request_duration_seconds_count{method=\"POST\",route=\"/api/v1/incidents\"} 1",
        "goldseam_incidents_declared_total 1",
        "goldseam_open_streams 1",
        "goldseam_jobs{state=\"queued\"} 1",
        "goldseam_jobs{state=\"dead\"} 0",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    // The database going away makes the instance unready, not dead.
    app.store.close().await;
    assert_eq!(get("/readyz").await.unwrap().status(), 503);
    assert_eq!(get("/healthz").await.unwrap().status(), 200);
}

goldseam_testdb::on_both_databases!(health_readiness_and_metrics_report_what_happened);
