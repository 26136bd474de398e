//! On-call schedules over the API, on both databases: who may do what, bad input named field
//! by field, who is on call across a daylight-saving change in New York, shifts with names and
//! local times, overrides, my shifts, and the calendar feeds (auth and iCalendar format).

mod common;

use common::{TestApp, TestUser};
use goldseam_core::schedule::ics::unfold;
use goldseam_core::UserRole;
use goldseam_testdb::TestDb;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn new_york(people: &[&TestUser]) -> Value {
    json!({
        "name": "Payments",
        "description": "Card payments and refunds",
        "time_zone": "America/New_York",
        "layers": [{
            "name": "Primary",
            "start": "2026-03-06T09:00",
            "shift": {"unit": "days", "count": 1},
            "participants": people.iter().map(|u| u.id).collect::<Vec<_>>(),
        }]
    })
}

/// A daily rotation that started three days ago in UTC, so "now" always has someone.
fn current(name: &str, people: &[&TestUser]) -> Value {
    let start = jiff::Timestamp::now()
        .checked_sub(jiff::SignedDuration::from_hours(72))
        .unwrap()
        .strftime("%Y-%m-%dT00:00")
        .to_string();
    json!({
        "name": name,
        "time_zone": "UTC",
        "layers": [{
            "name": "Primary",
            "start": start,
            "shift": {"unit": "days", "count": 1},
            "participants": people.iter().map(|u| u.id).collect::<Vec<_>>(),
        }]
    })
}

fn fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .unwrap_or(&vec![])
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect()
}

