//! `/inc` in the incident channel and elsewhere.

use super::{World, SOON};
use goldseam_fakes::slack::SlackOptions;
use goldseam_testdb::TestDb;

pub async fn commands_in_the_channel_change_the_incident(db: TestDb) {
    let w = World::start(&db, SlackOptions::for_tests()).await;
    let (r, channel) = w.declare("API latency", "SEV3").await;
    w.slack
        .slash_command("ada", &channel, "/inc", "severity SEV2")
        .await
        .unwrap();
    w.wait_timeline(&r, |i| {
        i.iter()
            .any(|e| e["kind"] == "severity_changed" && e["data"]["to"] == "SEV2")
    })
    .await;
    w.slack
        .slash_command(
            "ada",
            &channel,
            "/inc",
            "update Cache warmed, latency back to normal",
        )
        .await
        .unwrap();
    w.wait_timeline(&r, |i| {
        i.iter().any(|e| {
            e["kind"] == "status_update"
                && e["data"]["body"] == "Cache warmed, latency back to normal"
        })
    })
    .await;
    // Elsewhere, the incident is named.
    w.slack
        .slash_command("ada", &w.announcements, "/inc", &format!("{r} resolve"))
        .await
        .unwrap();
    w.wait_timeline(&r, |i| {
        i.iter()
            .any(|e| e["kind"] == "status_changed" && e["data"]["to"] == "resolved")
    })
    .await;
    w.app.shutdown().await;
}

pub async fn unknown_commands_get_their_usage(db: TestDb) {
    let w = World::start(&db, SlackOptions::for_tests()).await;
    let (_, channel) = w.declare("API latency", "SEV3").await;
    let reply = w
        .slack
        .slash_command("ada", &channel, "/inc", "frobnicate now")
        .await
        .unwrap();
    let url = reply.response_url.clone().expect("a response URL");
    assert!(
        w.slack
            .wait_for(SOON, |s| s
                .response_posts(&url)
                .iter()
                .any(|p| p["text"].as_str().is_some_and(|t| t.contains("/inc"))))
            .await,
        "{:#?}",
        w.slack.response_posts(&url)
    );
    w.app.shutdown().await;
}
