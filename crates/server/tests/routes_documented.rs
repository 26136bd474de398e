//! The router and the OpenAPI document cannot disagree: every endpoint is registered once,
//! through `utoipa_axum::routes!`, which takes its path and method from the handler's
//! `#[utoipa::path]`. These tests hold that in place:
//! - every documented operation is routed (a request reaches it, not the fallback or a 405);
//! - no route is added beside the document: the only plain `.route(` calls in the server are
//!   the document itself and the metrics listener's.

mod common;

use common::TestApp;
use goldseam_testdb::{Kind, TestDb};
use reqwest::Method;
use std::path::Path;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_documented_operation_is_routed() {
    let db = TestDb::new(Kind::Sqlite).await;
    let app = TestApp::spawn(&db).await;
    let doc = serde_json::to_value(goldseam_server::openapi::document()).unwrap();
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            // Any value fits any parameter's shape well enough to be routed.
            let concrete = path
                .split('/')
                .map(|s| if s.starts_with('{') { "1" } else { s })
                .collect::<Vec<_>>()
                .join("/");
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            // No credentials: handlers refuse before doing anything, routing has happened.
            let res = app
                .client
                .request(m, app.url(&concrete))
                .timeout(std::time::Duration::from_secs(5))
                .send()
                .await
                .unwrap();
            let status = res.status();
            let body = res.text().await.unwrap_or_default();
            assert_ne!(status, 405, "{method} {path} is documented but not routed");
            assert!(
                !body.contains("no such endpoint"),
                "{method} {path} is documented but fell through to the fallback"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} operations checked");
}

/// `.route(` calls in the server's source, outside tests, as `file: line`.
fn plain_routes(dir: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            plain_routes(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for line in code.lines().filter(|l| l.contains(".route(")) {
                found.push(format!("{}: {}", path.display(), line.trim()));
            }
        }
    }
}

#[test]
fn no_route_is_registered_beside_the_document() {
    let mut found = Vec::new();
    plain_routes(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut found,
    );
    let allowed = [
        // The document itself, and the metrics listener that serves nothing else.
        ".route(\"/api/openapi.json\", get(openapi::serve))",
        ".route(\"/metrics\", get(ops::private_metrics))",
    ];
    let unexpected: Vec<&String> = found
        .iter()
        .filter(|f| !allowed.iter().any(|a| f.ends_with(a)))
        .collect();
    assert!(
        unexpected.is_empty(),
        "register endpoints with routes!(handler) so they are documented: {unexpected:#?}"
    );
    assert_eq!(found.len(), allowed.len(), "{found:#?}");
}
