//! A fake workspace with people and a channel, a client pointed at it, and a stand-in for
//! Goldseam's slash command endpoint (to get the `trigger_id`s and `response_url`s Slack hands
//! out with a command).

use goldseam_fakes::slack::{FakeSlack, SlackOptions};
use goldseam_integrations::chat::slack::client::SlackClient;
use goldseam_integrations::Secret;
use std::time::Duration;

pub const WAIT: Duration = Duration::from_secs(5);

pub async fn fake() -> FakeSlack {
    fake_with(|_| {}).await
}

pub async fn fake_with(f: impl FnOnce(&mut SlackOptions)) -> FakeSlack {
    let mut o = SlackOptions::for_tests();
    f(&mut o);
    FakeSlack::start(o).await.expect("start the fake Slack")
}

/// A client with the fake's bot token.
pub fn client(fake: &FakeSlack) -> SlackClient {
    let token = Secret::new(fake.options().bot_token);
    SlackClient::new(fake.url(), token, Duration::from_secs(5))
}

/// alice and bob, and #incidents (public, alice's) with the bot in it.
pub struct Seeded {
    pub alice: String,
    pub bob: String,
    pub channel: String,
}

pub fn seed(fake: &FakeSlack) -> Seeded {
    let alice = fake.add_user("alice", "alice@example.com");
    let bob = fake.add_user("bob", "bob@example.com");
    let channel = fake.create_channel("alice", "incidents", false);
    fake.invite("alice", "incidents", &fake.options().bot_user_id);
    Seeded {
        alice,
        bob,
        channel,
    }
}

/// Points the fake's slash command Request URL at a server that answers every command with
/// an empty 200, as Goldseam does before answering later through the `response_url`.
pub async fn accept_commands(fake: &FakeSlack) {
    let app = axum::Router::new().route("/commands", axum::routing::post(|| async { "" }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/commands", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    fake.set_request_urls(None, Some(url), None);
}
