//! Buttons and the declare form.

use super::{World, SOON};
use goldseam_fakes::slack::{ClickOn, SlackOptions};
use goldseam_testdb::TestDb;

pub async fn a_button_clicked_twice_is_handled_once(db: TestDb) {
    let w = World::start(&db, SlackOptions::for_tests()).await;
    let (r, channel) = w.declare("Disk full", "SEV2").await;
    // The card Goldseam posted first in the channel carries the Resolve button.
    let has_resolve =
        |m: &goldseam_fakes::slack::Message| m.blocks.to_string().contains("goldseam_resolve");
    assert!(
        w.slack
            .wait_for(SOON, |s| s.messages(&channel).iter().any(has_resolve))
            .await,
        "{:#?}",
        w.slack.messages(&channel)
    );
    let card = w
        .slack
        .messages(&channel)
        .into_iter()
        .find(has_resolve)
        .unwrap();
    let on = || ClickOn::Message {
        channel: channel.clone(),
        ts: card.ts.clone(),
    };
    let first = w
        .slack
        .click("ada", on(), "goldseam_resolve", &r)
        .await
        .unwrap();
    let second = w
        .slack
        .click("ada", on(), "goldseam_resolve", &r)
        .await
        .unwrap();
    let items = w
        .wait_timeline(&r, |i| i.iter().any(|e| e["kind"] == "status_changed"))
        .await;
    // Both clicks answered privately; the second says it was done already.
    for (reply, says) in [(&first, "is resolved"), (&second, "already resolved")] {
        let url = reply.response_url.clone().unwrap();
        assert!(
            w.slack
                .wait_for(SOON, |s| s
                    .response_posts(&url)
                    .iter()
                    .any(|p| p["text"].as_str().is_some_and(|t| t.contains(says))))
                .await,
            "{says}: {:#?}",
            w.slack.response_posts(&url)
        );
    }
    let resolved = items
        .iter()
        .filter(|e| e["kind"] == "status_changed" && e["data"]["to"] == "resolved")
        .count();
    assert_eq!(resolved, 1);
    w.app.shutdown().await;
}

pub async fn the_declare_form_shows_mistakes_and_declares(db: TestDb) {
    let w = World::start(&db, SlackOptions::for_tests()).await;
    w.slack
        .slash_command("ada", &w.announcements, "/inc", "")
        .await
        .unwrap();
    assert!(
        w.slack
            .wait_for(SOON, |s| s
                .views_for(&w.ada_slack)
                .iter()
                .any(|v| !v.closed))
            .await,
        "the declare form opens"
    );
    let view = w
        .slack
        .views_for(&w.ada_slack)
        .into_iter()
        .find(|v| !v.closed)
        .unwrap();
    assert!(
        view.view.to_string().contains("SEV1"),
        "severities are offered"
    );
    // No title: the mistake is shown in the form, which stays open, and nothing is declared.
    let refused = w
        .slack
        .submit_view("ada", &view.id, &[("severity", "value", "SEV2")])
        .await
        .unwrap();
    assert_eq!(
        refused.json["response_action"], "errors",
        "{}",
        refused.body
    );
    assert!(refused.json["errors"]["title"].is_string());
    let list = w.app.get(&w.ada, "/api/v1/incidents").await;
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(0));
    // Filled in: declared in Goldseam and in Slack at once.
    w.slack
        .submit_view(
            "ada",
            &view.id,
            &[
                ("title", "value", "Webhooks delayed"),
                ("severity", "value", "SEV2"),
            ],
        )
        .await
        .unwrap();
    assert!(
        w.slack
            .wait_for(SOON, |s| s
                .channels()
                .iter()
                .any(|c| c.name == "inc-1-webhooks-delayed"))
            .await
    );
    let list = w.app.get(&w.ada, "/api/v1/incidents").await;
    assert_eq!(list.body["items"][0]["title"], "Webhooks delayed");
    assert_eq!(list.body["items"][0]["severity"], "SEV2");
    w.app.shutdown().await;
}
