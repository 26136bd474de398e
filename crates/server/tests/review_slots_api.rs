//! A team's recurring review slot through a real server, its delivery engine and a real SMTP
//! server (aiosmtpd), on both databases, over three weeks of a fixed clock. Every calendar part
//! is read back with Python's `email` and `icalendar` packages: the series REQUEST carries the
//! RRULE and a VTIMEZONE and keeps 10:00 Europe/Berlin; week 1's agenda lists its two
//! postmortems with links; week 3, with nothing published, is cancelled for that date alone
//! (CANCEL with RECURRENCE-ID;TZID=Europe/Berlin); editing sends the series again with a
//! higher SEQUENCE; deleting cancels the series.

mod common;

use common::{problem_fields, TestApp, TestUser};
use goldseam_core::UserRole;
use goldseam_store::time::FixedClock;
use goldseam_testdb::smtp::{Mail, SmtpServer};
use goldseam_testdb::TestDb;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

async fn spawn(db: &TestDb, smtp: &SmtpServer, clock: Arc<FixedClock>) -> TestApp {
    TestApp::spawn_mailing(db, &smtp.url(), clock).await
}

async fn set_zone(app: &TestApp, user: &TestUser, zone: &str) {
    app.set_zone(user, zone).await
}

/// Waits until `n` received messages have a subject starting with `prefix`; returns them.
/// Other mail (the postmortems' own distribution) arrives too and is left aside.
async fn mails(smtp: &SmtpServer, prefix: &str, n: usize) -> Vec<Mail> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let got: Vec<Mail> = smtp
            .messages()
            .into_iter()
            .filter(|m| m.subject.starts_with(prefix))
            .collect();
        if got.len() >= n || Instant::now() > deadline {
            assert_eq!(got.len(), n, "messages starting {prefix:?}");
            return got;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

const READ_CALENDAR: &str = r#"
import email, email.policy, icalendar, json, sys
m = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
part = next(p for p in m.walk() if p.get_content_type() == 'text/calendar')
ics = part.get_content()
cal = icalendar.Calendar.from_ical(ics)
ev = next(iter(cal.walk('VEVENT')))
def raw(name):
    v = ev.get(name)
    return None if v is None else v.to_ical().decode()
def tzid(name):
    v = ev.get(name)
    return None if v is None else v.params.get('TZID')
print(json.dumps({
    'ics': ics, 'mime_method': part.get_param('method'), 'method': str(cal['METHOD']),
    'uid': str(ev['UID']), 'sequence': int(ev['SEQUENCE']), 'status': str(ev.get('STATUS')),
    'dtstart': raw('DTSTART'), 'dtstart_tzid': tzid('DTSTART'), 'rrule': raw('RRULE'),
    'recurrence_id': raw('RECURRENCE-ID'), 'recurrence_id_tzid': tzid('RECURRENCE-ID'),
    'vtimezones': [str(z['TZID']) for z in cal.walk('VTIMEZONE')],
}))
"#;

/// The message's calendar part, decoded and parsed by Python's `icalendar`.
fn calendar(mail: &Mail) -> Value {
    let mut child = Command::new("python3")
        .args(["-c", READ_CALENDAR])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 with icalendar (pip install icalendar)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(mail.raw.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "icalendar could not read {}",
        mail.raw
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["method"], v["mime_method"],
        "METHOD equals the MIME method"
    );
    v
}

/// Declares an incident on `service` and publishes its postmortem; returns its reference.
async fn publish(
    app: &TestApp,
    ana: &TestUser,
    bo: &TestUser,
    title: &str,
    service: i64,
) -> String {
    let r = app
        .declare(
            ana,
            json!({"title": title, "severity": "SEV2", "services": [service]}),
        )
        .await;
    let pm = format!("/api/v1/incidents/{r}/postmortem");
    assert!(app.post(ana, &pm, json!({})).await.status.is_success());
    let review = format!("{pm}/review");
    for (who, body) in [
        (
            ana,
            json!({"action": "request_review", "reviewers": [bo.id]}),
        ),
        (bo, json!({"action": "approve"})),
        (ana, json!({"action": "publish"})),
    ] {
        let moved = app.post(who, &review, body).await;
        assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    }
    r
}

async fn a_fortnightly_slot_over_three_weeks(db: TestDb) {
    let smtp = SmtpServer::start();
    // Tuesday 1 December 2026.
    let clock = Arc::new(FixedClock::at("2026-12-01T08:00:00Z".parse().unwrap()));
    let app = spawn(&db, &smtp, clock.clone()).await;
    let root = app.user("root", UserRole::Admin).await;
    let ana = app.user("ana", UserRole::Member).await;
    let bo = app.user("bo", UserRole::Member).await;
    let cy = app.user("cy", UserRole::Member).await;
    set_zone(&app, &ana, "Europe/Berlin").await;
    set_zone(&app, &bo, "America/New_York").await;
    let (team, service) = app
        .team_with_service(&root, "Payments", &[&ana, &bo], "Checkout")
        .await;
    let slots = format!("/api/v1/teams/{team}/review-slots");
    let body = json!({"name": "Payments review", "zone": "Europe/Berlin", "start_time": "10:00",
        "duration_minutes": 60, "rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"});

    // Bad input names every field; someone outside the team may not make its slot.
    let bad = app
        .post(
            &ana,
            &slots,
            json!({"name": "", "zone": "CET", "start_time": "25:00",
            "duration_minutes": 50, "rrule": "FREQ=DAILY", "starts_on": "7 Dec"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert_eq!(
        problem_fields(&bad.body),
        [
            "name",
            "zone",
            "start_time",
            "duration_minutes",
            "rrule",
            "starts_on"
        ]
    );
    let outsider = app.post(&cy, &slots, body.clone()).await;
    assert_eq!(outsider.status, StatusCode::FORBIDDEN, "{}", outsider.body);

    let made = app.post(&ana, &slots, body).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    assert_eq!(made.body["starts_on"], "2026-12-07");
    assert_eq!(
        made.body["schedule"],
        "every 2 weeks on Monday, 10:00–11:00 (Europe/Berlin)"
    );
    let slot = made.body["id"].as_i64().unwrap();
    let listed = app.get(&cy, &slots).await;
    assert_eq!(listed.body["items"][0]["id"], slot, "{}", listed.body);

    // The series: RRULE and VTIMEZONE, 10:00 Berlin, to each member once.
    let invited = mails(&smtp, "Invitation: Payments review", 2).await;
    for m in &invited {
        let cal = calendar(m);
        assert_eq!(cal["method"], "REQUEST");
        assert_eq!(cal["dtstart"], "20261207T100000");
        assert_eq!(cal["dtstart_tzid"], "Europe/Berlin");
        assert_eq!(cal["rrule"], "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO");
        assert_eq!(cal["vtimezones"], json!(["Europe/Berlin"]));
        assert_eq!(cal["sequence"], 0);
        assert_eq!(cal["uid"], made.body["uid"]);
    }
    let to_bo = invited.iter().find(|m| m.to.contains("bo@")).unwrap();
    assert!(
        to_bo
            .text
            .contains("Monday 7 December 2026, 04:00–05:00 (America/New_York)"),
        "{}",
        to_bo.text
    );

    // Week 1: two postmortems published; the agenda shows them.
    clock.set("2026-12-02T10:00:00Z".parse().unwrap());
    let first = publish(&app, &ana, &bo, "Checkout down", service).await;
    let second = publish(&app, &ana, &bo, "Card retries", service).await;
    let agenda_path = format!("/api/v1/review-slots/{slot}/agenda?count=2");
    let deadline = Instant::now() + Duration::from_secs(30);
    let agenda = loop {
        let a = app.get(&cy, &agenda_path).await;
        let queued = a.body["instances"][0]["postmortems"]
            .as_array()
            .map_or(0, Vec::len);
        if queued == 2 || Instant::now() > deadline {
            break a;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(agenda.status, StatusCode::OK, "{}", agenda.body);
    let week1 = &agenda.body["instances"][0];
    assert_eq!(
        week1["local_start"],
        "2026-12-07T10:00:00+01:00[Europe/Berlin]"
    );
    assert_eq!(week1["state"], "scheduled");
    let refs: Vec<&str> = week1["postmortems"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["reference"].as_str())
        .collect();
    assert_eq!(refs, [first.as_str(), second.as_str()], "{}", agenda.body);

    // A day ahead, the agenda goes out listing both with links.
    clock.set("2026-12-06T09:00:00Z".parse().unwrap());
    let agendas = mails(&smtp, "Agenda: Payments review", 2).await;
    let to_ana = agendas.iter().find(|m| m.to.contains("ana@")).unwrap();
    for part in [
        format!("{first}: Checkout down\n  https://goldseam.test/incidents/{first}/postmortem"),
        format!("{second}: Card retries"),
    ] {
        assert!(to_ana.text.contains(&part), "{part} in {}", to_ana.text);
    }

    // Week 3 has nothing: cancelled for that date alone.
    clock.set("2026-12-20T09:00:00Z".parse().unwrap());
    let off = mails(&smtp, "Cancelled: Payments review — Monday 21 December", 2).await;
    for m in &off {
        let cal = calendar(m);
        assert_eq!(cal["method"], "CANCEL");
        assert_eq!(cal["status"], "CANCELLED");
        assert_eq!(cal["recurrence_id"], "20261221T100000");
        assert_eq!(cal["recurrence_id_tzid"], "Europe/Berlin");
        assert_eq!(cal["rrule"], Value::Null);
        assert_eq!(cal["sequence"], 1);
        assert!(
            cal["ics"]
                .as_str()
                .unwrap()
                .contains("RECURRENCE-ID;TZID=Europe/Berlin:20261221T100000"),
            "{}",
            cal["ics"]
        );
    }
    let agenda = app.get(&ana, &agenda_path).await;
    assert_eq!(
        agenda.body["instances"][0]["state"], "cancelled",
        "{}",
        agenda.body
    );

    // Renaming sends the series again from its next meeting still on (SEQUENCE 2).
    let path = format!("/api/v1/review-slots/{slot}");
    let nothing = app.patch(&bo, &path, json!({})).await;
    assert_eq!(problem_fields(&nothing.body), ["body"]);
    let renamed = app
        .patch(&bo, &path, json!({"name": "Payments learning"}))
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.body);
    let updated = mails(&smtp, "Updated: Payments learning", 2).await;
    let cal = calendar(&updated[0]);
    assert_eq!(
        (cal["sequence"].as_i64(), cal["dtstart"].as_str()),
        (Some(2), Some("20270104T100000"))
    );

    // Deleting cancels the whole series.
    let gone = app.call(&ana, Method::DELETE, &path, None).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.body);
    let cancelled = mails(&smtp, "Cancelled: Payments learning (", 2).await;
    let cal = calendar(&cancelled[0]);
    assert_eq!(cal["method"], "CANCEL");
    assert_eq!(cal["recurrence_id"], Value::Null);
    assert_eq!(cal["sequence"], 3);
    assert_eq!(
        app.get(&ana, &agenda_path).await.status,
        StatusCode::NOT_FOUND
    );
}

goldseam_testdb::on_both_databases!(a_fortnightly_slot_over_three_weeks);
