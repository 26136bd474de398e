//! Direct messages from the Mattermost bot for the delivery engine, against the fake
//! Mattermost: one direct channel per person, a page's signed Acknowledge button, a retry that
//! does not post twice, refusals sorted for the engine, and a page that does not wait behind
//! an edit a proxy refuses.

use goldseam_core::delivery::{Delivery, MattermostDm};
use goldseam_fakes::mattermost::{FakeMattermost, Fault, MattermostOptions};
use goldseam_integrations::chat::api::Lane;
use goldseam_integrations::chat::mattermost::client::MattermostClient;
use goldseam_integrations::chat::mattermost::context::ContextSigner;
use goldseam_integrations::{Channels, MattermostDirect, Secret, SendError};
use jiff::Timestamp;
use reqwest::Method;
use serde_json::json;
use std::time::{Duration, Instant};

const ACTIONS: &str = "https://goldseam.test/api/v1/integrations/mattermost/actions";

async fn start() -> (FakeMattermost, MattermostClient, MattermostDirect) {
    let fake = FakeMattermost::start(MattermostOptions::default())
        .await
        .unwrap();
    let client = MattermostClient::new(
        fake.url(),
        Secret::new(fake.bot_token()),
        Duration::from_secs(5),
    );
    let dm = MattermostDirect::new(client.clone(), ContextSigner::new(b"k"), ACTIONS);
    (fake, client, dm)
}

fn page(user: &str, page: Option<i64>) -> MattermostDm {
    MattermostDm {
        user: user.into(),
        text: ":rotating_light: Page: INC-7 SEV1: Checkout down".into(),
        page_id: page,
    }
}

#[tokio::test]
async fn a_page_is_a_direct_message_with_a_signed_acknowledge_button() {
    let (fake, _, dm) = start().await;
    let bob = fake.add_user("bob", "bob@example.com");
    let receipt = dm.send(&page(&bob, Some(42)), "page:p42:u2").await.unwrap();
    let channel = fake
        .direct_channel("goldseam", "bob")
        .expect("a direct channel");
    let posts = fake.messages(&channel.id);
    assert_eq!(posts.len(), 1);
    let post = &posts[0];
    assert_eq!(receipt.provider_id.as_deref(), Some(post.id.as_str()));
    assert_eq!(post.user_id, fake.bot_id());
    assert!(post.message.contains("Checkout down"), "{}", post.message);
    assert_eq!(post.props["goldseam_delivery"], "page:p42:u2");
    let actions = post.actions();
    assert_eq!(actions.len(), 1);
    assert_eq!(
        (actions[0]["id"].as_str(), actions[0]["name"].as_str()),
        (Some("goldseamackpage"), Some("Acknowledge"))
    );
    assert_eq!(actions[0]["integration"]["url"], ACTIONS);
    let signed = ContextSigner::new(b"k")
        .verify_action(&actions[0]["integration"]["context"], Timestamp::now())
        .unwrap();
    assert_eq!(
        (signed.action.as_str(), signed.value.as_str()),
        ("goldseam_ack_page", "42")
    );

    // The next message reuses the channel; a code has no button.
    dm.send(&page(&bob, None), "verify:9").await.unwrap();
    assert_eq!(fake.calls_to("POST /channels/direct").len(), 1);
    assert_eq!(fake.calls_to("GET /users/me").len(), 1);
    let code = fake.messages(&channel.id).pop().unwrap();
    assert!(code.actions().is_empty());
    // Sent again with the same key (a retry after a timeout): no second message.
    dm.send(&page(&bob, Some(42)), "page:p42:u2").await.unwrap();
    assert_eq!(fake.messages(&channel.id).len(), 2);
}

#[tokio::test]
async fn refusals_tell_the_engine_what_to_do_next() {
    let (fake, _, dm) = start().await;
    let bob = fake.add_user("bob", "bob@example.com");
    // No such account: no retry can help, and the reason names the id to fix.
    let nobody = "ybndrfg8ejkmcpqxot1uwisza3";
    match dm.send(&page(nobody, Some(1)), "k1").await {
        Err(SendError::Permanent(why)) => assert!(why.contains(nobody), "{why}"),
        other => panic!("{other:?}"),
    }
    // Mattermost down: tried again later.
    fake.inject("POST /posts", 1, Fault::Status(502));
    assert!(matches!(
        dm.send(&page(&bob, None), "k2").await,
        Err(SendError::Retry(_))
    ));
    // A revoked token: only an admin can fix it.
    fake.set_bot_token("revoked");
    assert!(matches!(
        dm.send(&page(&bob, None), "k3").await,
        Err(SendError::Configuration(_))
    ));
    // Without the adapter the engine is told which settings to set.
    let none = Channels::default();
    let err = none
        .send(
            &Delivery::Mattermost(page(&bob, None)),
            "k4",
            Timestamp::now(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, SendError::Configuration(m) if m.contains("mattermost_bot_token")),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_page_does_not_wait_behind_an_edit_a_proxy_refuses() {
    let (fake, client, dm) = start().await;
    let bob = fake.add_user("bob", "bob@example.com");
    let chan = fake
        .create_channel(
            "goldseam",
            "incidents",
            "Incidents",
            goldseam_fakes::mattermost::ChannelType::Open,
        )
        .unwrap();
    let post = client
        .create_post(Lane::Bulk, &json!({"channel_id": chan, "message": "v1"}))
        .await
        .unwrap();
    fake.inject(
        "PUT /posts/{id}/patch",
        100,
        Fault::Throttled(Duration::from_secs(120)),
    );
    // The chat engine's edit: it may wait 10 s, so it gives up at once, saying how long.
    let edit = client.clone().with_patience(Duration::from_secs(10));
    let path = format!("/posts/{post}/patch");
    let refused = edit
        .call(
            Method::PUT,
            &path,
            Lane::Bulk,
            Some(&json!({"message": "v2"})),
        )
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("retry after 120"), "{refused}");
    // The page goes through the same (shared) client at once.
    let started = Instant::now();
    dm.send(&page(&bob, Some(7)), "page:p7").await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    // And the edit is not tried again while the proxy said to wait.
    let again = edit
        .call(
            Method::PUT,
            &path,
            Lane::Bulk,
            Some(&json!({"message": "v2"})),
        )
        .await;
    assert!(again.is_err());
    assert_eq!(fake.calls_to("PUT /posts/{id}/patch").len(), 1);
}
