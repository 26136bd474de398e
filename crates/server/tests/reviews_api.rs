//! The review meeting through a real server, its delivery engine, real calendars (Radicale for
//! Ana, with a password; Xandikos for Bo) and a real SMTP server (aiosmtpd), on both databases:
//! connecting calendars checks them at once; the proposal avoids everyone's busy times inside
//! both zones' working hours; one click books it; each invitee gets one invitation with an iTIP
//! REQUEST; a required attendee declining by their personal link moves the meeting (SEQUENCE 1,
//! the reason stated, everyone told again); a stale answer changes nothing; cancelling sends
//! CANCEL.

mod common;

use common::{problem_fields, TestApp, TestUser};
use goldseam_core::people::TimeZoneName;
use goldseam_core::{RetryPolicy, UserRole};
use goldseam_integrations::{Channels, Email, Secret, SmtpConfig};
use goldseam_server::engine::EngineConfig;
use goldseam_server::ServerConfig;
use goldseam_store::people::ProfileChange;
use goldseam_store::time::FixedClock;
use goldseam_store::StoreOptions;
use goldseam_testdb::caldav::{Radicale, Xandikos};
use goldseam_testdb::smtp::{Mail, SmtpServer};
use goldseam_testdb::TestDb;
use jiff::SignedDuration;
use reqwest::{Method, StatusCode};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

async fn spawn(db: &TestDb, smtp: &SmtpServer) -> TestApp {
    // Tuesday 1 December 2026, 08:00 UTC.
    spawn_at(
        db,
        smtp,
        Arc::new(FixedClock::at("2026-12-01T08:00:00Z".parse().unwrap())),
    )
    .await
}

async fn spawn_at(db: &TestDb, smtp: &SmtpServer, clock: Arc<FixedClock>) -> TestApp {
    let email = Email::new(SmtpConfig {
        url: Secret::new(smtp.url()),
        from: "Goldseam <goldseam@example.com>".into(),
        timeout: Duration::from_secs(5),
    })
    .unwrap();
    let delivery = EngineConfig {
        enabled: true,
        poll: Duration::from_millis(50),
        lease: SignedDuration::from_secs(30),
        retry: RetryPolicy {
            base: SignedDuration::from_millis(100),
            cap: SignedDuration::from_millis(200),
            max_attempts: 3,
        },
        channels: Channels {
            email: Some(email),
            ..Channels::default()
        },
        public_url: "https://goldseam.test".into(),
        ..EngineConfig::default()
    };
    let mut opts = StoreOptions::new(&db.url);
    opts.clock = clock;
    TestApp::spawn_full(
        db,
        ServerConfig {
            delivery,
            ..ServerConfig::default()
        },
        opts,
    )
    .await
}

async fn set_zone(app: &TestApp, user: &TestUser, zone: &str) {
    let change = ProfileChange {
        time_zone: Some(Some(TimeZoneName::parse("time_zone", zone).unwrap())),
        working_hours: None,
    };
    app.store
        .update_profile(user.user_id(), &change)
        .await
        .unwrap();
}

fn event(uid: &str, start: &str, end: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Goldseam tests//EN\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:{start}\r\nDTEND:{end}\r\nSUMMARY:{uid}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
}

async fn put(app: &TestApp, user: &TestUser, path: &str, body: serde_json::Value) -> common::Reply {
    app.call(user, Method::PUT, path, Some(body)).await
}

/// Waits until the sink holds `n` messages, then returns them.
async fn mails(smtp: &SmtpServer, n: usize) -> Vec<Mail> {
    let got = smtp.wait_for(n, Duration::from_secs(30)).await;
    assert_eq!(got, n, "messages received");
    smtp.messages()
}

fn answer_token(mail: &Mail) -> String {
    let at = mail.text.find("/rsvp/").expect("a personal answer link") + "/rsvp/".len();
    mail.text[at..]
        .split(['?', ' ', '\n'])
        .next()
        .unwrap()
        .to_string()
}

