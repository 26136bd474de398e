//! Socket Mode against the fake Slack: envelopes after a person speaks, acks only once the
//! handler kept the envelope (an error means Slack sends it again), replies to commands in
//! the ack, reconnecting after `disconnect` or an outage, and stopping on shutdown.

use goldseam_core::chat::inbound::Inbound;
use goldseam_fakes::slack::{ClickOn, Down, FakeSlack, Outcome, SlackOptions};
use goldseam_integrations::chat::slack::client::SlackClient;
use goldseam_integrations::chat::slack::socket::{
    run_socket_mode, socket_envelope_parsed, SocketEnvelope,
};
use goldseam_integrations::Secret;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

const WAIT: Duration = Duration::from_secs(5);
const BOT: &str = "U0FAKEBOT1";

/// The handler's side: what it got, how many envelopes it refuses next, what it answers.
#[derive(Clone, Default)]
struct Handler {
    got: Arc<Mutex<Vec<SocketEnvelope>>>,
    refuse: Arc<Mutex<usize>>,
    reply: Arc<Mutex<Option<Value>>>,
}

impl Handler {
    fn got(&self) -> Vec<SocketEnvelope> {
        self.got.lock().unwrap().clone()
    }

    /// What it got, read, without the ignored.
    fn inbound(&self) -> Vec<Inbound> {
        self.got()
            .iter()
            .map(|e| socket_envelope_parsed(e, BOT).inbound)
            .filter(|i| !matches!(i, Inbound::Ignored { .. }))
            .collect()
    }
}

