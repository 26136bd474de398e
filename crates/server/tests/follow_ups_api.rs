//! Follow-ups over HTTP, on both databases: adding (idempotent, validated field by field),
//! changing, the lists with their filters, and a private incident's follow-ups hidden from
//! everyone outside it.

mod common;

use common::{problem_fields, TestApp};
use goldseam_core::UserRole;
use goldseam_testdb::TestDb;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn titles(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["title"].as_str().unwrap().to_string())
        .collect()
}

/// A date `days` from today (UTC): the users here have no time zone.
fn in_days(days: i64) -> String {
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    today
        .checked_add(jiff::Span::new().days(days))
        .unwrap()
        .to_string()
}

async fn adding_and_changing(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let bo = app.user("Bo", UserRole::Member).await;
    let vi = app.user("Vi", UserRole::Viewer).await;
    let r = app
        .declare(&ana, json!({"title": "Checkout down", "severity": "SEV2"}))
        .await;
    let path = format!("/api/v1/incidents/{r}/follow-ups");

    // Every refused field is named at once.
    let bad = app
        .post(&ana, &path, json!({"title": " ", "due_on": "next week", "priority": "asap", "status": "done", "owner_id": 0}))
        .await;
    assert_eq!(
        bad.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        bad.body
    );
    let mut fields = problem_fields(&bad.body);
    fields.sort();
    assert_eq!(
        fields,
        ["due_on", "owner_id", "priority", "status", "title"]
    );
    let past = app
        .post(
            &ana,
            &path,
            json!({"title": "x", "owner_id": bo.id, "due_on": in_days(-1), "status": "committed"}),
        )
        .await;
    assert_eq!(problem_fields(&past.body), ["due_on"], "{:?}", past.body);
    let ownerless = app
        .post(
            &ana,
            &path,
            json!({"title": "x", "due_on": in_days(3), "status": "committed"}),
        )
        .await;
    assert_eq!(problem_fields(&ownerless.body), ["owner_id"]);
    let nobody = app
        .post(&ana, &path, json!({"title": "x", "owner_id": 4242}))
        .await;
    assert_eq!(problem_fields(&nobody.body), ["owner_id"]);
    assert_eq!(
        app.post(&vi, &path, json!({"title": "x"})).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&ana, &path).await.body["items"],
        json!([]),
        "nothing refused was written"
    );

    // Added once, even when the request is repeated with its key.
    let body = json!({"title": "Alert on queue depth", "owner_id": bo.id, "due_on": in_days(5), "status": "committed", "priority": "high"});
    let send = || {
        app.client
            .post(app.url(&path))
            .bearer_auth(&ana.token)
            .header("Idempotency-Key", "fu-1")
            .json(&body)
            .send()
    };
    let first = common::reply(send().await.unwrap()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    let again = common::reply(send().await.unwrap()).await;
    assert_eq!(again.body["id"], first.body["id"]);
    let f = first.body;
    let id = f["id"].as_i64().unwrap();
    assert_eq!(
        first.headers["location"],
        format!("/api/v1/follow-ups/{id}").as_str()
    );
    assert_eq!(
        (
            f["owner"]["name"].as_str(),
            f["status"].as_str(),
            f["overdue"].as_bool()
        ),
        (Some("Bo"), Some("committed"), Some(false))
    );
    assert_eq!(f["incident"]["reference"], r.as_str());
    assert_eq!(
        app.get(&ana, &path).await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Changes: won't do needs a reason; nothing new is a conflict; null clears.
    let one = format!("/api/v1/follow-ups/{id}");
    let wont = app.patch(&bo, &one, json!({"status": "wont_do"})).await;
    assert_eq!(problem_fields(&wont.body), ["reason"]);
    let same = app.patch(&bo, &one, json!({"priority": "high"})).await;
    assert_eq!(same.status, StatusCode::CONFLICT, "{:?}", same.body);
    let unknown = app.patch(&bo, &one, json!({"colour": "red"})).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = app
        .patch(
            &bo,
            &one,
            json!({"status": "done", "description": "Added in [PR 12](https://example.com/12)"}),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert!(done.body["completed_at"].is_string());
    let cleared = app.patch(&bo, &one, json!({"description": null})).await;
    assert_eq!(cleared.body["description"], Value::Null);
    assert_eq!(app.get(&vi, &one).await.body["status"], "done");

    // The timeline carries both kinds, in the shape the OpenAPI document gives.
    let timeline = app
        .get(&ana, &format!("/api/v1/incidents/{r}/timeline"))
        .await
        .body;
    let kinds: Vec<&str> = timeline["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .filter(|k| k.starts_with("follow_up"))
        .collect();
    assert_eq!(
        kinds,
        ["follow_up_added", "follow_up_changed", "follow_up_changed"]
    );
    app.shutdown().await;
}

async fn lists_and_private_incidents(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let admin = app.user("Admin", UserRole::Admin).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let bo = app.user("Bo", UserRole::Member).await;
    let open = app
        .declare(&ana, json!({"title": "Search slow", "severity": "SEV3"}))
        .await;
    let secret = app
        .declare(
            &ana,
            json!({"title": "Leak", "severity": "SEV1", "private": true}),
        )
        .await;
    for (r, title, days) in [
        (&open, "tune index", 2),
        (&secret, "rotate keys", 1),
        (&open, "write runbook", 9),
    ] {
        let a = app
            .post(&ana, &format!("/api/v1/incidents/{r}/follow-ups"), json!({"title": title, "owner_id": ana.id, "due_on": in_days(days), "status": "committed"}))
            .await;
        assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
    }
    let idea = app
        .post(
            &bo,
            &format!("/api/v1/incidents/{open}/follow-ups"),
            json!({"title": "idea"}),
        )
        .await;
    assert_eq!(idea.status, StatusCode::CREATED);

    assert_eq!(
        titles(&app.get(&ana, "/api/v1/follow-ups?owner=me").await.body),
        ["rotate keys", "tune index", "write runbook"]
    );
    assert_eq!(
        titles(
            &app.get(&ana, &format!("/api/v1/follow-ups?incident={open}"))
                .await
                .body
        ),
        ["tune index", "write runbook", "idea"]
    );
    let page = app.get(&ana, "/api/v1/follow-ups?limit=2").await.body;
    assert_eq!(titles(&page), ["rotate keys", "tune index"]);
    let cursor = page["next_cursor"].as_str().unwrap();
    assert_eq!(
        titles(
            &app.get(&ana, &format!("/api/v1/follow-ups?limit=2&cursor={cursor}"))
                .await
                .body
        ),
        ["write runbook", "idea"]
    );
    assert_eq!(
        titles(&app.get(&ana, "/api/v1/follow-ups?overdue=true").await.body),
        Vec::<String>::new()
    );
    let bad = app
        .get(
            &ana,
            "/api/v1/follow-ups?owner=someone&status=later&limit=0&incident=x",
        )
        .await;
    let mut fields = problem_fields(&bad.body);
    fields.sort();
    assert_eq!(
        fields,
        ["incident", "limit", "owner", "status"],
        "{:?}",
        bad.body
    );

    // No tracker is set up on this server: none is offered, and filing says so.
    assert_eq!(
        app.get(&bo, "/api/v1/trackers").await.body,
        json!({"trackers": []})
    );
    let idea_id = idea.body["id"].as_i64().unwrap();
    let file = app
        .post(
            &bo,
            &format!("/api/v1/follow-ups/{idea_id}/file"),
            json!({"tracker": "github"}),
        )
        .await;
    assert_eq!(problem_fields(&file.body), ["tracker"], "{:?}", file.body);
    let bad_service = app
        .get(&ana, "/api/v1/follow-ups?service=9223372036854775808")
        .await;
    assert_eq!(
        problem_fields(&bad_service.body),
        ["service"],
        "{:?}",
        bad_service.body
    );

    // Bo is not in the private incident: its follow-up is nowhere for him.
    assert_eq!(
        titles(&app.get(&bo, "/api/v1/follow-ups").await.body),
        ["tune index", "write runbook", "idea"]
    );
    let rotate = app
        .get(&ana, "/api/v1/follow-ups?owner=me&limit=1")
        .await
        .body["items"][0]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        app.get(&bo, &format!("/api/v1/follow-ups/{rotate}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&bo, &format!("/api/v1/incidents/{secret}/follow-ups"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let give = app
        .patch(
            &ana,
            &format!("/api/v1/follow-ups/{rotate}"),
            json!({"owner_id": bo.id}),
        )
        .await;
    assert_eq!(problem_fields(&give.body), ["owner_id"]);
    assert_eq!(
        titles(
            &app.get(&admin, &format!("/api/v1/incidents/{secret}/follow-ups"))
                .await
                .body
        ),
        ["rotate keys"]
    );
    app.shutdown().await;
}

goldseam_testdb::on_both_databases!(adding_and_changing, lists_and_private_incidents);
