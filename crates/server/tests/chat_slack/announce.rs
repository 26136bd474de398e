//! The announcement and the incident channel.

use super::{World, SOON};
use goldseam_fakes::slack::SlackOptions;
use goldseam_testdb::TestDb;
use serde_json::json;
use std::time::Duration;

pub async fn an_incident_is_announced_and_gets_its_channel(db: TestDb) {
    let w = World::start(&db, SlackOptions::for_tests()).await;
    let (r, channel) = w.declare("Checkout down", "SEV1").await;
    let c = w.slack.channel(&channel).unwrap();
    assert_eq!(c.name, "inc-1-checkout-down");
    assert!(!c.is_private);
    assert!(
        w.slack
            .wait_for(SOON, |s| s.members(&channel).contains(&w.ada_slack))
            .await,
        "the declarer is invited"
    );
    assert!(
        w.slack
            .wait_for(SOON, |s| s.channel(&channel).unwrap().topic.contains(&r))
            .await
    );
    // One announcement, naming the incident and linking its channel.
    assert!(
        w.slack
            .wait_for(SOON, |s| s
                .messages(&w.announcements)
                .iter()
                .any(
                    |m| m.text.contains("Checkout down") && m.blocks.to_string().contains(&channel)
                ))
            .await,
        "{:#?}",
        w.slack.messages(&w.announcements)
    );
    // A second incident with the same title gets the next name, and its own announcement.
    let (_, second) = w.declare("Checkout down", "SEV2").await;
    assert_eq!(
        w.slack.channel(&second).unwrap().name,
        "inc-2-checkout-down"
    );
    assert!(
        w.slack
            .wait_for(SOON, |s| s.messages(&w.announcements).len() == 2)
            .await
    );
    w.app.shutdown().await;
}

pub async fn a_burst_of_changes_makes_few_edits_and_ends_in_the_last_state(db: TestDb) {
    let w = World::start(&db, SlackOptions::for_tests()).await;
    let (r, _) = w.declare("Search slow", "SEV3").await;
    assert!(
        w.slack
            .wait_for(SOON, |s| s.messages(&w.announcements).len() == 1)
            .await
    );
    // Let the post's own follow-up edit (it learns the channel) settle.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let before = w.slack.calls("chat.update").len();
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
    let shows_sev1 = |s: &goldseam_fakes::slack::FakeSlack| {
        s.messages(&w.announcements)
            .first()
            .is_some_and(|m| m.blocks.to_string().contains("SEV1"))
    };
    assert!(
        w.slack.wait_for(SOON, shows_sev1).await,
        "the last state wins: {:#?} {:#?}",
        w.slack.messages(&w.announcements),
        w.slack.calls("chat.update")
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    let edits = w.slack.calls("chat.update").len() - before;
    assert!((1..=3).contains(&edits), "{edits} edits for a burst of 20");
    assert!(shows_sev1(&w.slack));
    w.app.shutdown().await;
}

pub async fn a_private_incident_is_never_announced(db: TestDb) {
    let w = World::start(&db, SlackOptions::for_tests()).await;
    let r = w
        .app
        .declare(
            &w.ada,
            json!({"title": "Payroll leak", "severity": "SEV1", "private": true}),
        )
        .await;
    assert!(
        w.slack
            .wait_for(SOON, |s| s
                .channels()
                .iter()
                .any(|c| c.name.starts_with("inc-1-")))
            .await
    );
    let channel = w
        .slack
        .channels()
        .into_iter()
        .find(|c| c.name.starts_with("inc-1-"))
        .unwrap();
    assert!(
        channel.is_private,
        "a private incident gets a private channel"
    );
    // A public one declared after it is announced; the private one never was.
    w.declare("Public one", "SEV3").await;
    assert!(
        w.slack
            .wait_for(SOON, |s| s.messages(&w.announcements).len() == 1)
            .await
    );
    let announced = w.slack.messages(&w.announcements);
    assert!(!announced[0].text.contains("Payroll"), "{announced:#?}");
    assert!(w
        .slack
        .calls("chat.postMessage")
        .iter()
        .filter(|c| c.params.to_string().contains(&w.announcements))
        .all(|c| !c.params.to_string().contains("Payroll")));
    let _ = r;
    w.app.shutdown().await;
}
