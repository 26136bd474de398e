//! Booking by policy, and bad input.

use super::*;
use crate::common::problem_fields;
use reqwest::StatusCode;
use serde_json::json;

pub(crate) async fn the_policy_books_by_itself_when_the_postmortem_goes_to_review(db: TestDb) {
    let smtp = SmtpServer::start();
    let app = spawn(&db, &smtp).await;
    let root = app.user("root", UserRole::Admin).await;
    let ana = app.user("ana", UserRole::Member).await;
    let rita = app.user("rita", UserRole::Member).await;
    set_zone(&app, &ana, "Asia/Kolkata").await;
    let policy = put(&app, &root, "/api/v1/review-policy", json!({"rules": [{"name": "Everything",
        "prep_business_days": 1, "deadline_business_days": 3, "duration_minutes": 45, "auto_book": true}]})).await;
    assert_eq!(policy.status, StatusCode::OK, "{}", policy.body);
    assert_eq!(policy.body["customized"], true);

    let r = app
        .declare(&ana, json!({"title": "Search is slow", "severity": "SEV3"}))
        .await;
    let id = goldseam_core::IncidentId::parse_reference(&r).unwrap();
    let take = goldseam_store::incidents::Change::Core(goldseam_core::Command::AssignRole {
        role: "incident_manager".parse().unwrap(),
        user_id: ana.user_id(),
    });
    let actor = goldseam_core::Actor {
        user_id: ana.user_id(),
        role: UserRole::Member,
    };
    app.store
        .change(&actor, id, &[take], None, false)
        .await
        .unwrap();
    assert!(app
        .post(
            &ana,
            &format!("/api/v1/incidents/{r}/postmortem"),
            json!({})
        )
        .await
        .status
        .is_success());
    let nothing = app
        .get(&ana, &format!("/api/v1/incidents/{r}/review"))
        .await;
    assert!(
        nothing.body["meeting"].is_null(),
        "nothing booked before review: {}",
        nothing.body
    );
    let sent = app
        .post(
            &ana,
            &format!("/api/v1/incidents/{r}/postmortem/review"),
            json!({"action": "request_review", "reviewers": [rita.id]}),
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);

    // No click: Ana (required, as incident manager) is invited one business day later, on
    // Wednesday at 10:00 in Kolkata: the first slot inside her core hours (09:00 is hers too,
    // but an hour outside the comfortable part of the day).
    let first = mails(&smtp, 1).await;
    assert!(first[0].to.contains("ana@"), "{}", first[0].to);
    assert!(
        first[0].raw.contains("DTSTART:20261202T043000Z")
            && first[0].raw.contains("DTEND:20261202T051500Z"),
        "{}",
        first[0].raw
    );
    let review = app
        .get(&ana, &format!("/api/v1/incidents/{r}/review"))
        .await;
    assert_eq!(
        review.body["meeting"]["reason"],
        "booked by policy; earliest day every required attendee is free (Wednesday 2026-12-02)",
        "{}",
        review.body
    );
}

pub(crate) async fn bad_input_gets_a_specific_answer(db: TestDb) {
    let smtp = SmtpServer::start();
    let app = spawn(&db, &smtp).await;
    let root = app.user("root", UserRole::Admin).await;
    let ana = app.user("ana", UserRole::Member).await;
    let bo = app.user("bo", UserRole::Member).await;
    set_zone(&app, &ana, "Europe/Berlin").await;

    let bad = put(
        &app,
        &ana,
        "/api/v1/me/calendar",
        json!({"kind": "exchange", "url": "x"}),
    )
    .await;
    assert_eq!(problem_fields(&bad.body), vec!["kind"], "{}", bad.body);
    let bad = put(
        &app,
        &ana,
        "/api/v1/me/calendar",
        json!({"kind": "ics", "url": "https://127.0.0.1:1/x.ics"}),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body["detail"]
            .as_str()
            .unwrap()
            .contains("could not connect"),
        "{}",
        bad.body
    );

    let policy = put(&app, &root, "/api/v1/review-policy", json!({"rules": [{"name": "x", "prep_business_days": 3, "deadline_business_days": 2, "duration_minutes": 50}]})).await;
    assert_eq!(
        policy.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        policy.body
    );
    let fields = problem_fields(&policy.body);
    assert!(
        fields.contains(&"rules[0].deadline_business_days".to_string())
            && fields.contains(&"rules[0].duration_minutes".to_string()),
        "{fields:?}"
    );
    let member = put(&app, &ana, "/api/v1/review-policy", json!({"rules": []})).await;
    assert_eq!(member.status, StatusCode::FORBIDDEN);

    // A required attendee without a time zone is named.
    let r = app
        .declare(&ana, json!({"title": "Slow", "severity": "SEV2"}))
        .await;
    let invitees = put(
        &app,
        &ana,
        &format!("/api/v1/incidents/{r}/review/invitees"),
        json!({"invitees": [
        {"user_id": ana.id, "required": true}, {"user_id": bo.id, "required": true}]}),
    )
    .await;
    assert_eq!(invitees.status, StatusCode::OK, "{}", invitees.body);
    let proposal = app
        .post(
            &ana,
            &format!("/api/v1/incidents/{r}/review/proposal"),
            json!({}),
        )
        .await;
    assert_eq!(
        proposal.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        proposal.body
    );
    assert!(
        proposal.body["detail"].as_str().unwrap().contains("bo"),
        "{}",
        proposal.body
    );
    let twice = put(
        &app,
        &ana,
        &format!("/api/v1/incidents/{r}/review/invitees"),
        json!({"invitees": [
        {"user_id": ana.id, "required": true}, {"user_id": ana.id, "required": false}]}),
    )
    .await;
    assert_eq!(
        problem_fields(&twice.body),
        vec!["invitees[1].user_id"],
        "{}",
        twice.body
    );
    let past = put(
        &app,
        &ana,
        &format!("/api/v1/incidents/{r}/review/meeting"),
        json!({"start": "2026-11-30T10:00:00Z"}),
    )
    .await;
    assert_eq!(problem_fields(&past.body), vec!["start"], "{}", past.body);
    let nothing = app
        .call(
            &ana,
            Method::DELETE,
            &format!("/api/v1/incidents/{r}/review/meeting"),
            Some(json!({"reason": "x"})),
        )
        .await;
    assert_eq!(nothing.status, StatusCode::CONFLICT, "{}", nothing.body);
    assert_eq!(smtp.count(), 0, "nothing was sent");
}
