//! A corpus of bad requests: each gets a clear problem+json 4xx, nothing is half-written, and
//! the server stays up. Runs on both databases.

mod common;

use common::{reply, Reply, TestApp, TestUser};
use goldseam_core::UserRole;
use goldseam_testdb::TestDb;
use reqwest::{Method, StatusCode};
use serde_json::json;

fn raw(
    app: &TestApp,
    user: &TestUser,
    method: Method,
    path: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> reqwest::RequestBuilder {
    let mut req = app
        .client
        .request(method, app.url(path))
        .bearer_auth(&user.token)
        .body(body);
    if let Some(ct) = content_type {
        req = req.header("content-type", ct);
    }
    req
}

/// Sends a POST's headers announcing `length` bytes of JSON, then reads the answer without
/// sending the body (as a client would see a refusal mid-upload).
async fn send_headers_only(
    app: &TestApp,
    user: &TestUser,
    path: &str,
    length: usize,
) -> (u16, String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = app.base.trim_start_matches("http://");
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n{{\"body\": \"",
        user.token
    );
    s.write_all(head.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), s.read_to_end(&mut buf)).await;
    let text = String::from_utf8_lossy(&buf).to_string();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let content_type = text
        .lines()
        .find_map(|l| l.strip_prefix("content-type: "))
        .unwrap_or_default()
        .to_string();
    (status, content_type, text)
}

fn assert_problem(r: &Reply, status: StatusCode, case: &str) {
    assert_eq!(r.status, status, "{case}: {}", r.body);
    assert_eq!(
        r.headers["content-type"], "application/problem+json",
        "{case}"
    );
    let detail = r.body["detail"].as_str().unwrap_or_default();
    assert!(!detail.is_empty(), "{case}: a problem says what was wrong");
}

async fn bad_requests_get_clear_problems_and_change_nothing(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let existing = app
        .declare(&ana, json!({"title": "Existing", "severity": "SEV2"}))
        .await;
    let incidents = "/api/v1/incidents";
    let comments = format!("/api/v1/incidents/{existing}/comments");
    let json_ct = Some("application/json");
    let big_title = "x".repeat(100 * 1024);

    let cases: Vec<(&str, reqwest::RequestBuilder, StatusCode, Option<&str>)> = vec![
        (
            "malformed JSON",
            raw(
                &app,
                &ana,
                Method::POST,
                incidents,
                json_ct,
                b"{\"title\": \"x\", ".to_vec(),
            ),
            StatusCode::BAD_REQUEST,
            None,
        ),
        (
            "invalid UTF-8",
            raw(
                &app,
                &ana,
                Method::POST,
                incidents,
                json_ct,
                b"{\"title\": \"\xc3\x28\", \"severity\": \"SEV1\"}".to_vec(),
            ),
            StatusCode::BAD_REQUEST,
            None,
        ),
        (
            "not JSON at all",
            raw(
                &app,
                &ana,
                Method::POST,
                incidents,
                json_ct,
                b"title=x".to_vec(),
            ),
            StatusCode::BAD_REQUEST,
            None,
        ),
        (
            "no content type",
            raw(&app, &ana, Method::POST, incidents, None, b"{}".to_vec()),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            None,
        ),
        (
            "array body",
            raw(
                &app,
                &ana,
                Method::POST,
                incidents,
                json_ct,
                b"[\"x\", \"SEV1\"]".to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("body"),
        ),
        (
            "wrong type",
            raw(
                &app,
                &ana,
                Method::POST,
                incidents,
                json_ct,
                br#"{"title": 42, "severity": "SEV1"}"#.to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("title"),
        ),
        (
            "wrong type in a list",
            raw(
                &app,
                &ana,
                Method::POST,
                incidents,
                json_ct,
                br#"{"title": "x", "severity": "SEV1", "tags": ["ok", 7]}"#.to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("tags[1]"),
        ),
        (
            "missing field",
            raw(
                &app,
                &ana,
                Method::POST,
                incidents,
                json_ct,
                br#"{"title": "x"}"#.to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("body"),
        ),
        (
            "unknown field",
            raw(
                &app,
                &ana,
                Method::POST,
                incidents,
                json_ct,
                br#"{"title": "x", "sevrity": "SEV1", "severity": "SEV1"}"#.to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("sevrity"),
        ),
        (
            "unknown severity",
            raw(
                &app,
                &ana,
                Method::POST,
                incidents,
                json_ct,
                br#"{"title": "x", "severity": "SEV9"}"#.to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("severity"),
        ),
        (
            "lowercase severity",
            raw(
                &app,
                &ana,
                Method::POST,
                incidents,
                json_ct,
                br#"{"title": "x", "severity": "sev1"}"#.to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("severity"),
        ),
        (
            "unknown type",
            raw(
                &app,
                &ana,
                Method::POST,
                incidents,
                json_ct,
                br#"{"title": "x", "severity": "SEV1", "type": "alien"}"#.to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("type"),
        ),
        (
            "empty title",
            raw(
                &app,
                &ana,
                Method::POST,
                incidents,
                json_ct,
                br#"{"title": "   ", "severity": "SEV1"}"#.to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("title"),
        ),
        (
            "100 KB title",
            raw(
                &app,
                &ana,
                Method::POST,
                incidents,
                json_ct,
                json!({"title": big_title, "severity": "SEV1"})
                    .to_string()
                    .into_bytes(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("title"),
        ),
        (
            "bad tag",
            raw(
                &app,
                &ana,
                Method::POST,
                incidents,
                json_ct,
                br#"{"title": "x", "severity": "SEV1", "tags": ["two words"]}"#.to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("tags[0]"),
        ),
        (
            "empty comment",
            raw(
                &app,
                &ana,
                Method::POST,
                &comments,
                json_ct,
                br#"{"body": ""}"#.to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("body"),
        ),
        (
            "unknown status",
            raw(
                &app,
                &ana,
                Method::PATCH,
                &format!("{incidents}/{existing}"),
                json_ct,
                br#"{"status": "on fire"}"#.to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("status"),
        ),
        (
            "empty patch",
            raw(
                &app,
                &ana,
                Method::PATCH,
                &format!("{incidents}/{existing}"),
                json_ct,
                b"{}".to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("body"),
        ),
        (
            "illegal transition",
            raw(
                &app,
                &ana,
                Method::PATCH,
                &format!("{incidents}/{existing}"),
                json_ct,
                br#"{"severity": "SEV0", "status": "closed"}"#.to_vec(),
            ),
            StatusCode::CONFLICT,
            None,
        ),
        (
            "cancel without reason",
            raw(
                &app,
                &ana,
                Method::PATCH,
                &format!("{incidents}/{existing}"),
                json_ct,
                br#"{"status": "canceled"}"#.to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("reason"),
        ),
        (
            "bad idempotency key",
            raw(
                &app,
                &ana,
                Method::POST,
                incidents,
                json_ct,
                br#"{"title": "x", "severity": "SEV1"}"#.to_vec(),
            )
            .header("Idempotency-Key", "a b"),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("Idempotency-Key"),
        ),
        (
            "unknown endpoint",
            raw(&app, &ana, Method::GET, "/api/v1/nope", None, vec![]),
            StatusCode::NOT_FOUND,
            None,
        ),
        (
            "wrong method",
            raw(&app, &ana, Method::PUT, incidents, json_ct, b"{}".to_vec()),
            StatusCode::METHOD_NOT_ALLOWED,
            None,
        ),
        (
            "bad cursor",
            raw(
                &app,
                &ana,
                Method::GET,
                "/api/v1/incidents?cursor=abc",
                None,
                vec![],
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("cursor"),
        ),
        (
            "unknown list parameter",
            raw(
                &app,
                &ana,
                Method::GET,
                "/api/v1/users?sort=name",
                None,
                vec![],
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("sort"),
        ),
        (
            "unknown filter",
            raw(
                &app,
                &ana,
                Method::GET,
                "/api/v1/incidents?colour=red",
                None,
                vec![],
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("colour"),
        ),
    ];
    for (case, req, status, field) in cases {
        let r = reply(req.send().await.unwrap_or_else(|e| panic!("{case}: {e}"))).await;
        assert_problem(&r, status, case);
        if let Some(field) = field {
            let fields: Vec<&str> = r.body["errors"]
                .as_array()
                .map(|a| a.iter().filter_map(|e| e["field"].as_str()).collect())
                .unwrap_or_default();
            assert!(
                fields.contains(&field),
                "{case}: expected field {field}, got {}",
                r.body
            );
        }
        if case == "unknown severity" {
            assert_eq!(
                r.body["valid"],
                json!(["SEV0", "SEV1", "SEV2", "SEV3", "SEV4"])
            );
            assert!(r.body["detail"]
                .as_str()
                .unwrap()
                .contains("valid severities are SEV0, SEV1, SEV2, SEV3, SEV4"));
        }
    }

    // Oversized bodies are refused from their Content-Length, before the server reads them.
    for (case, path, length) in [
        ("2 MB declaration", incidents.to_string(), 2 * 1024 * 1024),
        ("10 MB comment", comments.clone(), 10 * 1024 * 1024),
    ] {
        let (status, content_type, body) = send_headers_only(&app, &ana, &path, length).await;
        assert_eq!(status, 413, "{case}: {body}");
        assert_eq!(content_type, "application/problem+json", "{case}");
        assert!(
            body.contains("larger than this server accepts"),
            "{case}: {body}"
        );
    }

    for odd in [
        "INC-0",
        "INC--1",
        "%2E%2E%2F",
        "-1",
        "0",
        &"9".repeat(200),
        "INC-9223372036854775808",
        "%00",
        "INC-1%20OR%201=1",
    ] {
        let r = app.get(&ana, &format!("/api/v1/incidents/{odd}")).await;
        assert_problem(&r, StatusCode::UNPROCESSABLE_ENTITY, odd);
        assert_eq!(r.body["errors"][0]["field"], "ref", "{odd}");
    }
    let r = app.get(&ana, "/api/v1/incidents/INC-424242").await;
    assert_problem(
        &r,
        StatusCode::NOT_FOUND,
        "a well-formed reference to nothing",
    );

    // Nothing above wrote anything: still one incident, with only its declaration event.
    let list = app.get(&ana, "/api/v1/incidents").await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(list.body["items"][0]["last_seq"], 1);
    assert_eq!(
        list.body["items"][0]["severity"], "SEV2",
        "the refused PATCH changed nothing"
    );
    assert_eq!(
        app.client
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

async fn metacharacters_are_stored_and_returned_verbatim(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let nasty = "Robert'); DROP TABLE incidents;-- <script>alert(\"x\")</script> %_\\ 🔥 \u{202e}";
    let r = app
        .declare(
            &ana,
            json!({"title": nasty, "severity": "SEV3", "summary": nasty}),
        )
        .await;
    let got = app.get(&ana, &format!("/api/v1/incidents/{r}")).await;
    assert_eq!(got.body["title"], nasty);
    assert_eq!(got.body["summary"], nasty);
    let c = app
        .post(
            &ana,
            &format!("/api/v1/incidents/{r}/comments"),
            json!({"body": nasty}),
        )
        .await;
    assert_eq!(c.body["events"][0]["data"]["body"], nasty);
    let found = app.get(&ana, "/api/v1/incidents?q=%25_%5C").await;
    assert_eq!(
        found.body["items"].as_array().unwrap().len(),
        1,
        "LIKE wildcards in a search match literally"
    );
    assert_eq!(
        app.get(&ana, "/api/v1/incidents?q=DROP%20TABLE").await.body["items"][0]["reference"],
        r
    );
}

async fn unauthenticated_and_revoked_callers_are_refused(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let r = reply(
        app.client
            .get(app.url("/api/v1/incidents"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_problem(&r, StatusCode::UNAUTHORIZED, "no credentials");
    assert!(r.headers.contains_key("www-authenticate"));
    let r = reply(
        app.client
            .get(app.url("/api/v1/incidents"))
            .bearer_auth("gs_nope")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_problem(&r, StatusCode::UNAUTHORIZED, "unknown token");
    let tokens = app.get(&ana, "/api/v1/me/tokens").await;
    let id = tokens.body[0]["id"].as_i64().unwrap();
    assert!(
        tokens.body[0]["last_used_at"].is_string(),
        "use is recorded"
    );
    let revoked = app
        .call(
            &ana,
            Method::DELETE,
            &format!("/api/v1/me/tokens/{id}"),
            None,
        )
        .await;
    assert_eq!(revoked.status, StatusCode::OK);
    let r = app.get(&ana, "/api/v1/incidents").await;
    assert_problem(&r, StatusCode::UNAUTHORIZED, "revoked token");
}

goldseam_testdb::on_both_databases!(
    bad_requests_get_clear_problems_and_change_nothing,
    metacharacters_are_stored_and_returned_verbatim,
    unauthenticated_and_revoked_callers_are_refused,
);