async fn a_decline_moves_the_meeting_and_everyone_is_told(db: TestDb) {
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

async fn bad_input_gets_a_specific_answer(db: TestDb) {
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

async fn the_organizers_caldav_calendar_holds_the_meeting_and_its_inbox_answers(db: TestDb) {
    let smtp = SmtpServer::start();
    let xandikos = Xandikos::start();
    let clock = Arc::new(FixedClock::at("2026-12-01T08:00:00Z".parse().unwrap()));
    let app = spawn_at(&db, &smtp, clock.clone()).await;
    let ana = app.user("ana", UserRole::Member).await;
    let bo = app.user("bo", UserRole::Member).await;
    set_zone(&app, &ana, "Europe/Berlin").await;
    set_zone(&app, &bo, "America/New_York").await;
    let ok = put(
        &app,
        &ana,
        "/api/v1/me/calendar",
        json!({"kind": "caldav", "url": xandikos.url(), "username": "ana", "password": "unused"}),
    )
    .await;
    assert_eq!(ok.body["scheduling"], true, "{}", ok.body);
    // Her server publishes her hours (RFC 7953): 16:00-18:00 Berlin, which beat her profile's.
    let hours = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Goldseam tests//EN\r\nBEGIN:VAVAILABILITY\r\nUID:hours\r\nDTSTAMP:20261101T000000Z\r\nBEGIN:AVAILABLE\r\nUID:hours-1\r\nDTSTAMP:20261101T000000Z\r\nDTSTART;TZID=Europe/Berlin:20261102T160000\r\nDTEND;TZID=Europe/Berlin:20261102T180000\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\r\nEND:AVAILABLE\r\nEND:VAVAILABILITY\r\nEND:VCALENDAR\r\n";
    // (Xandikos makes its default calendar when it is first written to.)
    xandikos.seed(&[&event("last-month", "20261102T080000Z", "20261102T081500Z")]);
    xandikos.set_availability(hours);

    // Ana manages the incident, so the meeting goes into her calendar too.
    let r = app
        .declare(&ana, json!({"title": "Queue stuck", "severity": "SEV1"}))
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
    put(
        &app,
        &ana,
        &format!("/api/v1/incidents/{r}/review/invitees"),
        json!({"invitees": [
        {"user_id": ana.id, "required": true}, {"user_id": bo.id, "required": true}]}),
    )
    .await;
    let booked = app
        .post(
            &ana,
            &format!("/api/v1/incidents/{r}/review/meeting/best"),
            json!({}),
        )
        .await;
    assert_eq!(booked.status, StatusCode::OK, "{}", booked.body);
    let uid = booked.body["meeting"]["uid"].as_str().unwrap().to_string();
    let start = booked.body["meeting"]["start"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(start, "2026-12-02T15:00:00Z", "inside her published hours");
    mails(&smtp, 2).await;

    // The event is in her calendar: her server reports the time busy.
    let calendars = goldseam_integrations::calendars::Calendars::new(Duration::from_secs(5));
    let source = goldseam_integrations::calendars::CalendarSource::CalDav {
        url: xandikos.url(),
        username: "ana".into(),
        password: Secret::new("unused"),
    };
    let window = (
        "2026-12-01T00:00:00Z".parse().unwrap(),
        "2026-12-10T00:00:00Z".parse().unwrap(),
    );
    let berlin = jiff::tz::TimeZone::get("Europe/Berlin").unwrap();
    let mut busy = Vec::new();
    for _ in 0..100 {
        busy = calendars
            .busy(&source, window.0, window.1, &berlin)
            .await
            .unwrap();
        if !busy.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(busy.len(), 1, "{busy:?}");
    assert_eq!(busy[0].start.to_string(), start);

    // Bo's calendar answers DECLINED into her scheduling inbox; the next read moves the meeting.
    let reply = format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Bo's client//EN\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261201T090000Z\r\nSEQUENCE:0\r\nORGANIZER:mailto:{}\r\nATTENDEE;PARTSTAT=DECLINED:mailto:{}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", Xandikos::EMAIL, bo.email);
    xandikos.deliver_to_inbox("bo-reply.ics", &reply);
    clock.set("2026-12-01T08:03:00Z".parse().unwrap());
    let all = mails(&smtp, 4).await;
    assert_eq!(
        all.iter()
            .filter(|m| m.subject.starts_with("Moved: "))
            .count(),
        2
    );
    let review = app
        .get(&ana, &format!("/api/v1/incidents/{r}/review"))
        .await;
    assert_eq!(review.body["meeting"]["sequence"], 1, "{}", review.body);
    let moved_to = review.body["meeting"]["start"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(moved_to, start);
    // Her calendar follows: the event now stands at the new time.
    for _ in 0..100 {
        busy = calendars
            .busy(&source, window.0, window.1, &berlin)
            .await
            .unwrap();
        if busy.len() == 1 && busy[0].start.to_string() == moved_to {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        busy.iter().map(|b| b.start.to_string()).collect::<Vec<_>>(),
        vec![moved_to]
    );
}

async fn the_policy_books_by_itself_when_the_postmortem_goes_to_review(db: TestDb) {
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

goldseam_testdb::on_both_databases!(
    the_policy_books_by_itself_when_the_postmortem_goes_to_review,
    a_decline_moves_the_meeting_and_everyone_is_told,
    the_organizers_caldav_calendar_holds_the_meeting_and_its_inbox_answers,
    bad_input_gets_a_specific_answer
);
