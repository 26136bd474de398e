//! Who can see a private incident, over HTTP on both databases: the list says who and why, those
//! who may act let someone in with a reason (an event, and they can read it from then on), and
//! making it public or private takes a reason. Reads carry the incident's paging summary, and
//! severities their update cadence.

mod common;

use common::TestApp;
use goldseam_core::UserRole;
use goldseam_testdb::TestDb;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn reasons_of(list: &Value, id: i64) -> Value {
    list["viewers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["user"]["id"] == id)
        .map(|v| v["reasons"].clone())
        .unwrap_or(Value::Null)
}

async fn who_can_see_a_private_incident_is_listed_and_changed_with_reasons(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let root = app.user("Root", UserRole::Admin).await;
    let lawyer = app.user("Lena", UserRole::Member).await;
    let olivia = app.user("Olivia", UserRole::Member).await;
    let counsel = app.user("Carl", UserRole::Member).await;
    let reader = app.user("Vic", UserRole::Viewer).await;

    let r = app
        .declare(
            &lawyer,
            json!({"title": "Data leak", "severity": "SEV1", "private": true}),
        )
        .await;
    let assign = app
        .post(
            &lawyer,
            &format!("/api/v1/incidents/{r}/roles"),
            json!({"role": "incident_manager", "user_id": olivia.id}),
        )
        .await;
    assert!(assign.status.is_success(), "{}", assign.body);
    let path = format!("/api/v1/incidents/{r}/viewers");
    let list = app.get(&olivia, &path).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(list.body["private"], true);
    assert_eq!(reasons_of(&list.body, lawyer.id), json!(["declared"]));
    assert_eq!(reasons_of(&list.body, olivia.id), json!(["role"]));
    assert_eq!(reasons_of(&list.body, root.id), json!(["admin"]));
    assert_eq!(reasons_of(&list.body, counsel.id), Value::Null);
    // Sorted by name.
    let names: Vec<&str> = list.body["viewers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["user"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Lena", "Olivia", "Root"]);
    // Someone who cannot see it cannot list who can.
    assert_eq!(app.get(&counsel, &path).await.status, StatusCode::NOT_FOUND);

    // Letting someone in takes a reason and a real person, and changes nothing when refused.
    let no_reason = app
        .post(
            &olivia,
            &path,
            json!({"user_id": counsel.id, "reason": " "}),
        )
        .await;
    assert_eq!(
        no_reason.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        no_reason.body
    );
    assert_eq!(no_reason.body["errors"][0]["field"], "reason");
    let nobody = app
        .post(&olivia, &path, json!({"user_id": 9999, "reason": "x"}))
        .await;
    assert_eq!(nobody.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(nobody.body["errors"][0]["field"], "user_id");
    let stranger = app
        .post(
            &counsel,
            &path,
            json!({"user_id": counsel.id, "reason": "curious"}),
        )
        .await;
    assert_eq!(stranger.status, StatusCode::NOT_FOUND);
    let read_only = app
        .post(
            &reader,
            &path,
            json!({"user_id": counsel.id, "reason": "x"}),
        )
        .await;
    assert_eq!(
        read_only.status,
        StatusCode::NOT_FOUND,
        "a viewer cannot see a private incident"
    );
    assert_eq!(
        app.get(&counsel, &format!("/api/v1/incidents/{r}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let granted = app
        .post(
            &olivia,
            &path,
            json!({"user_id": counsel.id, "reason": "outside counsel for the notification duty"}),
        )
        .await;
    assert_eq!(granted.status, StatusCode::OK, "{}", granted.body);
    assert_eq!(reasons_of(&granted.body, counsel.id), json!(["added"]));
    assert_eq!(
        app.get(&counsel, &format!("/api/v1/incidents/{r}"))
            .await
            .status,
        StatusCode::OK
    );
    let again = app
        .post(
            &olivia,
            &path,
            json!({"user_id": counsel.id, "reason": "again"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["detail"], "Carl can already see it");
    let timeline = app
        .get(&counsel, &format!("/api/v1/incidents/{r}/timeline"))
        .await
        .body;
    let grant = timeline["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "access_granted")
        .cloned()
        .unwrap();
    assert_eq!(
        grant["data"],
        json!({"user_id": counsel.id, "reason": "outside counsel for the notification duty"})
    );
    assert_eq!(grant["actor"]["id"], olivia.id);

    // Public and back, each with a reason.
    let incident = format!("/api/v1/incidents/{r}");
    let bare = app
        .patch(&olivia, &incident, json!({"private": false}))
        .await;
    assert_eq!(
        bare.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        bare.body
    );
    assert_eq!(bare.body["errors"][0]["field"], "reason");
    assert_eq!(
        app.get(&reader, &incident).await.status,
        StatusCode::NOT_FOUND
    );
    let public = app
        .patch(
            &olivia,
            &incident,
            json!({"private": false, "reason": "the leak is public now; customers were told"}),
        )
        .await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.body);
    assert_eq!(app.get(&reader, &incident).await.status, StatusCode::OK);
    let list = app.get(&reader, &path).await.body;
    assert_eq!(list, json!({"private": false, "viewers": []}));
    let public_grant = app
        .post(&olivia, &path, json!({"user_id": reader.id, "reason": "x"}))
        .await;
    assert_eq!(public_grant.status, StatusCode::CONFLICT);
    let private = app
        .call(
            &olivia,
            Method::PATCH,
            &incident,
            Some(json!({"private": true, "reason": "regulator asked"})),
        )
        .await;
    assert_eq!(private.status, StatusCode::OK, "{}", private.body);
    let timeline = app
        .get(&olivia, &format!("/api/v1/incidents/{r}/timeline"))
        .await
        .body;
    let visibility: Vec<Value> = timeline["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "visibility_changed")
        .map(|e| e["data"].clone())
        .collect();
    assert_eq!(
        visibility,
        [
            json!({"private": false, "reason": "the leak is public now; customers were told"}),
            json!({"private": true, "reason": "regulator asked"}),
        ]
    );
}

async fn reads_carry_paging_and_severities_their_update_cadence(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let root = app.user("Root", UserRole::Admin).await;
    let bo = app.user("Bo", UserRole::Member).await;
    let r = app
        .declare(&root, json!({"title": "Slow", "severity": "SEV2"}))
        .await;
    let one = app.get(&bo, &format!("/api/v1/incidents/{r}")).await.body;
    assert_eq!(
        one["paging"],
        json!({"pages": 0, "acknowledged": 0, "waiting_since": null})
    );
    let paged = app
        .post(
            &root,
            &format!("/api/v1/incidents/{r}/pages"),
            json!({"user_id": bo.id}),
        )
        .await;
    assert!(paged.status.is_success(), "{}", paged.body);
    let list = app.get(&bo, "/api/v1/incidents").await.body;
    let p = &list["items"][0]["paging"];
    assert_eq!(
        (p["pages"].as_i64(), p["acknowledged"].as_i64()),
        (Some(1), Some(0))
    );
    assert!(p["waiting_since"].is_string(), "{p}");

    let sevs = app.get(&bo, "/api/v1/severities").await.body;
    let every: Vec<Value> = sevs
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["update_every_minutes"].clone())
        .collect();
    assert_eq!(
        every,
        [json!(15), json!(30), json!(60), json!(240), Value::Null]
    );
    let put = |minutes: Value| json!({"name": "Minor", "description": "Little impact.", "rank": 3, "update_every_minutes": minutes});
    let bad = app
        .call(
            &root,
            Method::PUT,
            "/api/v1/severities/SEV3",
            Some(put(json!(0))),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.body["errors"][0]["field"], "update_every_minutes");
    let ok = app
        .call(
            &root,
            Method::PUT,
            "/api/v1/severities/SEV3",
            Some(put(json!(120))),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let sev3 = app.get(&bo, "/api/v1/severities").await.body[3].clone();
    assert_eq!(sev3["update_every_minutes"], 120);
}

goldseam_testdb::on_both_databases!(
    who_can_see_a_private_incident_is_listed_and_changed_with_reasons,
    reads_carry_paging_and_severities_their_update_cadence
);
