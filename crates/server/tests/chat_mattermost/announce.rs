//! The announcement and the incident channel.

use super::{attachment, World, SOON};
use goldseam_fakes::mattermost::{ChannelType, FakeMattermost};
use goldseam_testdb::TestDb;
use serde_json::json;
use std::time::Duration;

pub async fn an_incident_is_announced_and_gets_its_channel(db: TestDb) {
    let w = World::start(&db).await;
    let (r, channel) = w.declare("Checkout down", "SEV1").await;
    let c = w.mm.channel(&channel).unwrap();
    assert_eq!(c.name, "inc-1-checkout-down");
    assert_eq!(c.channel_type, ChannelType::Open);
    assert!(
        w.mm.wait_until(SOON, |m| m.channel(&channel).unwrap().header.contains(&r))
            .await,
        "the header is the topic"
    );
    // The incident's card opens the channel.
    assert!(
        w.mm.wait_until(SOON, |m| m
            .messages(&channel)
            .iter()
            .any(|p| attachment(p)["title"]
                .as_str()
                .is_some_and(|t| t.contains("Checkout down"))))
            .await,
        "{:#?}",
        w.mm.messages(&channel)
    );
    // One announcement, naming the incident and linking its channel by name.
    assert!(
        w.mm.wait_until(SOON, |m| m.messages(&w.announcements).iter().any(|p| {
            let a = attachment(p).to_string();
            a.contains("Checkout down") && a.contains("~inc-1-checkout-down")
        }))
        .await,
        "{:#?}",
        w.mm.messages(&w.announcements)
    );
    // A second incident with the same title gets the next name, and its own announcement.
    let (_, second) = w.declare("Checkout down", "SEV2").await;
    assert_eq!(w.mm.channel(&second).unwrap().name, "inc-2-checkout-down");
    assert!(
        w.mm.wait_until(SOON, |m| m.messages(&w.announcements).len() == 2)
            .await
    );
    w.app.shutdown().await;
}

pub async fn a_burst_of_changes_makes_few_edits_and_ends_in_the_last_state(db: TestDb) {
    let w = World::start(&db).await;
    let (r, _) = w.declare("Search slow", "SEV3").await;
    assert!(
        w.mm.wait_until(SOON, |m| m.messages(&w.announcements).len() == 1)
            .await
    );
    let post = w.mm.messages(&w.announcements)[0].id.clone();
    let edits_of = |m: &FakeMattermost| {
        m.calls_to("PUT /posts/{id}/patch")
            .iter()
            .filter(|c| c.path.contains(&post))
            .count()
    };
    // Let the post's own follow-up edit (it learns the channel) settle.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let before = edits_of(&w.mm);
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
    let shows_sev1 = |m: &FakeMattermost| {
        m.post(&post).is_some_and(|p| {
            attachment(&p)["fields"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|f| {
                    f["title"] == "Severity"
                        && f["value"].as_str().is_some_and(|v| v.starts_with("SEV1"))
                })
        })
    };
    assert!(
        w.mm.wait_until(SOON, shows_sev1).await,
        "the last state wins: {:#?}",
        w.mm.post(&post)
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    let edits = edits_of(&w.mm) - before;
    assert!((1..=3).contains(&edits), "{edits} edits for a burst of 20");
    assert!(shows_sev1(&w.mm));
    w.app.shutdown().await;
}

pub async fn a_private_incident_is_never_announced(db: TestDb) {
    let w = World::start(&db).await;
    let r = w
        .app
        .declare(
            &w.ada,
            json!({"title": "Payroll leak", "severity": "SEV1", "private": true}),
        )
        .await;
    let channel = w.channel_of(&r).await;
    assert_eq!(
        w.mm.channel(&channel).unwrap().channel_type,
        ChannelType::Private,
        "a private incident gets a private channel"
    );
    // A public one declared after it is announced; the private one never was.
    w.declare("Public one", "SEV3").await;
    assert!(
        w.mm.wait_until(SOON, |m| m.messages(&w.announcements).len() == 1)
            .await
    );
    let announced = attachment(&w.mm.messages(&w.announcements)[0]).to_string();
    assert!(announced.contains("Public one") && !announced.contains("Payroll"));
    assert!(w
        .mm
        .calls_to("POST /posts")
        .iter()
        .filter(|c| c.body["channel_id"] == w.announcements.as_str())
        .all(|c| !c.body.to_string().contains("Payroll")));
    w.app.shutdown().await;
}
