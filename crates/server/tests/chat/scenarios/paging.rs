//! Pages by direct message beside the chat traffic: a page lands at once even while the
//! platform refuses the announcement's edits, and its Acknowledge button acknowledges it,
//! once, as the person who clicked.

use super::super::side::pages::Dm;
use super::super::side::{Kind, Side};
use super::super::world::{World, PROMPTLY, SOON};
use goldseam_testdb::TestDb;
use reqwest::Method;
use serde_json::json;
use std::time::{Duration, Instant};

/// Bob's direct messages from the bot.
fn dms(chat: &Side, w: &World) -> Vec<Dm> {
    chat.dms_to(&w.bob_chat)
}

/// Gives Bob a verified contact method on the platform (his chat user id; the code comes by
/// direct message) and a rule to be messaged at once.
async fn bob_reachable_in_chat(w: &World) {
    let m = w
        .app
        .post(
            &w.bob,
            "/api/v1/me/contact-methods",
            json!({"kind": w.chat.via(), "address": w.bob_chat}),
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
        w.eventually(SOON, |c| !dms(c, w).is_empty()).await,
        "the code comes by direct message"
    );
    let text = dms(&w.chat, w).remove(0).msg.text;
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
    kind: Kind,
) {
    let w = World::start(&db, kind).await;
    bob_reachable_in_chat(&w).await;
    let (r, _) = w.declare("Orders stuck", "SEV2").await;
    assert!(
        w.eventually(SOON, |c| c.messages(&w.announcements).len() == 1)
            .await
    );
    // From now on the platform answers every announcement edit with 429 and a long wait.
    w.chat.refuse_edits_for_long();
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
    assert!(w.chat.an_edit_was_refused(), "edits are being refused");
    let before = dms(&w.chat, &w).len();
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
        w.eventually(PROMPTLY, |c| dms(c, &w).len() > before).await,
        "the page's direct message lands within 2 s: {:?}",
        started.elapsed()
    );
    let page = dms(&w.chat, &w).pop().unwrap();
    assert!(page.msg.text.contains("Orders stuck"), "{}", page.msg.text);
    // Bob acknowledges from the message; a second click changes nothing.
    let page_id = p.body["id"].as_i64().unwrap();
    for _ in 0..2 {
        w.chat.click_acknowledge("bob", &page, page_id).await;
    }
    w.wait_timeline(&r, |i| i.iter().any(|e| e["kind"] == "page_acknowledged"))
        .await;
    w.told(&w.bob_chat, "Acknowledged.").await;
    // Both clicks were answered; the second found nothing left to do.
    assert!(
        w.eventually(SOON, |c| c.told(&w.bob_chat).len() >= 2).await,
        "{:?}",
        w.chat.told(&w.bob_chat)
    );
    let items = w.timeline(&r).await;
    let acks: Vec<_> = items
        .iter()
        .filter(|e| e["kind"] == "page_acknowledged")
        .collect();
    assert_eq!(acks.len(), 1, "{acks:#?}");
    assert_eq!(acks[0]["actor"]["name"], "Bob");
    assert_eq!(acks[0]["data"]["page_id"], page_id);
    w.app.shutdown().await;
}
