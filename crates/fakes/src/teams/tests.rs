//! The fake as a sender meets it, over HTTP.

use super::{FakeTeams, Fault, TeamsOptions};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

fn message(title: &str) -> Value {
    json!({"type": "message", "attachments": [{
        "contentType": "application/vnd.microsoft.card.adaptive",
        "contentUrl": null,
        "content": {
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard",
            "version": "1.4",
            "body": [
                {"type": "TextBlock", "text": title, "weight": "Bolder", "wrap": true},
                {"type": "FactSet", "facts": [{"title": "Severity", "value": "SEV2"}]}
            ],
            "actions": [{"type": "Action.OpenUrl", "title": "Open", "url": "https://gs.example/incidents/1"}]
        }
    }]})
}

async fn fake() -> FakeTeams {
    FakeTeams::start(TeamsOptions::default()).await.unwrap()
}

#[tokio::test]
async fn a_valid_card_is_accepted_with_202_and_kept() {
    let teams = fake().await;
    let (status, body) = FakeTeams::send(&teams.url(), &message("INC-1 · Checkout down")).await;
    assert_eq!((status, body.as_str()), (202, ""));
    let cards = teams.cards();
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0].texts(), vec!["INC-1 · Checkout down"]);
    assert_eq!(cards[0].fact("Severity").as_deref(), Some("SEV2"));
    assert_eq!(
        cards[0].links(),
        vec![(
            "Open".to_string(),
            "https://gs.example/incidents/1".to_string()
        )]
    );
    assert_eq!(cards[0].version(), "1.4");
}

#[tokio::test]
async fn an_invalid_card_is_refused_with_400_and_the_reason() {
    let teams = fake().await;
    let mut m = message("x");
    m["attachments"][0]["content"]["actions"] =
        json!([{"type": "Action.Submit", "title": "Resolve", "data": {"id": 1}}]);
    let (status, body) = FakeTeams::send(&teams.url(), &m).await;
    assert_eq!(status, 400);
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["error"]["code"], "InvalidAdaptiveCard");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("attachments[0].content.actions[0]: Action.Submit"));
    let mut m = message("x");
    m["attachments"][0]["content"]["body"][1]["facts"][0] = json!({"title": "Severity"});
    let (status, body) = FakeTeams::send(&teams.url(), &m).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("`value` is required"), "{body}");
    assert!(teams.cards().is_empty(), "nothing refused is posted");
    assert_eq!(teams.calls().len(), 2);
}

#[tokio::test]
async fn a_wrong_or_missing_signature_is_401_and_another_workflow_404() {
    let teams = fake().await;
    let (status, body) = FakeTeams::send(&teams.url_signed("forged"), &message("x")).await;
    assert_eq!(status, 401);
    assert!(
        body.contains("DirectApiInvalidAuthorizationSignature"),
        "{body}"
    );
    let unsigned = teams.url().split("&sig=").next().unwrap().to_string();
    let (status, body) = FakeTeams::send(&unsigned, &message("x")).await;
    assert_eq!(status, 401);
    assert!(body.contains("DirectApiAuthorizationRequired"), "{body}");
    let other = teams.url().replace("/workflows/", "/workflows/ffff");
    assert_eq!(FakeTeams::send(&other, &message("x")).await.0, 404);
    assert!(teams.cards().is_empty());
}

#[tokio::test]
async fn faults_and_outages_answer_as_injected_then_normally() {
    let teams = fake().await;
    teams.inject(Fault::RateLimited(7), 1);
    teams.inject(Fault::Status(502), 1);
    let r = reqwest::Client::new()
        .post(teams.url())
        .json(&message("x"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "7");
    assert_eq!(FakeTeams::send(&teams.url(), &message("x")).await.0, 502);
    assert_eq!(FakeTeams::send(&teams.url(), &message("x")).await.0, 202);
    teams.set_outage(Some(503));
    assert_eq!(FakeTeams::send(&teams.url(), &message("y")).await.0, 503);
    teams.set_outage(None);
    assert_eq!(FakeTeams::send(&teams.url(), &message("y")).await.0, 202);
    assert_eq!(teams.cards().len(), 2);
    teams.inject(Fault::Delay(Duration::from_millis(300)), 1);
    let started = Instant::now();
    assert_eq!(FakeTeams::send(&teams.url(), &message("z")).await.0, 202);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn a_message_past_teams_cap_is_413_and_a_newer_version_than_rendered_400() {
    let teams = FakeTeams::start(TeamsOptions {
        max_version: "1.4".into(),
        ..TeamsOptions::default()
    })
    .await
    .unwrap();
    let (status, _) = FakeTeams::send(&teams.url(), &message(&"x".repeat(30_000))).await;
    assert_eq!(status, 413);
    let mut m = message("x");
    m["attachments"][0]["content"]["version"] = json!("1.5");
    let (status, body) = FakeTeams::send(&teams.url(), &m).await;
    assert_eq!(status, 400);
    assert!(body.contains("newer than this host renders"), "{body}");
}

#[tokio::test]
async fn the_console_shows_cards_and_sets_faults() {
    let teams = fake().await;
    FakeTeams::send(&teams.url(), &message("INC-9 · Disk full")).await;
    let shown = teams.console("cards");
    assert!(shown.contains("INC-9 · Disk full") && shown.contains("Severity: SEV2"));
    assert_eq!(teams.console("fail 500 2"), "ok");
    assert_eq!(FakeTeams::send(&teams.url(), &message("x")).await.0, 500);
    assert_eq!(FakeTeams::send(&teams.url(), &message("x")).await.0, 500);
    assert_eq!(FakeTeams::send(&teams.url(), &message("x")).await.0, 202);
    assert!(teams.console("nonsense").contains("ratelimit SECS"));
}
