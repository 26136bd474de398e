//! Booking, a decline that moves the meeting, cancelling.

use super::*;
use goldseam_testdb::caldav::{Radicale, Xandikos};
use reqwest::StatusCode;
use serde_json::json;

pub(crate) async fn a_decline_moves_the_meeting_and_everyone_is_told(db: TestDb) {
    let smtp = SmtpServer::start();
    let radicale = Radicale::start();
    let xandikos = Xandikos::start();
    let app = spawn(&db, &smtp).await;
    let ana = app.user("ana", UserRole::Member).await;
    let bo = app.user("bo", UserRole::Member).await;
    let cy = app.user("cy", UserRole::Member).await;
    set_zone(&app, &ana, "Europe/Berlin").await;
    set_zone(&app, &bo, "America/New_York").await;

    // Berlin 09-17 and New York 09-17 share 14:00-16:00 UTC. Ana is busy all of Wednesday's
    // overlap; Bo until 14:30 on Thursday.
    radicale.seed(
        "work",
        &[&event("offsite", "20261202T120000Z", "20261202T170000Z")],
    );
    xandikos.seed(&[&event("dentist", "20261203T133000Z", "20261203T143000Z")]);

    // A wrong password is refused at once, saying so; nothing is stored.
    let cal = "/api/v1/me/calendar";
    let wrong = put(&app, &ana, cal, json!({"kind": "caldav", "url": radicale.url(), "username": Radicale::USER, "password": "nope"})).await;
    assert_eq!(
        wrong.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        wrong.body
    );
    assert!(
        wrong.body["detail"]
            .as_str()
            .unwrap()
            .contains("refused the user name or app password"),
        "{}",
        wrong.body
    );
    assert_eq!(app.get(&ana, cal).await.status, StatusCode::NOT_FOUND);
    let ok = put(&app, &ana, cal, json!({"kind": "caldav", "url": radicale.url(), "username": Radicale::USER, "password": Radicale::PASSWORD})).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert!(!ok.body.to_string().contains(Radicale::PASSWORD));
    let ok = put(
        &app,
        &bo,
        cal,
        json!({"kind": "caldav", "url": xandikos.url(), "username": "bo", "password": "unused"}),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(ok.body["scheduling"], true, "{}", ok.body);

    // A SEV1 whose postmortem went to review on Tuesday 08:00.
    let r = app.declare(&ana, json!({"title": "Checkout is down", "severity": "SEV1", "summary": "Card payments failed."})).await;
    assert!(app
        .post(
            &ana,
            &format!("/api/v1/incidents/{r}/postmortem"),
            json!({})
        )
        .await
        .status
        .is_success());
    let sent = app
        .post(
            &ana,
            &format!("/api/v1/incidents/{r}/postmortem/review"),
            json!({"action": "request_review", "reviewers": [bo.id]}),
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let invitees = put(&app, &ana, &format!("/api/v1/incidents/{r}/review/invitees"), json!({"invitees": [
        {"user_id": ana.id, "required": true}, {"user_id": bo.id, "required": true}, {"user_id": cy.id, "required": false}]})).await;
    assert_eq!(invitees.status, StatusCode::OK, "{}", invitees.body);

    // The proposal: Wednesday is taken, Thursday from 14:30 UTC fits both.
    let proposal = app
        .post(
            &ana,
            &format!("/api/v1/incidents/{r}/review/proposal"),
            json!({}),
        )
        .await;
    assert_eq!(proposal.status, StatusCode::OK, "{}", proposal.body);
    let best = &proposal.body["proposal"]["best"];
    assert_eq!(best["start"], "2026-12-03T14:30:00Z", "{}", proposal.body);
    assert_eq!(best["end"], "2026-12-03T15:30:00Z");
    let local: Vec<&str> = best["attendees"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["local_start"].as_str())
        .collect();
    assert!(
        local.contains(&"2026-12-03T15:30:00+01:00[Europe/Berlin]")
            || local
                .iter()
                .any(|l| l.starts_with("2026-12-03T15:30:00+01:00")),
        "{local:?}"
    );
    assert!(
        local
            .iter()
            .any(|l| l.starts_with("2026-12-03T09:30:00-05:00")),
        "{local:?}"
    );

    // One click books it; three invitations, each with an iTIP REQUEST.
    let booked = app
        .post(
            &ana,
            &format!("/api/v1/incidents/{r}/review/meeting/best"),
            json!({}),
        )
        .await;
    assert_eq!(booked.status, StatusCode::OK, "{}", booked.body);
    assert_eq!(booked.body["meeting"]["sequence"], 0);
    let first = mails(&smtp, 3).await;
    for m in &first {
        assert!(
            m.subject.starts_with("Invitation: Review of INC-"),
            "{}",
            m.subject
        );
        assert!(
            m.raw
                .contains("text/calendar; method=REQUEST; charset=UTF-8"),
            "{}",
            m.raw
        );
        assert!(m.raw.contains("SEQUENCE:0") && m.raw.contains("DTSTART:20261203T143000Z"));
    }
    let to_bo = first.iter().find(|m| m.to.contains("bo@")).unwrap();
    assert!(
        to_bo
            .text
            .contains("Thursday 3 December 2026, 09:30–10:30 (America/New_York)"),
        "{}",
        to_bo.text
    );

    // Bo declines by his link: the meeting moves to Friday, everyone is told again.
    let token = answer_token(to_bo);
    let page = app
        .client
        .get(app.url(&format!("/api/v1/rsvp/{token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let declined = app
        .client
        .post(app.url(&format!("/api/v1/rsvp/{token}")))
        .json(&json!({"answer": "declined"}))
        .send()
        .await
        .unwrap();
    assert_eq!(declined.status(), StatusCode::OK);
    let all = mails(&smtp, 6).await;
    let moved: Vec<&Mail> = all
        .iter()
        .filter(|m| m.subject.starts_with("Moved: "))
        .collect();
    assert_eq!(moved.len(), 3, "one update each");
    for m in &moved {
        assert!(
            m.raw.contains("SEQUENCE:1") && m.raw.contains("DTSTART:20261204T140000Z"),
            "{}",
            m.raw
        );
        assert!(m.text.contains("moved because bo declined"), "{}", m.text);
    }
    let review = app
        .get(&ana, &format!("/api/v1/incidents/{r}/review"))
        .await;
    assert_eq!(review.body["meeting"]["sequence"], 1, "{}", review.body);
    assert_eq!(review.body["meeting"]["start"], "2026-12-04T14:00:00Z");

    // His old link still works for the new time; a forged one does not.
    let again = app
        .client
        .get(app.url(&format!("/api/v1/rsvp/{token}")))
        .send()
        .await
        .unwrap();
    let again: serde_json::Value = again.json().await.unwrap();
    assert_eq!(
        (again["sequence"].as_i64(), again["answer"].is_null()),
        (Some(1), true),
        "{again}"
    );
    let forged = app
        .client
        .get(app.url(&format!("/api/v1/rsvp/{}x", &token[..token.len() - 1])))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::NOT_FOUND);

    // Cancelling sends CANCEL to everyone.
    let cancelled = app
        .call(
            &ana,
            Method::DELETE,
            &format!("/api/v1/incidents/{r}/review/meeting"),
            Some(json!({"reason": "covered in the weekly review"})),
        )
        .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.body);
    let all = mails(&smtp, 9).await;
    let cancels: Vec<&Mail> = all
        .iter()
        .filter(|m| m.subject.starts_with("Cancelled: "))
        .collect();
    assert_eq!(cancels.len(), 3);
    assert!(cancels.iter().all(|m| m.raw.contains("METHOD:CANCEL")
        && m.raw.contains("STATUS:CANCELLED")
        && m.raw.contains("SEQUENCE:2")));
}
