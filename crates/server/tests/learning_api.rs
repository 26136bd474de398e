//! The learning flow over HTTP, on both databases: an incident's checklist, closing refused with
//! the open steps named (409), waivers (admins, a reason, once), the review meeting recorded
//! once, the dashboard's overdue list by team, and participants' feedback summed up without names.

mod common;

use common::{problem_fields, TestApp};
use goldseam_core::UserRole;
use goldseam_server::ServerConfig;
use goldseam_store::time::FixedClock;
use goldseam_store::StoreOptions;
use goldseam_testdb::TestDb;
use reqwest::StatusCode;
use serde_json::json;
use std::sync::Arc;

async fn the_checklist_guards_closing_and_feedback_is_anonymous(db: TestDb) {
    let clock = Arc::new(FixedClock::at("2026-12-01T10:00:00Z".parse().unwrap()));
    let mut opts = StoreOptions::new(&db.url);
    opts.clock = clock.clone();
    let app = TestApp::spawn_full(&db, ServerConfig::default(), opts).await;
    let root = app.user("root", UserRole::Admin).await;
    let ana = app.user("ana", UserRole::Member).await;
    let bo = app.user("bo", UserRole::Member).await;

    let (_, service) = app
        .team_with_service(&root, "Payments", &[&ana], "Checkout")
        .await;
    let r = app
        .declare(
            &ana,
            json!({"title": "Checkout is down", "severity": "SEV1", "services": [service]}),
        )
        .await;
    let incident = format!("/api/v1/incidents/{r}");
    app.post(
        &ana,
        &format!("{incident}/roles"),
        json!({"role": "incident_manager", "user_id": ana.id}),
    )
    .await;
    let resolved = app
        .patch(&ana, &incident, json!({"status": "resolved"}))
        .await;
    assert_eq!(resolved.status, StatusCode::OK, "{}", resolved.body);

    let list = app.get(&ana, &format!("{incident}/learning")).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(list.body["rule"], "Incidents that open a postmortem");
    assert_eq!(list.body["complete"], false);
    assert_eq!(list.body["steps"][0]["step"], "drafted");
    assert_eq!(list.body["steps"][0]["due_on"], "2026-12-04");
    assert_eq!(list.body["steps"][0]["owner"]["name"], "ana");

    let close = app
        .patch(&ana, &incident, json!({"status": "closed"}))
        .await;
    assert_eq!(close.status, StatusCode::CONFLICT, "{}", close.body);
    assert!(
        close.body["detail"]
            .as_str()
            .unwrap()
            .contains("Postmortem drafted, Postmortem reviewed"),
        "{}",
        close.body
    );

    // Overdue a week later, on the dashboard under the team owning the service.
    clock.set("2026-12-08T10:00:00Z".parse().unwrap());
    let due = app.get(&bo, "/api/v1/learning/due").await;
    assert_eq!(due.status, StatusCode::OK, "{}", due.body);
    assert_eq!(due.body["teams"][0]["team"]["name"], "Payments");
    assert_eq!(due.body["teams"][0]["steps"][0]["reference"], r.as_str());
    assert_eq!(
        due.body["teams"][0]["steps"][0]["label"],
        "Postmortem drafted"
    );

    // Waivers: admins only, with a reason, a step owed, once.
    let waivers = format!("{incident}/learning/waivers");
    let by_member = app
        .post(
            &ana,
            &waivers,
            json!({"step": "drafted", "reason": "covered elsewhere"}),
        )
        .await;
    assert_eq!(by_member.status, StatusCode::FORBIDDEN);
    let bad = app
        .post(&root, &waivers, json!({"step": "lunch", "reason": ""}))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert_eq!(problem_fields(&bad.body), ["step"]);
    let not_owed = app
        .post(
            &root,
            &waivers,
            json!({"step": "meeting_held", "reason": "no meeting"}),
        )
        .await;
    assert_eq!(problem_fields(&not_owed.body), ["step"]);
    for step in [
        "drafted",
        "reviewed",
        "follow_ups_committed",
        "published",
        "distributed",
    ] {
        let w = app
            .post(
                &root,
                &waivers,
                json!({"step": step, "reason": "Covered by the INC-3 postmortem"}),
            )
            .await;
        assert_eq!(w.status, StatusCode::OK, "{}", w.body);
    }
    let twice = app
        .post(
            &root,
            &waivers,
            json!({"step": "drafted", "reason": "again"}),
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    let list = app.get(&ana, &format!("{incident}/learning")).await;
    assert_eq!(list.body["complete"], true);
    assert_eq!(list.body["steps"][0]["waived"]["by"], "root");
    assert_eq!(
        app.patch(&ana, &incident, json!({"status": "closed"}))
            .await
            .status,
        StatusCode::OK
    );

    // The meeting, once.
    assert_eq!(
        app.post(&ana, &format!("{incident}/learning/meeting"), json!({}))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.post(&ana, &format!("{incident}/learning/meeting"), json!({}))
            .await
            .status,
        StatusCode::CONFLICT
    );

    // Feedback: participants only; summed up per team without names.
    let feedback = format!("{incident}/feedback");
    assert_eq!(
        app.get(&ana, &format!("{feedback}/mine")).await.status,
        StatusCode::NOT_FOUND
    );
    let bad = app.post(&ana, &feedback, json!({"score": 7})).await;
    assert_eq!(problem_fields(&bad.body), ["score"]);
    assert_eq!(
        app.get(&bo, &format!("{feedback}/mine")).await.status,
        StatusCode::FORBIDDEN
    );
    let outsider = app.post(&bo, &feedback, json!({"score": 5})).await;
    assert_eq!(outsider.status, StatusCode::FORBIDDEN);
    let mine = app
        .post(
            &ana,
            &feedback,
            json!({"score": 4, "comment": "Paging was quick"}),
        )
        .await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    assert_eq!(
        app.get(&ana, &format!("{feedback}/mine")).await.body["score"],
        4
    );
    let summary = app.get(&bo, "/api/v1/learning/feedback").await;
    assert_eq!(summary.status, StatusCode::OK, "{}", summary.body);
    let payments = &summary.body["teams"][0];
    assert_eq!(
        (
            payments["team"]["name"].clone(),
            payments["responses"].clone()
        ),
        (json!("Payments"), json!(1))
    );
    assert_eq!(payments["scores"], json!([0, 0, 0, 1, 0]));
    assert_eq!(payments["comments"], json!(["Paging was quick"]));
    assert!(
        !summary.body.to_string().contains("ana"),
        "no names: {}",
        summary.body
    );
    app.shutdown().await;
}

goldseam_testdb::on_both_databases!(the_checklist_guards_closing_and_feedback_is_anonymous);
