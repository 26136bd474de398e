//! The whole paging path inside a real server with its delivery engine, against the fake
//! Twilio, on both databases: people verify their phones by SMS, a SEV1 declaration makes the
//! incident manager on call its incident manager and pages her, a rule pages a team through its
//! escalation policy, and an acknowledgement stops the levels still waiting.

mod common;

use common::{TestApp, TestUser};
use goldseam_core::UserRole;
use goldseam_integrations::fake::FakeProvider;
use goldseam_integrations::{Channels, Secret, Twilio, TwilioConfig};
use goldseam_server::engine::EngineConfig;
use goldseam_server::ServerConfig;
use goldseam_testdb::TestDb;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

async fn spawn(db: &TestDb, fake: &FakeProvider) -> TestApp {
    let channels = Channels {
        twilio: Some(Twilio::new(TwilioConfig {
            base_url: fake.base.clone(),
            account_sid: "AC1".into(),
            auth_token: Secret::new("tok"),
            from: "+15550000000".into(),
            callback_base: "http://goldseam.test/api/v1/integrations/twilio".into(),
            timeout: Duration::from_secs(5),
        })),
        ..Channels::default()
    };
    let delivery = EngineConfig {
        enabled: true,
        poll: Duration::from_millis(50),
        channels,
        public_url: "https://goldseam.test".into(),
        ..EngineConfig::default()
    };
    TestApp::spawn_with(
        db,
        ServerConfig {
            delivery,
            ..ServerConfig::default()
        },
    )
    .await
}

