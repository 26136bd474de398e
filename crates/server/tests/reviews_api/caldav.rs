//! The organizer's own CalDAV calendar: the event written there, published hours, inbox replies.

use super::*;
use goldseam_testdb::caldav::Xandikos;
use reqwest::StatusCode;
use serde_json::json;

pub(crate) async fn the_organizers_caldav_calendar_holds_the_meeting_and_its_inbox_answers(
    db: TestDb,
) {
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
