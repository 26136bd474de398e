//! The OpenAPI document is generated from the code; this snapshot makes every change to the
//! API's shape visible in review. Update with `cargo insta review` (or INSTA_UPDATE=always).

#[test]
fn the_openapi_document_matches_the_snapshot() {
    let doc = goldseam_server::openapi::document();
    let json = serde_json::to_value(&doc).unwrap();
    assert_eq!(json["openapi"], "3.1.0");
    insta::assert_json_snapshot!("openapi", json);
}

#[test]
fn every_routed_endpoint_is_documented() {
    let doc = serde_json::to_value(goldseam_server::openapi::document()).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/incidents",
        "/api/v1/incidents/{ref}",
        "/api/v1/incidents/{ref}/timeline",
        "/api/v1/incidents/{ref}/events",
        "/api/v1/incidents/{ref}/comments",
        "/api/v1/incidents/{ref}/status-updates",
        "/api/v1/events",
        "/api/v1/severities",
        "/healthz",
        "/metrics",
    ] {
        assert!(
            paths.contains_key(p),
            "{p} is missing from the OpenAPI document"
        );
    }
}

#[test]
fn operation_ids_are_unique() {
    // Generated clients name methods after them; a repeat silently maps two paths to one.
    let doc = serde_json::to_value(goldseam_server::openapi::document()).unwrap();
    let mut seen = std::collections::HashSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if let Some(id) = op.get("operationId").and_then(|v| v.as_str()) {
                assert!(
                    seen.insert(id.to_string()),
                    "operationId {id} repeats at {method} {path}"
                );
            }
        }
    }
}