/// Waits for an SMS to `to` whose body contains `needle`; returns its body.
async fn sms_to(fake: &FakeProvider, to: &str, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        if let Some(r) = fake
            .accepted()
            .into_iter()
            .find(|r| r.channel == "sms" && r.to == to && r.text.contains(needle))
        {
            return r.text;
        }
        assert!(
            Instant::now() < deadline,
            "no SMS to {to} containing {needle:?}; got {:?}",
            fake.received()
                .iter()
                .map(|r| (&r.to, &r.text))
                .collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Gives `user` a verified phone, verified the way a person does it (the code arrives by SMS),
/// and a rule to be texted at once.
async fn phone(app: &TestApp, fake: &FakeProvider, user: &TestUser, number: &str) {
    let m = app
        .post(
            user,
            "/api/v1/me/contact-methods",
            json!({"kind": "sms", "address": number}),
        )
        .await;
    assert_eq!(m.status, StatusCode::CREATED, "{}", m.body);
    let id = m.body["id"].as_i64().unwrap();
    let v = app
        .post(
            user,
            &format!("/api/v1/me/contact-methods/{id}/verification"),
            json!({}),
        )
        .await;
    assert!(v.status.is_success(), "{}", v.body);
    let text = sms_to(fake, number, "verification code").await;
    let code: String = text
        .chars()
        .filter(|c| c.is_ascii_digit())
        .take(6)
        .collect();
    let c = app
        .post(
            user,
            &format!("/api/v1/me/contact-methods/{id}/verification/confirm"),
            json!({"code": code}),
        )
        .await;
    assert!(c.status.is_success(), "{}", c.body);
    let r = app
        .call(
            user,
            Method::PUT,
            "/api/v1/me/notification-rules",
            Some(json!({"rules": [{"contact_method_id": id, "delay_minutes": 0}]})),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
}

async fn created(app: &TestApp, user: &TestUser, path: &str, body: Value) -> i64 {
    let r = app.post(user, path, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{path}: {}", r.body);
    r.body["id"].as_i64().unwrap()
}

async fn a_declaration_wakes_the_incident_manager_and_the_team_until_acknowledged(db: TestDb) {
    let fake = FakeProvider::spawn().await;
    let app = spawn(&db, &fake).await;
    let root = app.user("Root", UserRole::Admin).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let bo = app.user("Bo", UserRole::Member).await;
    phone(&app, &fake, &ana, "+15551230001").await;
    phone(&app, &fake, &bo, "+15551230002").await;

    let imoc = created(&app, &root, "/api/v1/schedules", json!({"name": "Incident managers", "time_zone": "Europe/Paris", "layers": [{"name": "Primary", "start": "2026-01-05T09:00", "shift": {"unit": "weeks", "count": 1}, "participants": [ana.id]}]})).await;
    let r = app
        .call(
            &root,
            Method::PUT,
            "/api/v1/settings/incident-manager",
            Some(json!({"schedule_id": imoc, "min_severity": "SEV1"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Bo first; Ana ten minutes later if nobody acknowledged.
    let policy = created(
        &app,
        &root,
        "/api/v1/escalation-policies",
        json!({"name": "Payments", "levels": [
            {"delay_minutes": 0, "targets": [{"type": "user", "id": bo.id}]},
            {"delay_minutes": 10, "targets": [{"type": "user", "id": ana.id}]}
        ]}),
    )
    .await;
    let team = created(&app, &root, "/api/v1/teams", json!({"name": "Payments", "escalation_policy_id": policy, "members": [{"user_id": bo.id}]})).await;
    created(&app, &root, "/api/v1/response-rules", json!({"name": "Payments pages payments", "when": {"tags": ["payments"]}, "then": {"page_teams": [team]}})).await;

    let preview = app
        .post(
            &ana,
            "/api/v1/response-rules/preview",
            json!({"severity": "SEV1", "tags": ["payments"]}),
        )
        .await;
    assert_eq!(
        preview.body["page_teams"],
        json!([{"id": team, "name": "Payments"}])
    );
    assert_eq!(preview.body["incident_manager_schedule"]["id"], imoc);

    let reference = app
        .declare(
            &root,
            json!({"title": "Card payments fail #payments", "severity": "SEV1"}),
        )
        .await;
    // Ana is on call as incident manager: she takes the incident and is texted; the team's
    // first level texts Bo.
    // (SMS to one number go out at most every 20 s, so the page waits for the slot the
    // verification code took a moment ago.)
    let ana_sms = sms_to(&fake, "+15551230001", &reference).await;
    assert!(ana_sms.contains("incident manager on call"), "{ana_sms}");
    assert!(ana_sms.contains("Reply 1 to acknowledge"), "{ana_sms}");
    let bo_sms = sms_to(&fake, "+15551230002", &reference).await;
    assert!(bo_sms.contains("team Payments"), "{bo_sms}");

    // Each delivery is on the incident's timeline, the number partly hidden.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let timeline = app
            .get(&root, &format!("/api/v1/incidents/{reference}/timeline"))
            .await
            .body;
        let sent = timeline["items"].as_array().unwrap().iter().any(|e| {
            e["kind"] == "delivery"
                && e["data"]["to"] == "+1••••••0001"
                && e["data"]["outcome"] == "sent"
                && e["data"]["channel"] == "sms"
        });
        if sent {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no delivery on the timeline: {timeline}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let incident = app
        .get(&root, &format!("/api/v1/incidents/{reference}"))
        .await
        .body;
    assert_eq!(incident["roles"][0]["role"], "incident_manager");
    assert_eq!(incident["roles"][0]["user"]["id"], ana.id);
    let timeline = app
        .get(&root, &format!("/api/v1/incidents/{reference}/timeline"))
        .await
        .body;
    let assigned = timeline["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "role_assigned")
        .unwrap();
    assert_eq!(
        assigned["actor"],
        Value::Null,
        "Goldseam assigned it, not a person"
    );
    let pages = app
        .get(&bo, &format!("/api/v1/incidents/{reference}/pages"))
        .await
        .body;
    assert_eq!(pages.as_array().unwrap().len(), 2, "{pages}");
    let team_page = pages
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["policy_id"] == policy)
        .unwrap()["id"]
        .as_i64()
        .unwrap();

    // Bo acknowledges everything from the command line's endpoint: nothing more goes out.
    let ack = app
        .post(
            &bo,
            &format!("/api/v1/incidents/{reference}/acknowledge"),
            json!({}),
        )
        .await;
    assert_eq!(ack.status, StatusCode::OK, "{}", ack.body);
    assert_eq!(ack.body["acknowledged"].as_array().unwrap().len(), 2);
    assert!(
        ack.body["cancelled"].as_u64().unwrap() >= 1,
        "the second level was still waiting: {}",
        ack.body
    );
    let again = app
        .post(
            &ana,
            &format!("/api/v1/incidents/{reference}/acknowledge"),
            json!({}),
        )
        .await;
    assert_eq!(again.body["acknowledged"], json!([]));
    let pages = app
        .get(&bo, &format!("/api/v1/incidents/{reference}/pages"))
        .await
        .body;
    assert!(
        pages
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["acknowledged_by"] == bo.id),
        "{pages}"
    );

    // The link from a page email: shows what it is for, then acknowledges (already, here).
    let token = app
        .store
        .ack_token(goldseam_core::PageId::from_db(team_page), ana.user_id())
        .await
        .unwrap();
    let link = app
        .client
        .get(app.url(&format!("/api/v1/ack/{token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(link.status(), StatusCode::OK);
    let body: Value = link.json().await.unwrap();
    assert_eq!(
        (body["reference"].as_str(), body["acknowledged_by"].as_str()),
        (Some(reference.as_str()), Some("Bo"))
    );
    let forged = app
        .client
        .post(app.url(&format!("/api/v1/ack/{}0", token)))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::NOT_FOUND);
    // Nobody was texted twice for one thing.
    let per_key = fake.accepted_per_key();
    assert!(per_key.values().all(|n| *n == 1), "{per_key:?}");
}

/// Posts a form to Twilio's callback path, signed (or not) as Twilio signs it.
async fn from_twilio(
    app: &TestApp,
    path_and_query: &str,
    params: &[(&str, &str)],
    token: &str,
) -> (StatusCode, String) {
    let params: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    // The server checks against its public address (the test server's default).
    let url = format!("http://127.0.0.1:8080{path_and_query}");
    let signature = goldseam_integrations::twilio_signature::expected(token, &url, &params);
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&params)
        .finish();
    let res = app
        .client
        .post(app.url(path_and_query))
        .header("x-twilio-signature", signature)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    (res.status(), res.text().await.unwrap())
}

async fn a_text_reply_or_a_key_press_acknowledges_signed_by_twilio_only(db: TestDb) {
    let fake = FakeProvider::spawn().await;
    let app = spawn(&db, &fake).await;
    let root = app.user("Root", UserRole::Admin).await;
    let ana = app.user("Ana", UserRole::Member).await;
    phone(&app, &fake, &ana, "+15551230001").await;
    created(
        &app,
        &root,
        "/api/v1/response-rules",
        json!({"name": "Ana responds", "then": {"responders": [ana.id]}}),
    )
    .await;
    let first = app
        .declare(
            &root,
            json!({"title": "Search is down", "severity": "SEV2"}),
        )
        .await;
    let second = app
        .declare(&root, json!({"title": "Login is slow", "severity": "SEV3"}))
        .await;
    // Both pages have notified Ana once their first level ran.
    let deadline = Instant::now() + Duration::from_secs(10);
    while app
        .store
        .open_pages_notifying(ana.user_id())
        .await
        .unwrap()
        .len()
        < 2
    {
        assert!(Instant::now() < deadline, "the pages never notified Ana");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }

    // Forged or unsigned: refused, nothing acknowledged.
    let (status, _) = from_twilio(
        &app,
        "/api/v1/integrations/twilio/sms",
        &[("From", "+15551230001"), ("Body", "1")],
        "not-the-token",
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let unsigned = app
        .client
        .post(app.url("/api/v1/integrations/twilio/sms"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("From=%2B15551230001&Body=1")
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.store
            .open_pages_notifying(ana.user_id())
            .await
            .unwrap()
            .len(),
        2
    );
    let (status, reply) = from_twilio(
        &app,
        "/api/v1/integrations/twilio/sms",
        &[("From", "+15559999999"), ("Body", "1")],
        "tok",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(reply.contains("not a verified contact method"), "{reply}");

    // A key press during the call for the first page acknowledges that page only.
    let page = app
        .get(&root, &format!("/api/v1/incidents/{first}/pages"))
        .await
        .body[0]["id"]
        .as_i64()
        .unwrap();
    let key = format!("page:{page}:p0:r0:l0:u{}:m1:d0", ana.id);
    let (status, reply) = from_twilio(
        &app,
        &format!("/api/v1/integrations/twilio/gather?delivery={key}"),
        &[("Digits", "1")],
        "tok",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(reply.contains("Acknowledged"), "{reply}");
    let pages = app
        .get(&root, &format!("/api/v1/incidents/{first}/pages"))
        .await
        .body;
    assert_eq!(pages[0]["acknowledged_by"], ana.id);

    // "1" by text acknowledges the rest.
    let (_, reply) = from_twilio(
        &app,
        "/api/v1/integrations/twilio/sms",
        &[("From", "+15551230001"), ("Body", " 1 ")],
        "tok",
    )
    .await;
    assert!(reply.contains(&format!("Acknowledged {second}")), "{reply}");
    assert!(app
        .store
        .open_pages_notifying(ana.user_id())
        .await
        .unwrap()
        .is_empty());
    let (_, reply) = from_twilio(
        &app,
        "/api/v1/integrations/twilio/sms",
        &[("From", "+15551230001"), ("Body", "ack")],
        "tok",
    )
    .await;
    assert!(reply.contains("already acknowledged"), "{reply}");
    let timeline = app
        .get(&root, &format!("/api/v1/incidents/{second}/timeline"))
        .await
        .body;
    let acked = timeline["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "page_acknowledged")
        .expect("on the timeline");
    assert_eq!(acked["actor"]["name"], "Ana");
}

goldseam_testdb::on_both_databases!(
    a_text_reply_or_a_key_press_acknowledges_signed_by_twilio_only,
    a_declaration_wakes_the_incident_manager_and_the_team_until_acknowledged
);
