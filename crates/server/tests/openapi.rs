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

/// A response, with a `$ref` to `components.responses` followed.
fn resolve<'a>(doc: &'a serde_json::Value, r: &'a serde_json::Value) -> &'a serde_json::Value {
    match r.get("$ref").and_then(|v| v.as_str()) {
        Some(path) => {
            let name = path.trim_start_matches("#/components/responses/");
            &doc["components"]["responses"][name]
        }
        None => r,
    }
}

#[test]
fn every_error_response_is_problem_json_with_its_headers() {
    let doc = serde_json::to_value(goldseam_server::openapi::document()).unwrap();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for (status, r) in op["responses"].as_object().unwrap() {
                let code: u16 = status.parse().unwrap();
                if code < 400 {
                    continue;
                }
                let r = resolve(&doc, r);
                let at = format!("{method} {path} {status}");
                let content = r["content"].as_object().expect(&at);
                // Stand-ins for a vendor's API (PagerDuty Events, Opsgenie) refuse in the
                // vendor's shape, which senders parse.
                let vendor_schema = content
                    .get("application/json")
                    .and_then(|c| c["schema"]["$ref"].as_str());
                if let (false, Some(schema)) = (path.starts_with("/api/"), vendor_schema) {
                    assert!(
                        [
                            "#/components/schemas/EventsAnswer",
                            "#/components/schemas/OpsgenieAnswer"
                        ]
                        .contains(&schema),
                        "{at}: {schema}"
                    );
                    assert!(
                        !r["description"].as_str().unwrap_or_default().is_empty(),
                        "{at}"
                    );
                    continue;
                }
                assert_eq!(
                    content.keys().collect::<Vec<_>>(),
                    ["application/problem+json"],
                    "{at}"
                );
                assert_eq!(
                    content["application/problem+json"]["schema"]["$ref"],
                    "#/components/schemas/Problem",
                    "{at}"
                );
                assert!(
                    !r["description"].as_str().unwrap_or_default().is_empty(),
                    "{at} says when it happens"
                );
                let header = match code {
                    401 => Some("WWW-Authenticate"),
                    429 | 503 => Some("Retry-After"),
                    _ => None,
                };
                if let Some(header) = header {
                    assert!(r["headers"][header].is_object(), "{at} documents {header}");
                }
            }
        }
    }
}

#[test]
fn operations_list_the_errors_their_kind_gives() {
    let doc = serde_json::to_value(goldseam_server::openapi::document()).unwrap();
    let statuses = |path: &str, method: &str| -> Vec<String> {
        let op = &doc["paths"][path][method];
        assert!(op.is_object(), "{method} {path}");
        op["responses"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    // A secured write with a JSON body and an Idempotency-Key (409 when reused for another body).
    assert_eq!(
        statuses("/api/v1/incidents", "post"),
        ["201", "400", "401", "403", "408", "409", "413", "415", "422", "500", "503"]
    );
    // A secured read with a path parameter and nothing else that can go wrong but "not found".
    assert_eq!(
        statuses("/api/v1/incidents/{ref}", "get"),
        ["200", "400", "401", "404", "422", "500", "503"]
    );
    // Public: no 401 by rule; sign-in's own 401, its limiter's 429 and its queue's 503.
    assert_eq!(
        statuses("/api/v1/auth/login", "post"),
        ["200", "400", "401", "408", "413", "415", "422", "429", "500", "503"]
    );
    let login_503 = &doc["paths"]["/api/v1/auth/login"]["post"]["responses"]["503"];
    assert!(login_503["headers"]["Retry-After"].is_object());
    // Nothing to refuse and no database behind it.
    assert_eq!(statuses("/healthz", "get"), ["200"]);
    // The calendar feeds take their own token: 401 without it.
    assert!(statuses("/api/v1/schedules/{id}/calendar.ics", "get").contains(&"401".into()));
    // Path ids and references say what is accepted, so a client can tell before asking.
    let params = &doc["paths"]["/api/v1/incidents/{ref}/pins/{event_id}"]["delete"]["parameters"];
    assert_eq!(
        params[0]["schema"]["pattern"]
            .as_str()
            .map(|p| p.contains("[Ii][Nn][Cc]-")),
        Some(true)
    );
    assert_eq!(params[1]["schema"]["minimum"], 1);
}
