//! What a declaration's response did and could not do, as the room reads it, over HTTP on both
//! databases with the delivery engine running and no email configured: a rule naming teams that
//! do not exist says so on the timeline (not a silent "nobody was paged"), a team nobody can be
//! paged through says so too, stakeholders informed are named, and an email the server cannot
//! send reads neutrally in the room while admins get the reason as a notice.

mod common;

use common::{TestApp, TestUser};
use goldseam_core::UserRole;
use goldseam_server::engine::EngineConfig;
use goldseam_server::ServerConfig;
use goldseam_testdb::TestDb;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

async fn spawn(db: &TestDb) -> TestApp {
    let delivery = EngineConfig {
        enabled: true,
        poll: Duration::from_millis(50),
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

/// The incident's timeline events of `kind`, once `count` of them are there.
async fn events(app: &TestApp, who: &TestUser, r: &str, kind: &str, count: usize) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let t = app
            .get(who, &format!("/api/v1/incidents/{r}/timeline"))
            .await;
        assert_eq!(t.status, StatusCode::OK, "{}", t.body);
        let found: Vec<Value> = t.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == kind)
            .cloned()
            .collect();
        if found.len() >= count {
            return found;
        }
        assert!(
            Instant::now() < deadline,
            "{r}: {count} {kind} events never came; timeline: {}",
            t.body
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn rules_that_cannot_act_say_so_and_stakeholders_informed_are_named(db: TestDb) {
    let app = spawn(&db).await;
    let root = app.user("Root", UserRole::Admin).await;
    let lena = app.user("Lena", UserRole::Member).await;

    // A fresh install: the starter rule names Security, Legal and PR, none of which exist.
    let setup = app.get(&root, "/api/v1/admin/setup").await;
    assert_eq!(setup.status, StatusCode::OK, "{}", setup.body);
    assert_eq!(
        setup.body["awaited_teams"],
        json!(["Legal", "PR", "Security"])
    );
    assert_eq!(setup.body["email"], false);
    assert_eq!(setup.body["people"], 2);
    assert_eq!(setup.body["incident_manager"], false);
    assert_eq!(
        app.get(&lena, "/api/v1/admin/setup").await.status,
        StatusCode::FORBIDDEN
    );

    let leak = app
        .declare(
            &lena,
            json!({"title": "Customer data leak", "severity": "SEV1", "type": "security"}),
        )
        .await;
    let declared = events(&app, &lena, &leak, "declared", 1).await;
    assert_eq!(
        declared[0]["data"]["private_because"],
        "by rule: Security incidents page Security, inform Legal and PR"
    );
    let gaps = events(&app, &lena, &leak, "response_gap", 3).await;
    let said: Vec<(String, String, String)> = gaps
        .iter()
        .map(|g| {
            let d = &g["data"];
            assert_eq!(
                d["rule"],
                "Security incidents page Security, inform Legal and PR"
            );
            assert!(g["actor"].is_null());
            (
                d["action"].as_str().unwrap().into(),
                d["target"].as_str().unwrap().into(),
                d["problem"].as_str().unwrap().into(),
            )
        })
        .collect();
    let missing = "no team of that name exists yet".to_string();
    assert_eq!(
        said,
        [
            ("page".into(), "Security".into(), missing.clone()),
            ("inform".into(), "Legal".into(), missing.clone()),
            ("inform".into(), "PR".into(), missing),
        ]
    );

    // Security exists but can be paged through nothing; Legal exists with Lena in it.
    let security = app
        .post(&root, "/api/v1/teams", json!({"name": "Security"}))
        .await;
    assert_eq!(security.status, StatusCode::CREATED, "{}", security.body);
    let legal = app
        .post(&root, "/api/v1/teams", json!({"name": "Legal"}))
        .await;
    let member = app
        .call(
            &root,
            Method::PUT,
            &format!("/api/v1/teams/{}/members/{}", legal.body["id"], lena.id),
            Some(json!({})),
        )
        .await;
    assert!(member.status.is_success(), "{}", member.body);
    let setup = app.get(&root, "/api/v1/admin/setup").await.body;
    assert_eq!(setup["awaited_teams"], json!(["PR"]));
    assert_eq!(
        (setup["teams"].as_i64(), setup["teams_on_call"].as_i64()),
        (Some(2), Some(0))
    );

    let second = app
        .declare(
            &root,
            json!({"title": "Stolen laptop", "severity": "SEV2", "type": "security"}),
        )
        .await;
    let gaps = events(&app, &root, &second, "response_gap", 2).await;
    let problems: Vec<(&str, &str)> = gaps
        .iter()
        .map(|g| {
            (
                g["data"]["target"].as_str().unwrap(),
                g["data"]["problem"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            (
                "Security",
                "the team has no escalation policy and no on-call schedule"
            ),
            ("PR", "no team of that name exists yet"),
        ]
    );
    let informed = events(&app, &root, &second, "informed", 1).await;
    assert_eq!(informed[0]["data"]["user_ids"], json!([lena.id]));
    assert_eq!(
        informed[0]["data"]["reason"],
        "team Legal by rule: Security incidents page Security, inform Legal and PR"
    );
    // Informed of a private incident, Lena may open it, and is listed with the reason.
    let viewers = app
        .get(&lena, &format!("/api/v1/incidents/{second}/viewers"))
        .await;
    assert_eq!(viewers.status, StatusCode::OK, "{}", viewers.body);
    let lena_row = viewers.body["viewers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["user"]["id"] == lena.id)
        .cloned()
        .unwrap();
    assert_eq!(lena_row["reasons"], json!(["informed"]));

    // The email to Lena cannot go out: this server has no SMTP. The room says so neutrally...
    let failed = events(&app, &lena, &second, "delivery", 1).await;
    let d = &failed[0]["data"];
    assert_eq!(
        (
            d["channel"].as_str(),
            d["outcome"].as_str(),
            d["cause"].as_str()
        ),
        (Some("email"), Some("failed"), Some("configuration"))
    );
    assert_eq!(d["user_id"], lena.id);
    assert!(
        d.get("reason").is_none(),
        "configuration details leaked to readers: {d}"
    );
    let everything = app
        .get(&lena, &format!("/api/v1/incidents/{second}/timeline"))
        .await;
    assert!(!everything.body.to_string().contains("smtp_url"));

    // ...and admins read what to fix, in the notices and the dead letters.
    let notices = app.get(&root, "/api/v1/admin/notices").await;
    assert_eq!(notices.status, StatusCode::OK, "{}", notices.body);
    let n = &notices.body["items"][0];
    assert_eq!(n["channel"], "email");
    assert_eq!(n["failed"], 1);
    assert!(
        n["problem"].as_str().unwrap().contains("set smtp_url"),
        "{n}"
    );
    assert_eq!(
        app.get(&lena, "/api/v1/admin/notices").await.status,
        StatusCode::FORBIDDEN
    );
    // A verification code by email fails for the same reason, and counts as email.
    let method = app
        .post(
            &lena,
            "/api/v1/me/contact-methods",
            json!({"kind": "email", "address": "lena.pager@example.com"}),
        )
        .await;
    assert_eq!(method.status, StatusCode::CREATED, "{}", method.body);
    let verify = app
        .post(
            &lena,
            &format!(
                "/api/v1/me/contact-methods/{}/verification",
                method.body["id"]
            ),
            json!({}),
        )
        .await;
    assert!(verify.status.is_success(), "{}", verify.body);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let items = app.get(&root, "/api/v1/admin/notices").await.body["items"].clone();
        if items[0]["failed"] == 2 {
            assert_eq!(items.as_array().unwrap().len(), 1, "{items}");
            assert_eq!(items[0]["channel"], "email");
            break;
        }
        assert!(Instant::now() < deadline, "{items}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let dead = app.get(&root, "/api/v1/admin/dead-letters").await.body;
    let letter = &dead["items"][1];
    assert_eq!(letter["kind"], "email");
    assert!(
        letter["last_error"].as_str().unwrap().contains("smtp_url"),
        "{letter}"
    );
}

goldseam_testdb::on_both_databases!(
    rules_that_cannot_act_say_so_and_stakeholders_informed_are_named
);
