//! Teams, services, contact methods (with verification), notification rules and profiles over
//! the API, on both databases: permissions, bad input, and the verification flow end to end.

mod common;

use common::{Reply, TestApp, TestUser};
use goldseam_core::UserRole;
use goldseam_testdb::TestDb;
use jiff::{SignedDuration, Timestamp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn fields(r: &Reply) -> Vec<String> {
    r.body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no field errors in {}", r.body))
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect()
}

fn assert_problem(r: &Reply, status: StatusCode) {
    assert_eq!(r.status, status, "{}", r.body);
    assert_eq!(r.headers["content-type"], "application/problem+json");
}

async fn delete(app: &TestApp, u: &TestUser, path: &str) -> Reply {
    app.call(u, Method::DELETE, path, None).await
}

async fn put(app: &TestApp, u: &TestUser, path: &str, body: Value) -> Reply {
    app.call(u, Method::PUT, path, Some(body)).await
}

async fn teams_are_run_by_admins_and_leads(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let admin = app.user("Ada", UserRole::Admin).await;
    let lead = app.user("Lea", UserRole::Member).await;
    let dev = app.user("Dev", UserRole::Member).await;
    let viewer = app.user("Vic", UserRole::Viewer).await;

    let body = json!({"name": "Payments", "description": "Money in, money out", "schedule_id": 4,
        "members": [{"user_id": lead.id, "role": "Lead"}, {"user_id": dev.id}]});
    for u in [&lead, &viewer] {
        assert_problem(
            &app.post(u, "/api/v1/teams", body.clone()).await,
            StatusCode::FORBIDDEN,
        );
    }
    let r = app.post(&admin, "/api/v1/teams", body.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    assert_eq!(r.body["schedule_id"], 4);
    assert_eq!(r.body["escalation_policy_id"], Value::Null);
    assert_eq!(r.body["members"][0]["name"], "Dev");
    assert_eq!(r.body["members"][1]["role"], "lead");

    // Unique ignoring case.
    let r = app
        .post(&admin, "/api/v1/teams", json!({"name": "PAYMENTS"}))
        .await;
    assert_problem(&r, StatusCode::CONFLICT);
    assert!(r.body["detail"]
        .as_str()
        .unwrap()
        .contains("already exists"));
    // Every bad field at once, and nothing written.
    let r = app
        .post(
            &admin,
            "/api/v1/teams",
            json!({"name": " ", "schedule_id": -1,
            "members": [{"user_id": dev.id, "role": "tech lead"}, {"user_id": dev.id}]}),
        )
        .await;
    assert_problem(&r, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        fields(&r),
        [
            "name",
            "schedule_id",
            "members[0].role",
            "members[1].user_id"
        ]
    );
    let r = app
        .post(
            &admin,
            "/api/v1/teams",
            json!({"name": "Ghosts", "members": [{"user_id": 9999}]}),
        )
        .await;
    assert_problem(&r, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&r), ["members[0].user_id"]);

    // Everyone reads.
    for u in [&viewer, &dev] {
        let r = app.get(u, "/api/v1/teams").await;
        assert_eq!(r.body["items"].as_array().unwrap().len(), 1, "{}", r.body);
        assert_eq!(
            app.get(u, &format!("/api/v1/teams/{id}")).await.body["name"],
            "Payments"
        );
    }
    assert_problem(
        &app.get(&dev, "/api/v1/teams/999").await,
        StatusCode::NOT_FOUND,
    );

    // Admins edit; null clears an id, absence keeps it.
    let path = format!("/api/v1/teams/{id}");
    assert_problem(
        &app.patch(&lead, &path, json!({"name": "Pay"})).await,
        StatusCode::FORBIDDEN,
    );
    let r = app
        .patch(
            &admin,
            &path,
            json!({"schedule_id": null, "escalation_policy_id": 2}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        (
            r.body["schedule_id"].clone(),
            r.body["escalation_policy_id"].clone()
        ),
        (Value::Null, json!(2))
    );
    assert_eq!(r.body["name"], "Payments");
    assert_problem(
        &app.patch(&admin, &path, json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );

    // The lead manages membership; other members and viewers do not.
    let member = |u: &TestUser| format!("/api/v1/teams/{id}/members/{}", u.id);
    assert_problem(
        &put(&app, &dev, &member(&viewer), json!({})).await,
        StatusCode::FORBIDDEN,
    );
    assert_problem(
        &put(&app, &viewer, &member(&viewer), json!({})).await,
        StatusCode::FORBIDDEN,
    );
    let r = put(&app, &lead, &member(&viewer), json!({"role": "observer"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["members"].as_array().unwrap().len(), 3);
    let r = delete(&app, &lead, &member(&dev)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_problem(
        &delete(&app, &lead, &member(&dev)).await,
        StatusCode::NOT_FOUND,
    );
    assert_problem(
        &put(
            &app,
            &lead,
            &format!("/api/v1/teams/{id}/members/9999"),
            json!({}),
        )
        .await,
        StatusCode::NOT_FOUND,
    );
    // Once no longer lead, they cannot.
    assert_eq!(
        put(&app, &admin, &member(&lead), json!({"role": null}))
            .await
            .status,
        StatusCode::OK
    );
    assert_problem(
        &put(&app, &lead, &member(&dev), json!({})).await,
        StatusCode::FORBIDDEN,
    );

    // Deleting a team that owns services is refused, naming them.
    let r = app
        .post(
            &admin,
            "/api/v1/services",
            json!({"name": "Checkout", "team_id": id}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let service = r.body["id"].as_i64().unwrap();
    assert_problem(&delete(&app, &lead, &path).await, StatusCode::FORBIDDEN);
    let r = delete(&app, &admin, &path).await;
    assert_problem(&r, StatusCode::CONFLICT);
    assert!(
        r.body["detail"].as_str().unwrap().contains("Checkout"),
        "{}",
        r.body
    );
    assert_eq!(app.get(&dev, &path).await.status, StatusCode::OK);
    assert_eq!(
        delete(&app, &admin, &format!("/api/v1/services/{service}"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        delete(&app, &admin, &path).await.status,
        StatusCode::NO_CONTENT
    );
    assert_problem(&app.get(&dev, &path).await, StatusCode::NOT_FOUND);
}

async fn services_are_edited_by_their_team(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let admin = app.user("Ada", UserRole::Admin).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let out = app.user("Out", UserRole::Member).await;
    let viewer = app.user("Vic", UserRole::Viewer).await;
    let mk = |name: &str, members: Value| json!({"name": name, "members": members});
    let pay = app
        .post(
            &admin,
            "/api/v1/teams",
            mk(
                "Payments",
                json!([{"user_id": ana.id}, {"user_id": viewer.id}]),
            ),
        )
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    let search = app
        .post(
            &admin,
            "/api/v1/teams",
            mk("Search", json!([{"user_id": out.id}])),
        )
        .await
        .body["id"]
        .as_i64()
        .unwrap();

    let body = json!({"name": "Checkout API", "team_id": pay, "tags": ["#PCI", "eu"], "description": "Takes the money"});
    assert_problem(
        &app.post(&out, "/api/v1/services", body.clone()).await,
        StatusCode::FORBIDDEN,
    );
    assert_problem(
        &app.post(&viewer, "/api/v1/services", body.clone()).await,
        StatusCode::FORBIDDEN,
    );
    let r = app.post(&ana, "/api/v1/services", body.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["tags"], json!(["eu", "pci"]));
    assert_eq!(r.body["team_name"], "Payments");
    let path = format!("/api/v1/services/{}", r.body["id"]);

    // Bad input: a name taken, an unknown team, bad tags.
    assert_problem(
        &app.post(
            &admin,
            "/api/v1/services",
            json!({"name": "checkout api", "team_id": pay}),
        )
        .await,
        StatusCode::CONFLICT,
    );
    let r = app
        .post(
            &admin,
            "/api/v1/services",
            json!({"name": "Orphan", "team_id": 999}),
        )
        .await;
    assert_problem(&r, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&r), ["team_id"]);
    let r = app
        .post(
            &ana,
            "/api/v1/services",
            json!({"name": "", "team_id": pay, "tags": ["ok", "two words"]}),
        )
        .await;
    assert_eq!(fields(&r), ["name", "tags[1]"]);
    let r = app
        .post(
            &ana,
            "/api/v1/services",
            json!({"name": "X", "team_id": "pay"}),
        )
        .await;
    assert_eq!(fields(&r), ["team_id"]);

    // Everyone reads.
    assert_eq!(
        app.get(&out, "/api/v1/services").await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        app.get(&viewer, &path).await.body["description"],
        "Takes the money"
    );

    // Owning members edit; moving to another team needs membership of both.
    assert_problem(
        &app.patch(&out, &path, json!({"tags": []})).await,
        StatusCode::FORBIDDEN,
    );
    let r = app.patch(&ana, &path, json!({"tags": ["payments"]})).await;
    assert_eq!(r.body["tags"], json!(["payments"]), "{}", r.body);
    assert_problem(
        &app.patch(&ana, &path, json!({"team_id": search})).await,
        StatusCode::FORBIDDEN,
    );
    let r = app.patch(&admin, &path, json!({"team_id": search})).await;
    assert_eq!(r.body["team_name"], "Search", "{}", r.body);
    assert_problem(&delete(&app, &ana, &path).await, StatusCode::FORBIDDEN);
    assert_eq!(
        delete(&app, &out, &path).await.status,
        StatusCode::NO_CONTENT
    );
    assert_problem(&app.get(&out, &path).await, StatusCode::NOT_FOUND);
}

/// The code in the verify job the server queued for `destination`, as a worker would claim it.
async fn sent_code(app: &TestApp, destination: &str) -> String {
    let now = Timestamp::now() + SignedDuration::from_secs(1);
    let jobs = app
        .store
        .claim("test-worker", now, SignedDuration::from_secs(60), 100)
        .await
        .unwrap();
    let job = jobs
        .iter()
        .find(|j| j.destination == destination)
        .unwrap_or_else(|| panic!("no job for {destination} in {jobs:?}"));
    assert_eq!(job.kind, "verify");
    job.payload["secret_code"].as_str().unwrap().to_string()
}

async fn contact_methods_are_verified_end_to_end(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let admin = app.user("Ada", UserRole::Admin).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let bo = app.user("Bo", UserRole::Viewer).await;
    let methods = "/api/v1/me/contact-methods";

    // Bad input names the field and what is accepted.
    for (kind, address) in [
        ("sms", "555-1234"),
        ("voice", "+0123456789"),
        ("sms", "+1234567"),
    ] {
        let r = app
            .post(&ana, methods, json!({"kind": kind, "address": address}))
            .await;
        assert_problem(&r, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&r), ["address"]);
        assert!(
            r.body["detail"].as_str().unwrap().contains("E.164"),
            "{}",
            r.body
        );
    }
    let r = app
        .post(&ana, methods, json!({"kind": "pager", "address": "x"}))
        .await;
    assert_eq!(fields(&r), ["kind"]);
    for (kind, address) in [
        ("slack", "@ana"),
        ("mattermost", "@ana"),
        ("mattermost", "U024BE7LH"),
        ("webhook", "http://example.com/hook"),
        ("email", "ana"),
    ] {
        let r = app
            .post(&ana, methods, json!({"kind": kind, "address": address}))
            .await;
        assert_eq!(fields(&r), ["address"], "{kind} {address}: {}", r.body);
    }
    for (kind, address) in [
        ("slack", "U024BE7LH"),
        ("mattermost", "8sd7hwgz9jfqtfpg8n3i5w7hbo"),
        ("webhook", "http://127.0.0.1:9/hook"),
        ("email", "ana@example.com"),
    ] {
        let r = app
            .post(&ana, methods, json!({"kind": kind, "address": address}))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }

    let r = app
        .post(
            &ana,
            methods,
            json!({"kind": "sms", "address": "+1 (555) 123-4567"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(
        (r.body["address"].clone(), r.body["verified"].clone()),
        (json!("+15551234567"), json!(false))
    );
    let id = r.body["id"].as_i64().unwrap();
    assert_problem(
        &app.post(
            &ana,
            methods,
            json!({"kind": "sms", "address": "+15551234567"}),
        )
        .await,
        StatusCode::CONFLICT,
    );

    // Someone else's method is not found, for every operation.
    let verify = format!("{methods}/{id}/verification");
    assert_problem(
        &app.post(&bo, &verify, json!({})).await,
        StatusCode::NOT_FOUND,
    );
    assert_problem(
        &app.patch(
            &bo,
            &format!("{methods}/{id}"),
            json!({"address": "+15550000000"}),
        )
        .await,
        StatusCode::NOT_FOUND,
    );

    // Request a code: it is queued for delivery; a second request within a minute is refused.
    let r = app.post(&ana, &verify, json!({})).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    assert_eq!(r.body["destination"], "sms:+15551234567");
    assert_eq!(r.body["contact_method"]["pending_code"]["tries_left"], 5);
    let code = sent_code(&app, "sms:+15551234567").await;
    let again = app.post(&ana, &verify, json!({})).await;
    assert_problem(&again, StatusCode::TOO_MANY_REQUESTS);
    assert!(again.headers.contains_key("retry-after"));

    // A malformed code, a wrong code, then the right one.
    let confirm = format!("{verify}/confirm");
    assert_eq!(
        fields(&app.post(&ana, &confirm, json!({"code": "12ab"})).await),
        ["code"]
    );
    let wrong = if code == "000000" { "000001" } else { "000000" };
    let r = app.post(&ana, &confirm, json!({"code": wrong})).await;
    assert_problem(&r, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body["detail"]
            .as_str()
            .unwrap()
            .contains("4 tries are left"),
        "{}",
        r.body
    );
    let r = app.post(&ana, &confirm, json!({"code": code})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["verified"], true);
    assert_problem(
        &app.post(&ana, &verify, json!({})).await,
        StatusCode::CONFLICT,
    );

    // Admins read anyone's methods; others may not.
    let r = app
        .get(&admin, &format!("/api/v1/users/{}/contact-methods", ana.id))
        .await;
    assert_eq!(r.body.as_array().unwrap().len(), 5, "{}", r.body);
    assert_problem(
        &app.get(&bo, &format!("/api/v1/users/{}/contact-methods", ana.id))
            .await,
        StatusCode::FORBIDDEN,
    );
    assert_problem(
        &app.get(&admin, "/api/v1/users/9999/contact-methods").await,
        StatusCode::NOT_FOUND,
    );

    // A new address must be verified again.
    let r = app
        .patch(
            &ana,
            &format!("{methods}/{id}"),
            json!({"address": "+15557654321"}),
        )
        .await;
    assert_eq!(
        (r.status, r.body["verified"].clone()),
        (StatusCode::OK, json!(false)),
        "{}",
        r.body
    );
    let r = app
        .patch(&ana, &format!("{methods}/{id}"), json!({"address": "nope"}))
        .await;
    assert_eq!(fields(&r), ["address"]);

    // Five wrong codes lock the code: even the right one is then refused.
    let r = app
        .post(
            &bo,
            methods,
            json!({"kind": "voice", "address": "+442079460018"}),
        )
        .await;
    let bo_id = r.body["id"].as_i64().unwrap();
    let verify = format!("{methods}/{bo_id}/verification");
    assert_eq!(
        app.post(&bo, &verify, json!({})).await.status,
        StatusCode::ACCEPTED
    );
    let code = sent_code(&app, "voice:+442079460018").await;
    let wrong = if code == "999999" { "999998" } else { "999999" };
    for _ in 0..5 {
        let r = app
            .post(&bo, &format!("{verify}/confirm"), json!({"code": wrong}))
            .await;
        assert_problem(&r, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let r = app
        .post(&bo, &format!("{verify}/confirm"), json!({"code": code}))
        .await;
    assert_problem(&r, StatusCode::CONFLICT);
    assert!(
        r.body["detail"].as_str().unwrap().contains("locked"),
        "{}",
        r.body
    );
    let r = app.get(&bo, methods).await;
    assert_eq!(r.body[0]["verified"], false, "{}", r.body);
    assert_eq!(
        delete(&app, &bo, &format!("{methods}/{bo_id}"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(app.get(&bo, methods).await.body, json!([]));
}

async fn notification_rules_need_verified_methods(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let bo = app.user("Bo", UserRole::Member).await;
    let methods = "/api/v1/me/contact-methods";
    let sms = app
        .post(
            &ana,
            methods,
            json!({"kind": "sms", "address": "+15551234567"}),
        )
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    let call = app
        .post(
            &ana,
            methods,
            json!({"kind": "voice", "address": "+15551234567"}),
        )
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    let theirs = app
        .post(
            &bo,
            methods,
            json!({"kind": "sms", "address": "+15550000000"}),
        )
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    let rules = "/api/v1/me/notification-rules";
    assert_eq!(app.get(&ana, rules).await.body, json!({"rules": []}));

    let body = json!({"rules": [{"contact_method_id": sms, "delay_minutes": 0}, {"contact_method_id": call, "delay_minutes": 3}]});
    let r = put(&app, &ana, rules, body.clone()).await;
    assert_problem(&r, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        fields(&r),
        ["rules[0].contact_method_id", "rules[1].contact_method_id"]
    );
    assert!(
        r.body["detail"].as_str().unwrap().contains("not verified"),
        "{}",
        r.body
    );

    for (id, destination) in [(sms, "sms:+15551234567"), (call, "voice:+15551234567")] {
        app.post(&ana, &format!("{methods}/{id}/verification"), json!({}))
            .await;
        let code = sent_code(&app, destination).await;
        let r = app
            .post(
                &ana,
                &format!("{methods}/{id}/verification/confirm"),
                json!({"code": code}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    // Every bad field at once: another person's method, minutes out of range, an unknown urgency.
    let r = put(
        &app,
        &ana,
        rules,
        json!({"rules": [
            {"contact_method_id": theirs, "delay_minutes": 0},
            {"contact_method_id": sms, "delay_minutes": 1441, "urgency": "urgent"},
        ]}),
    )
    .await;
    assert_eq!(
        fields(&r),
        [
            "rules[0].contact_method_id",
            "rules[1].delay_minutes",
            "rules[1].urgency"
        ]
    );
    let many: Vec<Value> = (0..11)
        .map(|i| json!({"contact_method_id": sms, "delay_minutes": i}))
        .collect();
    assert_eq!(
        fields(&put(&app, &ana, rules, json!({"rules": many})).await),
        ["rules"]
    );
    assert_eq!(app.get(&ana, rules).await.body, json!({"rules": []}));

    let body = json!({"rules": [
        {"contact_method_id": sms, "delay_minutes": 0, "urgency": null},
        {"contact_method_id": call, "delay_minutes": 3, "urgency": "high"},
    ]});
    let r = put(&app, &ana, rules, body.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(app.get(&ana, rules).await.body, body);
    // A method in use can be neither deleted nor re-addressed.
    assert_problem(
        &delete(&app, &ana, &format!("{methods}/{call}")).await,
        StatusCode::CONFLICT,
    );
    assert_problem(
        &app.patch(
            &ana,
            &format!("{methods}/{call}"),
            json!({"address": "+15559999999"}),
        )
        .await,
        StatusCode::CONFLICT,
    );
    assert_eq!(app.get(&bo, rules).await.body, json!({"rules": []}));
}

async fn profiles_hold_a_known_zone_and_working_hours(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Viewer).await;
    let path = "/api/v1/me/profile";
    assert_eq!(
        app.get(&ana, path).await.body,
        json!({"time_zone": null, "working_hours": []})
    );
    let r = app
        .patch(&ana, path, json!({"time_zone": "Mars/Olympus_Mons"}))
        .await;
    assert_problem(&r, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&r), ["time_zone"]);
    assert!(
        r.body["detail"]
            .as_str()
            .unwrap()
            .contains("unknown time zone"),
        "{}",
        r.body
    );
    let r = app
        .patch(&ana, path, json!({"time_zone": "Nowhere", "working_hours": [{"day": "funday", "start": "9", "end": "17:00"}, {"day": "monday", "start": "17:00", "end": "09:00"}]}))
        .await;
    assert_eq!(
        fields(&r),
        [
            "time_zone",
            "working_hours[0].day",
            "working_hours[0].start",
            "working_hours[1].end"
        ]
    );
    assert_problem(
        &app.patch(&ana, path, json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );

    let hours = json!([{"day": "monday", "start": "09:00", "end": "17:00"}, {"day": "friday", "start": "09:00", "end": "13:00"}]);
    let r = app
        .patch(
            &ana,
            path,
            json!({"time_zone": "Europe/Paris", "working_hours": hours}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .patch(&ana, path, json!({"time_zone": "America/New_York"}))
        .await;
    assert_eq!(
        r.body,
        json!({"time_zone": "America/New_York", "working_hours": hours})
    );
    let r = app.patch(&ana, path, json!({"time_zone": null})).await;
    assert_eq!(r.body["time_zone"], Value::Null);
    assert_eq!(app.get(&ana, path).await.body["working_hours"], hours);
}

goldseam_testdb::on_both_databases!(
    teams_are_run_by_admins_and_leads,
    services_are_edited_by_their_team,
    contact_methods_are_verified_end_to_end,
    notification_rules_need_verified_methods,
    profiles_hold_a_known_zone_and_working_hours,
);
