//! Slack's HTTP request URLs, instead of Socket Mode: signed requests only; forged or stale
//! ones are refused and change nothing.

use super::super::side::Kind;
use super::super::world::{comments, Setup, World, SOON};
use goldseam_fakes::slack::{Delivery, Outcome};
use goldseam_testdb::TestDb;
use serde_json::json;

pub async fn the_http_request_urls_take_signed_requests_only(db: TestDb) {
    let setup = Setup {
        clock: None,
        http: true,
    };
    let w = World::start_with(&db, Kind::Slack, setup).await;
    let (r, channel) = w.declare("Search down", "SEV2").await;
    w.slack().say("ada", &channel, "Index rebuilding");
    w.wait_timeline(&r, |i| comments(i).len() == 1).await;
    assert!(w.slack().deliveries().iter().any(|d| answered(d, 200)));
    // Signed with the wrong secret: refused (the first try and each of Slack's three retries),
    // and nothing is recorded.
    w.slack().forge_signatures(Some("not-the-secret".into()));
    w.slack().say("ada", &channel, "forged");
    assert!(
        w.slack()
            .wait_for(SOON, |s| s
                .deliveries()
                .iter()
                .filter(|d| answered(d, 401))
                .count()
                == 4)
            .await,
        "{:#?}",
        w.slack().deliveries()
    );
    w.slack().forge_signatures(None);
    w.slack().say("ada", &channel, "Back to normal");
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

fn answered(d: &Delivery, want: u16) -> bool {
    matches!(d.outcome, Outcome::Answered { status, .. } if status == want)
}
