//! The announcement and the incident channel.

use super::super::side::{Kind, Side};
use super::super::world::{World, SOON};
use goldseam_testdb::TestDb;
use serde_json::json;
use std::time::Duration;

pub async fn an_incident_is_announced_and_gets_its_channel(db: TestDb, kind: Kind) {
    let w = World::start(&db, kind).await;
    // The admin sees the platform connected (once the engine runs), and only that one.
    let deadline = tokio::time::Instant::now() + SOON;
    let setup = loop {
        let setup = w.app.get(&w.ada, "/api/v1/admin/setup").await.body;
        if setup["chat"][w.chat.via()] == "connected" || tokio::time::Instant::now() > deadline {
            break setup;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let chat = &setup["chat"];
    for platform in ["slack", "mattermost", "microsoft_teams"] {
        let want = if platform == w.chat.via() {
            "connected"
        } else {
            "not_configured"
        };
        assert_eq!(chat[platform], want, "{platform}: {chat}");
    }
    let (r, channel) = w.declare("Checkout down", "SEV1").await;
    let c = w.chat.channel(&channel).unwrap();
    assert_eq!(c.name, "inc-1-checkout-down");
    assert!(!c.private);
    assert!(
        w.eventually(SOON, |s| s.channel(&channel).unwrap().topic.contains(&r))
            .await,
        "the topic names the incident"
    );
    // The incident's card opens the channel, with its Resolve button, and follows the
    // incident as it changes.
    let card = w
        .bot_posted(&channel, |m| {
            m.card.contains("Checkout down") && m.card.contains("resolve")
        })
        .await;
    assert!(card.card.contains("Triage"), "{}", card.card);
    let u = w
        .app
        .post(
            &w.ada,
            &format!("/api/v1/incidents/{r}/status-updates"),
            json!({"body": "Rolled back the deploy", "status": "mitigated"}),
        )
        .await;
    assert!(u.status.is_success(), "{}", u.body);
    assert!(
        w.eventually(SOON, |s| s
            .messages(&channel)
            .iter()
            .any(|m| m.id == card.id
                && m.card.contains("Mitigated")
                && m.card.contains("Rolled back the deploy")))
            .await,
        "{:#?}",
        w.chat.messages(&channel)
    );
    // One announcement, naming the incident and linking its channel.
    let link = match &w.chat {
        Side::Slack(_) => channel.clone(),
        Side::Mattermost(_) => "~inc-1-checkout-down".into(),
    };
    w.bot_posted(&w.announcements, |m| {
        m.card.contains("Checkout down") && m.card.contains(&link)
    })
    .await;
    // A second incident with the same title gets the next name, and its own announcement.
    let (_, second) = w.declare("Checkout down", "SEV2").await;
    assert_eq!(w.chat.channel(&second).unwrap().name, "inc-2-checkout-down");
    assert!(
        w.eventually(SOON, |s| s.messages(&w.announcements).len() == 2)
            .await
    );
    w.app.shutdown().await;
}

pub async fn a_burst_of_changes_makes_few_edits_and_ends_in_the_last_state(db: TestDb, kind: Kind) {
    let w = World::start(&db, kind).await;
    let (r, _) = w.declare("Search slow", "SEV3").await;
    let post = w.bot_posted(&w.announcements, |_| true).await.id;
    // Let the post's own follow-up edit (it learns the channel) settle.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let before = w.chat.edits_of(&post);
    // Twenty changes within two seconds, ending on SEV1.
    let path = format!("/api/v1/incidents/{r}");
    for i in 0..20 {
        let severity = match i % 3 {
            _ if i == 19 => "SEV1",
            0 => "SEV2",
            1 => "SEV4",
            _ => "SEV3",
        };
        let reply = w
            .app
            .patch(&w.ada, &path, json!({"severity": severity}))
            .await;
        assert!(reply.status.is_success(), "{}", reply.body);
        tokio::time::sleep(Duration::from_millis(90)).await;
    }
    let shows_sev1 = |s: &Side| {
        s.messages(&w.announcements)
            .first()
            .is_some_and(|m| m.card.contains("SEV1"))
    };
    assert!(
        w.eventually(SOON, shows_sev1).await,
        "the last state wins: {:#?}",
        w.chat.messages(&w.announcements)
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    let edits = w.chat.edits_of(&post) - before;
    assert!((1..=3).contains(&edits), "{edits} edits for a burst of 20");
    assert!(shows_sev1(&w.chat));
    w.app.shutdown().await;
}

pub async fn a_private_incident_is_never_announced(db: TestDb, kind: Kind) {
    let w = World::start(&db, kind).await;
    let r = w
        .app
        .declare(
            &w.ada,
            json!({"title": "Payroll leak", "severity": "SEV1", "private": true}),
        )
        .await;
    let channel = w.channel_of(&r).await;
    assert!(channel.private, "a private incident gets a private channel");
    // A public one declared after it is announced; the private one never was.
    w.declare("Public one", "SEV3").await;
    w.bot_posted(&w.announcements, |m| m.card.contains("Public one"))
        .await;
    let announced = w.chat.messages(&w.announcements);
    assert_eq!(announced.len(), 1, "{announced:#?}");
    assert!(!announced[0].card.contains("Payroll"), "{announced:#?}");
    let sent = w.chat.posted();
    assert!(sent
        .iter()
        .filter(|p| p.contains(&w.announcements))
        .all(|p| !p.contains("Payroll")));
    w.app.shutdown().await;
}