struct Running {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

fn start(fake: &FakeSlack, app_token: &str, h: &Handler) -> Running {
    let (stop, shutdown) = watch::channel(false);
    let (url, token, h) = (fake.url().to_string(), Secret::new(app_token), h.clone());
    let task = tokio::spawn(async move {
        let handler = move |env: SocketEnvelope| {
            let h = h.clone();
            async move {
                h.got.lock().unwrap().push(env);
                let mut refuse = h.refuse.lock().unwrap();
                if *refuse > 0 {
                    *refuse -= 1;
                    return Err("the database is down".to_string());
                }
                Ok(h.reply.lock().unwrap().clone())
            }
        };
        let client = SlackClient::new(&url, Secret::new("xoxb-unused"), Duration::from_secs(5));
        run_socket_mode(&client, token, handler, shutdown).await
    });
    Running { stop, task }
}

async fn fake() -> FakeSlack {
    FakeSlack::start(SlackOptions::for_tests()).await.unwrap()
}

/// alice in #incidents with the bot; the channel's id.
fn seeded(fake: &FakeSlack) -> String {
    fake.add_user("alice", "alice@example.com");
    let ch = fake.create_channel("alice", "incidents", false);
    fake.invite("alice", "incidents", BOT);
    ch
}

async fn wait(fake: &FakeSlack, what: &str, check: impl Fn(&FakeSlack) -> bool) {
    assert!(fake.wait_for(WAIT, check).await, "waited for {what}");
}

fn acked(fake: &FakeSlack) -> usize {
    fake.deliveries().iter().filter(|d| d.succeeded()).count()
}

#[tokio::test]
async fn an_event_after_say_arrives_and_is_acked() {
    let fake = fake().await;
    let ch = seeded(&fake);
    let h = Handler::default();
    let run = start(&fake, &fake.options().app_token, &h);
    let ts = fake.say("alice", &ch, "db is down");
    // The bot's channel_join and member_joined_channel waited for the link, then the message.
    wait(&fake, "three acks", |f| acked(f) == 3).await;
    let env = h.got().pop().unwrap();
    assert_eq!((env.kind.as_str(), env.retry_attempt), ("events_api", 0));
    let parsed = socket_envelope_parsed(&env, BOT);
    assert_eq!(
        Some(parsed.dedup_id.as_str()),
        env.payload["event_id"].as_str()
    );
    assert!(
        matches!(parsed.inbound, Inbound::Message { ts: t, text, .. } if t == ts && text == "db is down")
    );
    let last = fake.deliveries().pop().unwrap();
    assert_eq!(
        (last.transport, last.outcome),
        ("socket", Outcome::Acked(Value::Null))
    );
    assert_eq!(fake.calls("apps.connections.open").len(), 1);
    run.stop.send(true).unwrap();
    run.task.await.unwrap();
}

#[tokio::test]
async fn a_handler_error_leaves_the_envelope_unacked_and_slack_sends_it_again() {
    let fake = fake().await;
    let ch = seeded(&fake);
    let h = Handler::default();
    let run = start(&fake, &fake.options().app_token, &h);
    wait(&fake, "the joins acked", |f| acked(f) == 2).await;
    *h.refuse.lock().unwrap() = 1;
    fake.say("alice", &ch, "db is down");
    wait(&fake, "the retry acked", |f| acked(f) == 3).await;
    let d = fake.deliveries();
    let (first, again) = (&d[2], &d[3]);
    assert_eq!(first.outcome, Outcome::TimedOut, "no ack after an error");
    assert_eq!(
        (again.attempt, again.retry_reason.as_deref()),
        (1, Some("timeout"))
    );
    assert_eq!(again.event_id, first.event_id);
    assert_ne!(again.envelope_id, first.envelope_id);
    let got = h.got();
    assert_eq!(got[3].retry_attempt, 1);
    let ids: Vec<_> = got[2..]
        .iter()
        .map(|e| socket_envelope_parsed(e, BOT).dedup_id)
        .collect();
    assert_eq!(ids[0], ids[1], "the same event, to be stored once");
    run.stop.send(true).unwrap();
    run.task.await.unwrap();
}

#[tokio::test]
async fn a_command_is_answered_in_its_ack_and_a_click_arrives() {
    let fake = fake().await;
    let ch = seeded(&fake);
    let h = Handler::default();
    let run = start(&fake, &fake.options().app_token, &h);
    wait(&fake, "a link", |f| f.socket_connections() == 1).await;
    *h.reply.lock().unwrap() = Some(json!({"text": "Opening the form…"}));
    let reply = fake
        .slash_command("alice", &ch, "/inc", "help")
        .await
        .unwrap();
    assert_eq!(reply.json["text"], "Opening the form…");
    let env = h
        .got()
        .into_iter()
        .find(|e| e.kind == "slash_commands")
        .unwrap();
    let parsed = socket_envelope_parsed(&env, BOT);
    assert_eq!(parsed.dedup_id, format!("env:{}", env.envelope_id));
    assert!(
        matches!(parsed.inbound, Inbound::Command { command, text, trigger_id: Some(_), .. } if command == "/inc" && text == "help")
    );
    *h.reply.lock().unwrap() = None;
    let blocks = json!([{"type": "actions", "block_id": "b", "elements": [{"type": "button",
        "action_id": "join", "value": "INC-4", "text": {"type": "plain_text", "text": "Join"}}]}]);
    let posted: Value = reqwest::Client::new()
        .post(format!("{}/api/chat.postMessage", fake.url()))
        .bearer_auth(fake.options().bot_token)
        .json(&json!({"channel": ch, "text": "INC-4", "blocks": blocks}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ts = posted["ts"].as_str().unwrap().to_string();
    let on = ClickOn::Message {
        channel: ch.clone(),
        ts: ts.clone(),
    };
    fake.click("alice", on, "join", "INC-4").await.unwrap();
    let env = h
        .got()
        .into_iter()
        .find(|e| e.kind == "interactive")
        .unwrap();
    let parsed = socket_envelope_parsed(&env, BOT);
    assert_eq!(parsed.dedup_id, format!("env:{}", env.envelope_id));
    assert!(
        matches!(parsed.inbound, Inbound::Action { action_id, value, message_ts: Some(t), .. } if action_id == "join" && value == "INC-4" && t == ts)
    );
    run.stop.send(true).unwrap();
    run.task.await.unwrap();
}

#[tokio::test]
async fn it_reconnects_after_disconnect_and_after_an_outage() {
    let fake = fake().await;
    let ch = seeded(&fake);
    let h = Handler::default();
    let run = start(&fake, &fake.options().app_token, &h);
    wait(&fake, "a link", |f| f.socket_connections() == 1).await;
    let opens = |f: &FakeSlack| f.calls("apps.connections.open").len();
    for (n, reason) in ["refresh_requested", "warning", "link_disabled"]
        .iter()
        .enumerate()
    {
        fake.disconnect(reason);
        wait(&fake, "a new link", |f| {
            opens(f) == n + 2 && f.socket_connections() == 1
        })
        .await;
    }
    fake.say("alice", &ch, "after the refreshes");
    wait(&fake, "the message", |_| h.inbound().len() == 1).await;
    // Slack down: the link drops and reconnecting fails until it is back.
    fake.set_down(Down::Unavailable);
    wait(&fake, "the link dropped", |f| f.socket_connections() == 0).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    fake.set_down(Down::Up);
    wait(&fake, "a link again", |f| f.socket_connections() == 1).await;
    fake.say("alice", &ch, "after the outage");
    wait(&fake, "the message", |_| h.inbound().len() == 2).await;
    run.stop.send(true).unwrap();
    run.task.await.unwrap();
}

#[tokio::test]
async fn shutdown_closes_the_link_and_ends_the_loop() {
    let fake = fake().await;
    let h = Handler::default();
    let run = start(&fake, &fake.options().app_token, &h);
    wait(&fake, "a link", |f| f.socket_connections() == 1).await;
    run.stop.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(2), run.task)
        .await
        .expect("stops promptly")
        .unwrap();
    wait(&fake, "the link closed", |f| f.socket_connections() == 0).await;
    // While waiting to retry a refused token, too.
    let run = start(&fake, "xapp-not-the-token", &h);
    wait(&fake, "a refused open", |f| {
        f.calls("apps.connections.open")
            .iter()
            .any(|c| c.error() == Some("invalid_auth"))
    })
    .await;
    run.stop.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(2), run.task)
        .await
        .expect("stops promptly")
        .unwrap();
    assert_eq!(fake.socket_connections(), 0);
}

/// Slack's links are `wss://`: the TLS client is built in (rustls, one crypto provider), so a
/// handshake with something that is not TLS fails as an error, not a panic.
#[tokio::test]
async fn wss_links_go_through_tls() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            use tokio::io::AsyncWriteExt;
            let _ = s.write_all(b"HTTP/1.1 400 Not TLS\r\n\r\n").await;
        }
    });
    let e = tokio_tungstenite::connect_async(format!("wss://localhost:{port}/link"))
        .await
        .expect_err("not a TLS server");
    // rustls read the plain HTTP answer and refused it as a TLS record.
    let text = e.to_string();
    assert!(text.contains("corrupt message"), "{text}");
}
