//! How Slack reaches Goldseam, and what happens when it cannot: the HTTP request URLs (signed;
//! forged or stale requests refused), Slack down (work waits, nothing is lost), and a restart
//! between acknowledging an event and processing it.

use super::{comments, Setup, World, SOON};
use goldseam_fakes::slack::{Delivery, Down, Fault, Outcome, SlackOptions};
use goldseam_testdb::TestDb;
use serde_json::json;

pub async fn the_http_request_urls_take_signed_requests_only(db: TestDb) {
    let setup = Setup {
        clock: None,
        http: true,
    };
    let w = World::start_with(&db, SlackOptions::for_tests(), setup).await;
    let (r, channel) = w.declare("Search down", "SEV2").await;
    w.slack.say("ada", &channel, "Index rebuilding");
    w.wait_timeline(&r, |i| comments(i).len() == 1).await;
    assert!(w.slack.deliveries().iter().any(|d| answered(d, 200)));
    // Signed with the wrong secret: refused (the first try and each of Slack's three retries),
    // and nothing is recorded.
    w.slack.forge_signatures(Some("not-the-secret".into()));
    w.slack.say("ada", &channel, "forged");
    assert!(
        w.slack
            .wait_for(SOON, |s| s
                .deliveries()
                .iter()
                .filter(|d| answered(d, 401))
                .count()
                == 4)
            .await,
        "{:#?}",
        w.slack.deliveries()
    );
    w.slack.forge_signatures(None);
    w.slack.say("ada", &channel, "Back to normal");
    let items = w.wait_timeline(&r, |i| comments(i).len() == 2).await;
    assert!(comments(&items).iter().all(|(_, body, _)| body != "forged"));
    // Unsigned, from anyone: 401 before anything else.
    let plain = reqwest::Client::new()
        .post(w.app.url("/api/v1/integrations/slack/events"))
        .json(&json!({"type": "url_verification", "challenge": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), 401);
    w.app.shutdown().await;
}

pub async fn slack_down_makes_work_wait_and_nothing_is_lost(db: TestDb) {
    let w = World::start(&db, SlackOptions::for_tests()).await;
    let (r, channel) = w.declare("Before the outage", "SEV3").await;
    w.slack.set_down(Down::Unavailable);
    // Goldseam keeps working while Slack is down.
    let started = std::time::Instant::now();
    let during = w
        .app
        .declare(
            &w.ada,
            json!({"title": "During the outage", "severity": "SEV2"}),
        )
        .await;
    let c = w
        .app
        .post(
            &w.bob,
            &format!("/api/v1/incidents/{r}/comments"),
            json!({"body": "written while Slack was down"}),
        )
        .await;
    assert_eq!(c.status, 201);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "the API does not wait for Slack"
    );
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    w.slack.set_down(Down::Up);
    // Everything lands once Slack is back: the channel, the announcement, the comment.
    let number = during.trim_start_matches("INC-");
    assert!(
        w.slack
            .wait_for(SOON * 3, |s| s
                .channels()
                .iter()
                .any(|c| c.name.starts_with(&format!("inc-{number}-"))))
            .await
    );
    assert!(
        w.slack
            .wait_for(SOON * 3, |s| s
                .messages(&channel)
                .iter()
                .any(|m| m.text == "written while Slack was down"))
            .await
    );
    assert!(
        w.slack
            .wait_for(SOON, |s| s
                .messages(&w.announcements)
                .iter()
                .any(|m| m.text.contains("During the outage")))
            .await
    );
    w.app.shutdown().await;
}

pub async fn an_event_acknowledged_before_a_restart_is_processed_once(db: TestDb) {
    let w = World::start(&db, SlackOptions::for_tests()).await;
    let (r, channel) = w.declare("Cache stampede", "SEV2").await;
    w.slack.join("bob", &channel);
    w.slack.say("ada", &channel, "first");
    w.wait_timeline(&r, |i| comments(i).len() == 1).await;
    // Bob speaks for the first time, so Goldseam must look him up; Slack fails that lookup,
    // so the event, acknowledged and stored, is not processed before the server stops.
    w.slack.fail_next("users.info", 2, Fault::Status(500));
    w.slack.say("bob", &channel, "said as the server stops");
    assert!(
        w.slack
            .wait_for(SOON, |s| s
                .calls("users.info")
                .iter()
                .any(|c| c.status == 500))
            .await
    );
    assert!(w.slack.deliveries().iter().any(|d| d
        .payload
        .to_string()
        .contains("said as the server stops")
        && matches!(d.outcome, Outcome::Acked(_))));
    assert_eq!(comments(&w.timeline(&r).await).len(), 1);
    let w = w.restart(&db).await;
    let items = w.wait_timeline(&r, |i| comments(i).len() >= 2).await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let texts: Vec<String> = comments(&w.timeline(&r).await)
        .into_iter()
        .map(|c| c.1)
        .collect();
    assert_eq!(texts, ["first", "said as the server stops"], "{items:#?}");
    w.app.shutdown().await;
}

fn answered(d: &Delivery, want: u16) -> bool {
    matches!(d.outcome, Outcome::Answered { status, .. } if status == want)
}