async fn create(app: &TestApp, admin: &TestUser, body: Value) -> i64 {
    let r = app.post(admin, "/api/v1/schedules", body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.body["id"].as_i64().unwrap()
}

async fn admins_write_members_override_themselves_everyone_reads(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let root = app.user("Root", UserRole::Admin).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let bo = app.user("Bo", UserRole::Member).await;
    let vic = app.user("Vic", UserRole::Viewer).await;

    let r = app.post(&ana, "/api/v1/schedules", new_york(&[&ana])).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let id = create(&app, &root, new_york(&[&ana, &bo])).await;
    let path = format!("/api/v1/schedules/{id}");

    let r = app.get(&vic, &path).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["time_zone"], "America/New_York");
    assert_eq!(r.body["layers"][0]["start"], "2026-03-06T09:00:00");
    assert_eq!(r.body["layers"][0]["participants"], json!([ana.id, bo.id]));
    let r = app.get(&vic, "/api/v1/schedules").await;
    assert_eq!(r.body["items"][0]["name"], "Payments");
    let r = app.client.get(app.url(&path)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    let mut changed = new_york(&[&bo]);
    changed["name"] = json!("Payments US");
    let r = app
        .call(&ana, Method::PUT, &path, Some(changed.clone()))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.call(&root, Method::PUT, &path, Some(changed)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["name"], "Payments US");

    // Overrides: members for themselves only, viewers not at all, admins for anyone.
    let overrides = format!("{path}/overrides");
    let span = |d: u32| json!({"start": format!("2030-01-{d:02}T00:00:00Z"), "end": format!("2030-01-{d:02}T12:00:00Z")});
    let r = app.post(&vic, &overrides, span(1)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut for_bo = span(1);
    for_bo["user_id"] = json!(bo.id);
    let r = app.post(&ana, &overrides, for_bo.clone()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body["detail"].as_str().unwrap().contains("themselves"));
    let r = app.post(&ana, &overrides, span(1)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["user"]["name"], "Ana");
    assert_eq!(r.body["start_local"], "2029-12-31T19:00:00-05:00");
    let anas = r.body["id"].as_i64().unwrap();
    let mut for_bo = span(2);
    for_bo["user_id"] = json!(bo.id);
    let r = app.post(&root, &overrides, for_bo).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let bos = r.body["id"].as_i64().unwrap();
    let r = app.get(&vic, &path).await;
    assert_eq!(r.body["overrides"].as_array().unwrap().len(), 2);

    // Members remove their own; an admin removes anyone's.
    let del = |o: i64| format!("{overrides}/{o}");
    let r = app.call(&ana, Method::DELETE, &del(bos), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.call(&ana, Method::DELETE, &del(anas), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = app.call(&root, Method::DELETE, &del(bos), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = app.call(&root, Method::DELETE, &del(bos), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let r = app.call(&ana, Method::DELETE, &path, None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.call(&root, Method::DELETE, &path, None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = app.get(&vic, &path).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

async fn bad_input_is_named_field_by_field_and_writes_nothing(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let root = app.user("Root", UserRole::Admin).await;
    let ana = app.user("Ana", UserRole::Member).await;

    let r = app
        .post(
            &root,
            "/api/v1/schedules",
            json!({
                "name": "Payments",
                "time_zone": "America/Gotham",
                "layers": [
                    {"name": "Primary", "start": "2026-03-06T09:00", "shift": {"unit": "days", "count": 0}, "participants": []},
                    {"name": "Backup", "start": "2026-03-06 9am", "shift": {"unit": "hours", "count": 8}, "participants": [ana.id, 99999],
                     "restrictions": [{"kind": "weekly", "start_day": "funday", "start": "09:00", "end_day": "friday", "end": "17:00"}]}
                ]
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(
        r.headers["content-type"], "application/problem+json",
        "{}",
        r.body
    );
    assert_eq!(
        fields(&r.body),
        [
            "time_zone",
            "layers[1].start",
            "layers[1].restrictions[0].start_day",
            "layers[0].participants",
            "layers[0].shift",
            "layers[1].participants[1]",
        ],
        "{}",
        r.body
    );
    let detail = r.body["detail"].as_str().unwrap();
    assert!(
        detail.contains("\"America/Gotham\" is not a known IANA time zone"),
        "{detail}"
    );
    assert!(detail.contains("user 99999 does not exist"), "{detail}");
    assert!(detail.contains("1 to 365 days"), "{detail}");
    let r = app.get(&root, "/api/v1/schedules").await;
    assert_eq!(r.body["items"], json!([]), "nothing was written");

    // A wrong type or unknown field names the field too.
    let mut body = new_york(&[&ana]);
    body["layers"][0]["shift"]["count"] = json!(-1);
    let r = app.post(&root, "/api/v1/schedules", body).await;
    assert_eq!(fields(&r.body), ["layers[0].shift.count"], "{}", r.body);
    let mut body = new_york(&[&ana]);
    body["layers"][0]["shift"]["unit"] = json!("months");
    let r = app.post(&root, "/api/v1/schedules", body).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body["detail"].as_str().unwrap().contains("hours"),
        "{}",
        r.body
    );

    let id = create(&app, &root, new_york(&[&ana])).await;
    let r = app
        .post(&root, "/api/v1/schedules", new_york(&[&ana]))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);

    // Overlapping overrides: the second is refused, naming the first.
    let overrides = format!("/api/v1/schedules/{id}/overrides");
    let r = app
        .post(
            &ana,
            &overrides,
            json!({"start": "2026-03-07T09:00:00-05:00", "end": "2026-03-08T09:00:00-04:00"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let first = r.body["id"].as_i64().unwrap();
    let r = app
        .post(
            &root,
            &overrides,
            json!({"start": "2026-03-08T00:00:00Z", "end": "2026-03-09T00:00:00Z"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        r.body["detail"]
            .as_str()
            .unwrap()
            .contains(&format!("overlaps override {first}")),
        "{}",
        r.body
    );
    let r = app
        .post(
            &root,
            &overrides,
            json!({"start": "2026-03-10", "end": "2026-03-09T00:00:00Z", "user_id": 0}),
        )
        .await;
    assert_eq!(fields(&r.body), ["start", "user_id"], "{}", r.body);
    let r = app
        .post(
            &ana,
            &overrides,
            json!({"start": "2026-03-10T00:00:00Z", "end": "2026-03-09T00:00:00Z"}),
        )
        .await;
    assert_eq!(fields(&r.body), ["end"], "{}", r.body);

    // Ranges: from after to, too long, not a time, an unknown parameter.
    let shifts = format!("/api/v1/schedules/{id}/shifts");
    let r = app
        .get(
            &ana,
            &format!("{shifts}?from=2026-03-10T00:00:00Z&to=2026-03-01T00:00:00Z"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&r.body), ["to"]);
    assert!(r.body["detail"].as_str().unwrap().contains("after from"));
    let r = app
        .get(
            &ana,
            &format!("{shifts}?from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z"),
        )
        .await;
    assert_eq!(fields(&r.body), ["to"]);
    assert!(r.body["detail"].as_str().unwrap().contains("90 days"));
    let r = app.get(&ana, &format!("{shifts}?days=365")).await;
    assert_eq!(fields(&r.body), ["days"]);
    let r = app
        .get(&ana, &format!("{shifts}?form=2026-01-01T00:00:00Z"))
        .await;
    assert_eq!(fields(&r.body), ["form"]);
    let r = app
        .get(
            &ana,
            &format!("/api/v1/schedules/{id}/on-call?at=yesterday"),
        )
        .await;
    assert_eq!(fields(&r.body), ["at"]);
    let r = app.get(&ana, "/api/v1/schedules/abc/on-call").await;
    assert_eq!(fields(&r.body), ["id"]);
    let r = app.get(&ana, "/api/v1/schedules/999/on-call").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

async fn who_is_on_call_across_daylight_saving_in_new_york(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let root = app.user("Root", UserRole::Admin).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let bo = app.user("Bo", UserRole::Member).await;
    let cy = app.user("Cy", UserRole::Member).await;
    let id = create(&app, &root, new_york(&[&ana, &bo, &cy])).await;
    let at = |t: &str| {
        format!(
            "/api/v1/schedules/{id}/on-call?at={}",
            t.replace('+', "%2B")
        )
    };

    // Clocks spring forward on 2026-03-08 at 02:00. Bo's turn began Saturday 09:00 EST
    // (14:00Z) and ends Sunday 09:00 EDT (13:00Z): 23 hours, the same wall-clock handoff.
    let r = app.get(&cy, &at("2026-03-08T12:59:59Z")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["shift"]["user"]["name"], "Bo");
    assert_eq!(r.body["shift"]["start"], "2026-03-07T14:00:00Z");
    assert_eq!(r.body["shift"]["end"], "2026-03-08T13:00:00Z");
    assert_eq!(r.body["shift"]["start_local"], "2026-03-07T09:00:00-05:00");
    assert_eq!(r.body["shift"]["end_local"], "2026-03-08T09:00:00-04:00");
    assert_eq!(r.body["shift"]["layer"], "Primary");
    let r = app.get(&cy, &at("2026-03-08T13:00:00Z")).await;
    assert_eq!(r.body["shift"]["user"]["name"], "Cy");
    // An offset in the question is honoured: 08:30 EDT is still Bo.
    let r = app.get(&cy, &at("2026-03-08T08:30:00-04:00")).await;
    assert_eq!(r.body["shift"]["user"]["name"], "Bo");
    assert_eq!(r.body["at"], "2026-03-08T12:30:00Z");
    // Before the first handoff nobody is on call.
    let r = app.get(&cy, &at("2026-03-06T13:59:59Z")).await;
    assert_eq!(r.body["shift"], Value::Null);

    // Falling back on 2026-11-01: the turn that spans it lasts 25 hours, 09:00 EDT to 09:00 EST.
    let r = app.get(&cy, &at("2026-11-01T12:00:00Z")).await;
    assert_eq!(r.body["shift"]["start"], "2026-10-31T13:00:00Z");
    assert_eq!(r.body["shift"]["end"], "2026-11-01T14:00:00Z");
    assert_eq!(r.body["shift"]["end_local"], "2026-11-01T09:00:00-05:00");

    // The shifts over the change, with names and local times, an override cutting in.
    let r = app
        .post(
            &root,
            &format!("/api/v1/schedules/{id}/overrides"),
            json!({"start": "2026-03-08T18:00:00Z", "end": "2026-03-08T20:00:00Z", "user_id": ana.id}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = app
        .get(
            &cy,
            &format!(
                "/api/v1/schedules/{id}/shifts?from=2026-03-07T14:00:00Z&to=2026-03-09T13:00:00Z"
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let got: Vec<(String, String, String, String)> = r.body["shifts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["user"]["name"].as_str().unwrap().into(),
                s["start_local"].as_str().unwrap().into(),
                s["end_local"].as_str().unwrap().into(),
                s["source"].as_str().unwrap().into(),
            )
        })
        .collect();
    let row = |u: &str, s: &str, e: &str, src: &str| (u.into(), s.into(), e.into(), src.into());
    assert_eq!(
        got,
        [
            row(
                "Bo",
                "2026-03-07T09:00:00-05:00",
                "2026-03-08T09:00:00-04:00",
                "layer"
            ),
            row(
                "Cy",
                "2026-03-08T09:00:00-04:00",
                "2026-03-08T14:00:00-04:00",
                "layer"
            ),
            row(
                "Ana",
                "2026-03-08T14:00:00-04:00",
                "2026-03-08T16:00:00-04:00",
                "override"
            ),
            row(
                "Cy",
                "2026-03-08T16:00:00-04:00",
                "2026-03-09T09:00:00-04:00",
                "layer"
            ),
        ]
    );
}

async fn my_shifts_and_the_list_show_who_is_on_call_now(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let root = app.user("Root", UserRole::Admin).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let bo = app.user("Bo", UserRole::Member).await;
    create(&app, &root, current("Payments", &[&ana, &bo])).await;
    create(&app, &root, current("Ledger", &[&bo])).await;

    let r = app.get(&ana, "/api/v1/schedules").await;
    let items = r.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    // Three days after Ana's first turn it is Bo's (turns 0, 2 Ana; 1, 3 Bo).
    assert_eq!(items[0]["on_call"]["user"]["name"], "Bo", "{}", r.body);
    assert_eq!(items[1]["on_call"]["user"]["name"], "Bo");

    let r = app.get(&ana, "/api/v1/me/on-call?days=4").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mine = r.body["shifts"].as_array().unwrap();
    assert_eq!(mine.len(), 2, "{}", r.body);
    assert!(mine
        .iter()
        .all(|s| s["user"]["name"] == "Ana" && s["schedule_name"] == "Payments"));
    let r = app.get(&bo, "/api/v1/me/on-call?days=2").await;
    let names: Vec<&str> = r.body["shifts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["schedule_name"].as_str().unwrap())
        .collect();
    // Ledger is all Bo's: one shift across both days; Payments gives him today.
    assert!(
        names.contains(&"Ledger") && names.contains(&"Payments"),
        "{names:?}"
    );
    let r = app.get(&bo, "/api/v1/me/on-call?days=0").await;
    assert_eq!(fields(&r.body), ["days"]);
}

async fn calendar_feeds_need_the_token_and_are_valid_icalendar(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let root = app.user("Root", UserRole::Admin).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let bo = app.user("Bo", UserRole::Member).await;
    let name = "Payments, Billing; Refunds \\ Chargebacks: Europe, the Americas, and Asia-Pacific";
    let id = create(&app, &root, current(name, &[&ana, &bo])).await;

    let r = app.get(&ana, "/api/v1/me/calendar-feed").await;
    assert_eq!(r.body["created_at"], Value::Null);
    let r = app.post(&ana, "/api/v1/me/calendar-feed", json!({})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let token = r.body["token"].as_str().unwrap().to_string();
    assert_eq!(
        r.body["my_feed"],
        format!("/api/v1/users/{}/calendar.ics?token={token}", ana.id)
    );

    let fetch = |path: String| {
        let client = app.client.clone();
        let url = app.url(&path);
        async move {
            let r = client.get(url).send().await.unwrap();
            let status = r.status();
            let ct = r
                .headers()
                .get("content-type")
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default();
            (status, ct, r.text().await.unwrap())
        }
    };
    let feed = format!("/api/v1/schedules/{id}/calendar.ics");
    let (status, ct, _) = fetch(feed.clone()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(ct, "application/problem+json");
    // An unknown token is refused like a revoked API token.
    let (status, _, _) = fetch(format!("{feed}?token=gsf_0000")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // An API token is not a feed token.
    let (status, _, _) = fetch(format!("{feed}?token={}", ana.token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Someone else's personal feed is not reachable with my token.
    let (status, _, _) = fetch(format!(
        "/api/v1/users/{}/calendar.ics?token={token}",
        bo.id
    ))
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, ct, body) = fetch(format!("{feed}?token={token}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(ct, "text/calendar; charset=utf-8");
    assert!(body.starts_with("BEGIN:VCALENDAR\r\n") && body.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !body.replace("\r\n", "").contains('\n'),
        "only CRLF line ends"
    );
    for physical in body.split("\r\n") {
        assert!(
            physical.len() <= 75,
            "{physical:?} is longer than 75 octets"
        );
    }
    let lines = unfold(&body);
    assert!(lines.contains(&"VERSION:2.0".to_string()));
    assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
    let escaped =
        "Payments\\, Billing\\; Refunds \\\\ Chargebacks: Europe\\, the Americas\\, and Asia-Pacific";
    assert!(
        lines.contains(&format!("X-WR-CALNAME:On call: {escaped}")),
        "{lines:#?}"
    );
    // One event per day for 60 days, plus the one under way.
    let events = lines.iter().filter(|l| *l == "BEGIN:VEVENT").count();
    assert_eq!(events, lines.iter().filter(|l| *l == "END:VEVENT").count());
    assert!((60..=62).contains(&events), "{events} events");
    let stamp = |prefix: &str| {
        lines
            .iter()
            .filter(|l| l.starts_with(prefix))
            .map(|l| l[prefix.len()..].to_string())
            .collect::<Vec<_>>()
    };
    for t in stamp("DTSTART:")
        .iter()
        .chain(&stamp("DTEND:"))
        .chain(&stamp("DTSTAMP:"))
    {
        assert!(
            t.len() == 16 && t.ends_with('Z') && t.as_bytes()[8] == b'T',
            "{t} is not UTC basic format"
        );
    }
    assert_eq!(stamp("SUMMARY:")[0], format!("Bo on call: {escaped}"));
    // The shift under way keeps its real start (midnight UTC), not the time of the fetch.
    assert!(
        stamp("DTSTART:")[0].ends_with("T000000Z"),
        "{:?}",
        stamp("DTSTART:")
    );
    let uids = stamp("UID:");
    assert_eq!(uids.len(), events);
    let (_, _, again) = fetch(format!("{feed}?token={token}")).await;
    let again_uids: Vec<String> = unfold(&again)
        .into_iter()
        .filter_map(|l| l.strip_prefix("UID:").map(str::to_string))
        .collect();
    assert_eq!(uids, again_uids, "UIDs are stable across fetches");

    // The personal feed has only my shifts.
    let (status, _, mine) = fetch(format!(
        "/api/v1/users/{}/calendar.ics?token={token}",
        ana.id
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
    let mine = unfold(&mine);
    let summaries: Vec<&String> = mine.iter().filter(|l| l.starts_with("SUMMARY:")).collect();
    assert!((29..=31).contains(&summaries.len()), "{}", summaries.len());
    assert!(summaries
        .iter()
        .all(|s| **s == format!("SUMMARY:On call: {escaped}")));

    // Rotating retires the old token.
    let r = app.post(&ana, "/api/v1/me/calendar-feed", json!({})).await;
    let fresh = r.body["token"].as_str().unwrap().to_string();
    assert_ne!(fresh, token);
    let (status, _, _) = fetch(format!("{feed}?token={token}")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = fetch(format!("{feed}?token={fresh}")).await;
    assert_eq!(status, StatusCode::OK);
}

goldseam_testdb::on_both_databases!(
    admins_write_members_override_themselves_everyone_reads,
    bad_input_is_named_field_by_field_and_writes_nothing,
    who_is_on_call_across_daylight_saving_in_new_york,
    my_shifts_and_the_list_show_who_is_on_call_now,
    calendar_feeds_need_the_token_and_are_valid_icalendar,
);
