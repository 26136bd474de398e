//! What Alertmanager really sends, kept as golden fixtures for the alert sources' parsers:
//! a webhook, PagerDuty Events v2 and Opsgenie (with update_alerts) all notified of two alerts
//! in one group, with the same summary and different labels, firing and then resolved.
//!
//! The requests are compared with `tests/fixtures/alertmanager/<receiver>-<n>.json`
//! (`{method, path, headers, body}`), ports replaced by fixed ones and timestamps masked.
//! `GOLDSEAM_UPDATE_CAPTURES=1` rewrites the fixtures (do so when Alertmanager's version
//! changes, and rerun the sources' golden tests); `GOLDSEAM_CAPTURE_DIR=dir` also writes them
//! there.

use goldseam_testdb::alertmanager::{Alertmanager, Receivers, Recorded, Recorder, TestAlert};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(15);
/// The port Alertmanager is shown on in the fixtures, its default.
const AM_PORT: &str = "9093";
/// The port the receivers are shown on in the fixtures.
const RECEIVER_PORT: &str = "8080";

fn alerts() -> Vec<TestAlert> {
    let alert = |instance: &str, severity: &str| {
        TestAlert::new(&[
            ("alertname", "DiskFull"),
            ("instance", instance),
            ("job", "node"),
            ("severity", severity),
        ])
        .annotation("summary", "Disk almost full")
        .annotation(
            "description",
            &format!("/var on {instance} has less than 5% space left."),
        )
        .generator_url("http://prometheus.example:9090/graph?g0.expr=node_filesystem_avail_bytes")
    };
    vec![
        alert("db-1:9100", "critical"),
        alert("db-2:9100", "warning"),
    ]
}

/// A request as stored: ports fixed, Content-Length that of the body as changed, the body
/// as JSON when it is.
fn normalise(r: &Recorded, ports: &[(u16, &str)]) -> Value {
    let fix = |s: &str| {
        ports.iter().fold(s.to_string(), |s, (port, to)| {
            s.replace(&format!("127.0.0.1:{port}"), &format!("127.0.0.1:{to}"))
        })
    };
    let body = fix(&String::from_utf8_lossy(&r.body));
    let headers: serde_json::Map<String, Value> = r
        .headers
        .iter()
        .map(|(name, value)| {
            let value = if name.eq_ignore_ascii_case("content-length") {
                body.len().to_string()
            } else {
                fix(value)
            };
            (name.clone(), Value::String(value))
        })
        .collect();
    json!({
        "method": r.method,
        "path": fix(&r.path),
        "headers": headers,
        "body": serde_json::from_str::<Value>(&body).unwrap_or(Value::String(body)),
    })
}

/// Masks what changes from run to run: timestamps other than Go's zero time, which
/// Alertmanager sends for "not ended" and parsers must recognise, and so the body's length
/// (Go drops a timestamp's trailing zeros).
fn mask(v: &Value) -> Value {
    match v {
        Value::String(s) if !s.starts_with("0001-") && s.parse::<jiff::Timestamp>().is_ok() => {
            Value::String("<timestamp>".into())
        }
        Value::Array(items) => Value::Array(items.iter().map(mask).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| match k.as_str() {
                    "Content-Length" => (k.clone(), Value::String("<length>".into())),
                    _ => (k.clone(), mask(v)),
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/alertmanager")
}

/// Compares with the fixture, or writes it when asked to (or when there is none yet).
fn check(name: &str, captured: &Value) {
    let text = serde_json::to_string_pretty(captured).expect("JSON") + "\n";
    if let Some(dir) = std::env::var_os("GOLDSEAM_CAPTURE_DIR") {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("the capture directory");
        std::fs::write(dir.join(name), &text).expect("writing a capture");
    }
    let path = fixtures().join(name);
    if std::env::var_os("GOLDSEAM_UPDATE_CAPTURES").is_some() || !path.exists() {
        std::fs::create_dir_all(fixtures()).expect("the fixtures directory");
        std::fs::write(&path, &text).expect("writing a fixture");
        return;
    }
    let stored: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("a fixture"))
        .expect("a JSON fixture");
    assert_eq!(
        mask(captured),
        mask(&stored),
        "Alertmanager sent something other than {} (a new version?). Rerun with \
         GOLDSEAM_UPDATE_CAPTURES=1, review the diff and the alert sources' golden tests.\n{text}",
        path.display()
    );
}

#[test]
fn alertmanager_sends_what_the_fixtures_show() {
    let (hook, pagerduty, opsgenie) = (Recorder::start(), Recorder::start(), Recorder::start());
    let am = Alertmanager::start(
        &Receivers::new()
            .webhook(&format!("{}/alertmanager", hook.url()))
            .pagerduty(&pagerduty.url(), "R0UT1NGKEY0000000000000000000001")
            .opsgenie(&opsgenie.url(), "0pen-genie-api-key")
            .opsgenie_update_alerts(true)
            .group_by(&["alertname"]),
    );

    am.post_alerts(&alerts());
    hook.wait_for(1, WAIT);
    pagerduty.wait_for(1, WAIT);
    // Create, then (update_alerts) the message and the description.
    opsgenie.wait_for(3, WAIT);

    let resolved: Vec<TestAlert> = alerts().into_iter().map(TestAlert::resolved).collect();
    am.post_alerts(&resolved);
    let hooks = hook.wait_for(2, WAIT);
    let pages = pagerduty.wait_for(2, WAIT);
    let genies = opsgenie.wait_for(4, WAIT);

    let firing = hooks[0].json();
    assert_eq!(
        firing["alerts"].as_array().map(Vec::len),
        Some(2),
        "one group: {firing}"
    );
    assert_eq!(hooks[1].json()["status"], "resolved");

    let ports = [
        (am.port(), AM_PORT),
        (hook.port(), RECEIVER_PORT),
        (pagerduty.port(), RECEIVER_PORT),
        (opsgenie.port(), RECEIVER_PORT),
    ];
    for (receiver, seen) in [
        ("webhook", &hooks),
        ("pagerduty", &pages),
        ("opsgenie", &genies),
    ] {
        for (n, r) in seen.iter().enumerate() {
            check(&format!("{receiver}-{}.json", n + 1), &normalise(r, &ports));
        }
    }
}
