//! The core contract of DESIGN.md, exercised over HTTP on both databases.

mod common;

use common::TestApp;
use goldseam_core::UserRole;
use goldseam_testdb::TestDb;
use reqwest::StatusCode;
use serde_json::json;

async fn declare_read_update_and_follow_the_timeline(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let r = app.post(&ana, "/api/v1/incidents", json!({"title": "Checkout down #payments", "severity": "SEV2", "summary": "5xx on /pay", "tags": ["EU"]})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["reference"], "INC-1");
    assert_eq!(r.headers["location"], "/api/v1/incidents/INC-1");
    assert_eq!(r.body["tags"], json!(["eu", "payments"]));
    assert_eq!(r.body["status"], "triage");
    assert_eq!(r.body["type"], "other");
    assert_eq!(r.body["declared_by"]["name"], "Ana");

    for path in [
        "/api/v1/incidents/INC-1",
        "/api/v1/incidents/1",
        "/api/v1/incidents/inc-1",
    ] {
        assert_eq!(
            app.get(&ana, path).await.body["title"],
            "Checkout down #payments",
            "{path}"
        );
    }
    let r = app
        .patch(
            &ana,
            "/api/v1/incidents/INC-1",
            json!({"severity": "SEV1", "status": "active"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        (r.body["severity"].as_str(), r.body["status"].as_str()),
        (Some("SEV1"), Some("active"))
    );
    assert!(r.body["acknowledged_at"].is_string());

    let r = app
        .post(
            &ana,
            "/api/v1/incidents/INC-1/comments",
            json!({"body": "rolling back #deploy"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let comment_id = r.body["events"][0]["id"].as_i64().unwrap();
    assert_eq!(r.body["events"][0]["actor"]["name"], "Ana");
    assert_eq!(
        r.body["incident"]["tags"],
        json!(["deploy", "eu", "payments"])
    );

    let r = app
        .post(
            &ana,
            "/api/v1/incidents/INC-1/status-updates",
            json!({"body": "Rolled back; errors falling", "status": "mitigated"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["incident"]["last_update"]["status"], "mitigated");

    let r = app
        .post(
            &ana,
            "/api/v1/incidents/INC-1/pins",
            json!({"event_id": comment_id}),
        )
        .await;
    assert_eq!(r.body["incident"]["pinned"], json!([comment_id]));
    let r = app
        .post(
            &ana,
            "/api/v1/incidents/INC-1/roles",
            json!({"role": "incident_manager", "user_id": ana.id}),
        )
        .await;
    assert_eq!(
        r.body["incident"]["roles"][0]["user"]["name"], "Ana",
        "{}",
        r.body
    );

    let r = app
        .patch(
            &ana,
            "/api/v1/incidents/INC-1",
            json!({"status": "resolved", "reason": "fixed by rollback"}),
        )
        .await;
    assert_eq!(r.body["status"], "resolved");

    let t = app.get(&ana, "/api/v1/incidents/INC-1/timeline").await;
    let kinds: Vec<&str> = t.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "declared",
            "tag_added",
            "tag_added",
            "severity_changed",
            "status_changed",
            "comment_added",
            "tag_added",
            "status_changed",
            "status_update",
            "pinned",
            "role_assigned",
            "status_changed"
        ]
    );
    let seqs: Vec<i64> = t.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs, (1..=12).collect::<Vec<_>>());
    assert_eq!(
        t.body["items"][3]["data"],
        json!({"from": "SEV2", "to": "SEV1"})
    );
    let page = app
        .get(&ana, "/api/v1/incidents/INC-1/timeline?limit=5")
        .await;
    assert_eq!(page.body["next_cursor"], "5");
    let rest = app
        .get(&ana, "/api/v1/incidents/INC-1/timeline?after=5&limit=100")
        .await;
    assert_eq!(rest.body["items"][0]["seq"], 6);
}

async fn comments_are_edited_and_deleted_with_history(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let bob = app.user("Bob", UserRole::Member).await;
    let r = app
        .declare(&ana, json!({"title": "Queue backlog", "severity": "SEV3"}))
        .await;
    let c = app
        .post(
            &ana,
            &format!("/api/v1/incidents/{r}/comments"),
            json!({"body": "first take"}),
        )
        .await;
    let id = c.body["events"][0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/incidents/{r}/comments/{id}");
    let e = app.patch(&bob, &path, json!({"body": "not mine"})).await;
    assert_eq!(e.status, StatusCode::FORBIDDEN, "{}", e.body);
    let e = app.patch(&ana, &path, json!({"body": "second take"})).await;
    assert_eq!(e.status, StatusCode::OK, "{}", e.body);
    let d = app.call(&ana, reqwest::Method::DELETE, &path, None).await;
    assert_eq!(d.status, StatusCode::OK);
    let d = app.call(&ana, reqwest::Method::DELETE, &path, None).await;
    assert_eq!(d.status, StatusCode::CONFLICT);
    let t = app
        .get(&ana, &format!("/api/v1/incidents/{r}/timeline"))
        .await;
    let items = t.body["items"].as_array().unwrap();
    assert_eq!(
        items[1]["data"]["body"], "first take",
        "the original stays readable"
    );
    assert_eq!(items[2]["kind"], "comment_edited");
    assert_eq!(
        items[2]["data"],
        json!({"comment_id": id, "body": "second take"})
    );
    assert_eq!(items[3]["kind"], "comment_deleted");
}

async fn lists_filter_and_paginate_with_cursors(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    for i in 0..5 {
        let sev = if i % 2 == 0 { "SEV1" } else { "SEV3" };
        app.declare(&ana, json!({"title": format!("thing {i}"), "severity": sev, "tags": if i == 4 { vec!["db"] } else { vec![] }})).await;
    }
    app.patch(
        &ana,
        "/api/v1/incidents/INC-2",
        json!({"status": "resolved"}),
    )
    .await;
    let refs = |r: &common::Reply| {
        r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["reference"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let p1 = app.get(&ana, "/api/v1/incidents?limit=2").await;
    assert_eq!(refs(&p1), ["INC-5", "INC-4"]);
    let cursor = p1.body["next_cursor"].as_str().unwrap();
    let p2 = app
        .get(&ana, &format!("/api/v1/incidents?limit=2&cursor={cursor}"))
        .await;
    assert_eq!(refs(&p2), ["INC-3", "INC-2"]);
    assert_eq!(
        refs(&app.get(&ana, "/api/v1/incidents?severity=SEV1").await),
        ["INC-5", "INC-3", "INC-1"]
    );
    assert_eq!(
        refs(&app.get(&ana, "/api/v1/incidents?status=resolved").await),
        ["INC-2"]
    );
    assert_eq!(
        refs(
            &app.get(&ana, "/api/v1/incidents?status=open&severity=SEV3")
                .await
        ),
        ["INC-4"]
    );
    assert_eq!(
        refs(
            &app.get(
                &ana,
                "/api/v1/incidents?status=triage&status=resolved&severity=SEV3"
            )
            .await
        ),
        ["INC-4", "INC-2"]
    );
    assert_eq!(
        refs(&app.get(&ana, "/api/v1/incidents?tag=%23DB").await),
        ["INC-5"]
    );
    assert_eq!(
        refs(&app.get(&ana, "/api/v1/incidents?q=THING%203").await),
        ["INC-4"]
    );
    let bad = app
        .get(&ana, "/api/v1/incidents?status=burning&limit=0")
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body["detail"]
            .as_str()
            .unwrap()
            .contains("valid statuses are triage, active"),
        "{}",
        bad.body
    );
}

async fn idempotency_key_returns_the_same_incident(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let body = json!({"title": "Once", "severity": "SEV2"});
    let send = |key: &'static str, body: serde_json::Value| {
        let req = app
            .client
            .post(app.url("/api/v1/incidents"))
            .bearer_auth(&ana.token)
            .header("Idempotency-Key", key)
            .json(&body);
        async move { common::reply(req.send().await.unwrap()).await }
    };
    let first = send("abc-123", body.clone()).await;
    let again = send("abc-123", body.clone()).await;
    assert_eq!(
        (first.status, again.status),
        (StatusCode::CREATED, StatusCode::CREATED)
    );
    assert_eq!(first.body["reference"], again.body["reference"]);
    assert_eq!(again.headers["idempotent-replayed"], "true");
    let other = send("abc-123", json!({"title": "Different", "severity": "SEV2"})).await;
    assert_eq!(other.status, StatusCode::CONFLICT);
    assert_eq!(
        app.get(&ana, "/api/v1/incidents").await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let c1 = app
        .client
        .post(app.url("/api/v1/incidents/INC-1/comments"))
        .bearer_auth(&ana.token)
        .header("Idempotency-Key", "c1")
        .json(&json!({"body": "hi"}));
    let c2 = app
        .client
        .post(app.url("/api/v1/incidents/INC-1/comments"))
        .bearer_auth(&ana.token)
        .header("Idempotency-Key", "c1")
        .json(&json!({"body": "hi"}));
    let (c1, c2) = (
        common::reply(c1.send().await.unwrap()).await,
        common::reply(c2.send().await.unwrap()).await,
    );
    assert_eq!(c1.body["events"][0]["id"], c2.body["events"][0]["id"]);
    let t = app.get(&ana, "/api/v1/incidents/INC-1/timeline").await;
    assert_eq!(
        t.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "comment_added")
            .count(),
        1
    );
}

async fn viewers_read_but_cannot_act(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let vic = app.user("Vic", UserRole::Viewer).await;
    let r = app
        .declare(&ana, json!({"title": "Outage", "severity": "SEV1"}))
        .await;
    assert_eq!(
        app.get(&vic, &format!("/api/v1/incidents/{r}"))
            .await
            .status,
        StatusCode::OK
    );
    for (path, body) in [
        (
            "/api/v1/incidents".to_string(),
            json!({"title": "x", "severity": "SEV1"}),
        ),
        (
            format!("/api/v1/incidents/{r}/comments"),
            json!({"body": "hi"}),
        ),
    ] {
        let res = app.post(&vic, &path, body).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{path}: {}", res.body);
        assert!(res.body["detail"].as_str().unwrap().contains("viewers"));
    }
    assert_eq!(
        app.patch(
            &vic,
            &format!("/api/v1/incidents/{r}"),
            json!({"severity": "SEV0"})
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&ana, &format!("/api/v1/incidents/{r}")).await.body["severity"],
        "SEV1"
    );
}

async fn private_incidents_are_invisible_to_outsiders_everywhere(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let eve = app.user("Eve", UserRole::Member).await;
    let carl = app.user("Carl", UserRole::Member).await;
    let root = app.user("Root", UserRole::Admin).await;
    let mut eve_all = app.stream(&eve, "/api/v1/events", None).await;
    let secret = app
        .declare(
            &ana,
            json!({"title": "Leaked credentials", "severity": "SEV1", "type": "security"}),
        )
        .await;
    let public = app
        .declare(&ana, json!({"title": "Slow page", "severity": "SEV4"}))
        .await;
    let r = app.get(&ana, &format!("/api/v1/incidents/{secret}")).await;
    assert_eq!(r.body["private"], true);
    app.post(
        &ana,
        &format!("/api/v1/incidents/{secret}/roles"),
        json!({"role": "responder", "user_id": carl.id}),
    )
    .await;
    for path in [
        format!("/api/v1/incidents/{secret}"),
        format!("/api/v1/incidents/{secret}/timeline"),
        format!("/api/v1/incidents/{secret}/events"),
    ] {
        let res = app.get(&eve, &path).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(res.body["detail"], format!("incident {secret} not found"));
    }
    assert_eq!(
        app.post(
            &eve,
            &format!("/api/v1/incidents/{secret}/comments"),
            json!({"body": "peek"})
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let app = &app;
    let listed = |u| async move {
        app.get(u, "/api/v1/incidents").await.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["reference"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(listed(&eve).await, std::slice::from_ref(&public));
    assert_eq!(listed(&carl).await, [public.clone(), secret.clone()]);
    assert_eq!(listed(&root).await, [public.clone(), secret.clone()]);
    // Eve's global stream carries the public incident's events but nothing of the private one.
    let mut refs = Vec::new();
    while let Some(m) = eve_all.next(std::time::Duration::from_millis(1500)).await {
        refs.push(m.json()["reference"].as_str().unwrap().to_string());
    }
    assert!(
        !refs.is_empty() && refs.iter().all(|r| *r == public),
        "{refs:?}"
    );
    // Replays from the database obey the same rule.
    let mut replay = app.stream(&eve, "/api/v1/events", Some(0)).await;
    while let Some(m) = replay.next(std::time::Duration::from_millis(500)).await {
        assert_eq!(m.json()["reference"], public);
    }
}

async fn catalog_lists_severities_types_and_roles(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let root = app.user("Root", UserRole::Admin).await;
    let s = app.get(&ana, "/api/v1/severities").await;
    assert_eq!(s.body.as_array().unwrap().len(), 5);
    assert_eq!(s.body[1]["key"], "SEV1");
    assert!(s.body[1]["description"].as_str().unwrap().len() > 10);
    let t = app.get(&ana, "/api/v1/incident-types").await;
    assert!(t
        .body
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["key"] == "security" && t["default_private"] == true));
    assert_eq!(
        app.get(&ana, "/api/v1/roles").await.body[0]["key"],
        "incident_manager"
    );
    let denied = app
        .call(
            &ana,
            reqwest::Method::PUT,
            "/api/v1/severities/SEV5",
            Some(json!({"name": "Trivial", "description": "Cosmetic.", "rank": 5})),
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let added = app
        .call(
            &root,
            reqwest::Method::PUT,
            "/api/v1/severities/SEV5",
            Some(json!({"name": "Trivial", "description": "Cosmetic.", "rank": 5})),
        )
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    let r = app
        .post(
            &ana,
            "/api/v1/incidents",
            json!({"title": "typo on the homepage", "severity": "SEV5"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

async fn reads_of_private_incidents_are_audited(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let eve = app.user("Eve", UserRole::Member).await;
    let root = app.user("Root", UserRole::Admin).await;
    let secret = app
        .declare(
            &ana,
            json!({"title": "Leak", "severity": "SEV1", "private": true}),
        )
        .await;
    let public = app
        .declare(&ana, json!({"title": "Slow", "severity": "SEV4"}))
        .await;
    app.get(&ana, &format!("/api/v1/incidents/{secret}")).await;
    app.get(&ana, &format!("/api/v1/incidents/{secret}/timeline"))
        .await;
    drop(
        app.stream(&root, &format!("/api/v1/incidents/{secret}/events"), None)
            .await,
    );
    assert_eq!(
        app.get(&eve, &format!("/api/v1/incidents/{secret}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    app.get(&ana, &format!("/api/v1/incidents/{public}")).await;
    let log = app
        .get(&root, &format!("/api/v1/incidents/{secret}/access-log"))
        .await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.body);
    let seen: Vec<(String, String)> = log.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["user"]["name"].as_str().unwrap().to_string(),
                a["action"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [("Ana", "read"), ("Ana", "timeline"), ("Root", "stream")]
        .map(|(u, a)| (u.to_string(), a.to_string()));
    assert_eq!(seen, expected, "refused attempts are not accesses");
    assert_eq!(
        app.get(&root, &format!("/api/v1/incidents/{public}/access-log"))
            .await
            .body["items"],
        json!([]),
        "public incidents are not audited"
    );
    assert_eq!(
        app.get(&ana, &format!("/api/v1/incidents/{secret}/access-log"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

goldseam_testdb::on_both_databases!(
    reads_of_private_incidents_are_audited,
    declare_read_update_and_follow_the_timeline,
    comments_are_edited_and_deleted_with_history,
    lists_filter_and_paginate_with_cursors,
    idempotency_key_returns_the_same_incident,
    viewers_read_but_cannot_act,
    private_incidents_are_invisible_to_outsiders_everywhere,
    catalog_lists_severities_types_and_roles,
);
