//! Pages by Slack direct message beside the chat traffic: a page lands at once even while
//! Slack refuses the announcement's edits, and its Acknowledge button acknowledges it as the
//! person who clicked.

use super::super::side::Kind;
use super::super::world::{World, SOON};
use goldseam_fakes::slack::{ClickOn, FakeSlack, RateLimits};
use goldseam_testdb::TestDb;
use reqwest::Method;
use serde_json::json;
use std::time::{Duration, Instant};

/// Bob's direct messages from the bot.
fn dms(slack: &FakeSlack, user: &str) -> Vec<goldseam_fakes::slack::Message> {
    slack
        .channels()
        .into_iter()
        .filter(|c| c.is_im && c.members.iter().any(|m| m == user))
        .flat_map(|c| slack.messages(&c.id))
        .collect()
}

/// Gives Bob a verified Slack contact method (the code comes by direct message) and a rule to
/// be messaged at once.
async fn bob_reachable_on_slack(w: &World) {
    let m = w
        .app
        .post(
            &w.bob,
            "/api/v1/me/contact-methods",
            json!({"kind": "slack", "address": w.bob_chat}),
        )
        .await;
    assert_eq!(m.status, 201, "{}", m.body);
    let id = m.body["id"].as_i64().unwrap();
    let v = w
        .app
        .post(
            &w.bob,
            &format!("/api/v1/me/contact-methods/{id}/verification"),
            json!({}),
        )
        .await;
    assert!(v.status.is_success(), "{}", v.body);
    assert!(
        w.slack()
            .wait_for(SOON, |s| !dms(s, &w.bob_chat).is_empty())
            .await
    );
    let text = dms(w.slack(), &w.bob_chat).remove(0).text;
    let code: String = text
        .chars()
        .filter(|c| c.is_ascii_digit())
        .take(6)
        .collect();
    let c = w
        .app
        .post(
            &w.bob,
            &format!("/api/v1/me/contact-methods/{id}/verification/confirm"),
            json!({"code": code}),
        )
        .await;
    assert!(c.status.is_success(), "{text}: {}", c.body);
    let r = w
        .app
        .call(
            &w.bob,
            Method::PUT,
            "/api/v1/me/notification-rules",
            Some(json!({"rules": [{"contact_method_id": id, "delay_minutes": 0}]})),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
}

pub async fn a_page_lands_while_announcement_edits_are_refused_and_is_acknowledged_by_button(
    db: TestDb,
) {
    let w = World::start(&db, Kind::Slack).await;
    bob_reachable_on_slack(&w).await;
    let (r, _) = w.declare("Orders stuck", "SEV2").await;
    assert!(
        w.slack()
            .wait_for(SOON, |s| s.messages(&w.announcements).len() == 1)
            .await
    );
    // From now on Slack answers every announcement edit with 429 and a long Retry-After.
    w.slack()
        .set_rate_limits(RateLimits::none().with("chat.update", 1, Duration::from_secs(120)));
    for severity in ["SEV1", "SEV3", "SEV1"] {
        w.app
            .patch(
                &w.ada,
                &format!("/api/v1/incidents/{r}"),
                json!({"severity": severity}),
            )
            .await;
        tokio::time::sleep(Duration::from_millis(2100)).await;
    }
    assert!(
        w.slack()
            .calls("chat.update")
            .iter()
            .any(|c| c.status == 429),
        "edits are being refused"
    );
    let before = dms(w.slack(), &w.bob_chat).len();
    let started = Instant::now();
    let p = w
        .app
        .post(
            &w.ada,
            &format!("/api/v1/incidents/{r}/pages"),
            json!({"user_id": w.bob.id, "reason": "need the orders expert"}),
        )
        .await;
    assert!(p.status.is_success(), "{}", p.body);
    assert!(
        w.slack()
            .wait_for(Duration::from_secs(2), |s| dms(s, &w.bob_chat).len()
                > before)
            .await,
        "the page's direct message lands within 2 s: {:?}",
        started.elapsed()
    );
    let page = dms(w.slack(), &w.bob_chat).pop().unwrap();
    assert!(page.text.contains("Orders stuck"), "{}", page.text);
    // Bob acknowledges from the message; a second click changes nothing.
    for _ in 0..2 {
        w.slack()
            .click(
                "bob",
                ClickOn::Message {
                    channel: page.channel.clone(),
                    ts: page.ts.clone(),
                },
                "goldseam_ack_page",
                &p.body["id"].to_string(),
            )
            .await
            .unwrap();
    }
    let items = w
        .wait_timeline(&r, |i| i.iter().any(|e| e["kind"] == "page_acknowledged"))
        .await;
    let acks: Vec<_> = items
        .iter()
        .filter(|e| e["kind"] == "page_acknowledged")
        .collect();
    assert_eq!(acks.len(), 1);
    assert_eq!(acks[0]["actor"]["name"], "Bob");
    w.app.shutdown().await;
}
