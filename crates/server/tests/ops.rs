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

/// Series in the exposition (every line that is not a comment).
async fn series(app: &TestApp) -> Vec<String> {
    let text = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.rsplit_once(' ').map_or(l, |(name, _)| name).to_string())
        .collect()
}

async fn odd_methods_and_paths_add_no_metric_series(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let send = |method: &str, path: String| {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        app.client
            .request(method, app.url(&path))
            .bearer_auth(&ana.token)
            .send()
    };
    let kinds = |i: usize| {
        [
            (format!("ZZFOO{i}"), "/healthz".to_string()),
            (format!("X-{i}"), format!("/api/v1/incidents/{i}")),
            ("GET".to_string(), format!("/no/such/page/{i}")),
            ("GET".to_string(), format!("/api/v1/nothing-{i}")),
            (format!("PROPFIND{i}"), format!("/api/v1/nowhere/{i}")),
        ]
    };
    // One of each kind first: the `other` and `unmatched` series they share now exist (and
    // /metrics' own, recorded after it answers).
    for (method, path) in kinds(0) {
        send(&method, path).await.unwrap();
    }
    series(&app).await;
    let before = series(&app).await;
    for i in 1..=200 {
        for (method, path) in kinds(i) {
            send(&method, path).await.unwrap();
        }
    }
    let after = series(&app).await;
    assert_eq!(
        before.len(),
        after.len(),
        "1,000 odd requests added series: {:?}",
        after
            .iter()
            .filter(|s| !before.contains(s))
            .collect::<Vec<_>>()
    );
    assert!(after.iter().any(|s| s.contains("method=\"other\"")));
    assert!(after.iter().any(|s| s.contains("route=\"unmatched\"")));
}

async fn metrics_can_have_a_listener_of_their_own(db: TestDb) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let metrics_at = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let config = goldseam_server::ServerConfig {
        metrics_listen: Some(metrics_at),
        ..Default::default()
    };
    let app = TestApp::spawn_with(&db, config).await;
    let public = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(public.status(), 404, "not on the public listener");
    assert_eq!(public.headers()["content-type"], "application/problem+json");
    let private = app
        .client
        .get(format!("http://{metrics_at}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(private.status(), 200);
    assert!(private.text().await.unwrap().contains(
        "goldseam_http_requests_total{method=\"GET\",route=\"/metrics\",status=\"404\"} 1"
    ));
    let other = app
        .client
        .get(format!("http://{metrics_at}/api/v1/incidents"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        other.status(),
        404,
        "the metrics listener serves nothing else"
    );
    app.shutdown().await;
}

goldseam_testdb::on_both_databases!(
    health_readiness_and_metrics_report_what_happened,
    odd_methods_and_paths_add_no_metric_series,
    metrics_can_have_a_listener_of_their_own,
);
