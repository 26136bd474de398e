//! The Mattermost adapter and listener against the fake Mattermost: what the engine's calls
//! do in the team, Mattermost's errors sorted into the engine's kinds, the rate limit waited
//! out, and the WebSocket heard, dropped, and caught up with.

use goldseam_core::chat::card::{Accent, Button, ButtonAction, Card};
use goldseam_core::chat::inbound::Inbound;
use goldseam_fakes::mattermost::{ChannelType, FakeMattermost, MattermostOptions, RateLimit};
use goldseam_integrations::chat::api::{ChatApi, ChatError, Outgoing, Parsed};
use goldseam_integrations::chat::mattermost::adapter::{MattermostChat, MattermostSite};
use goldseam_integrations::chat::mattermost::client::MattermostClient;
use goldseam_integrations::chat::mattermost::context::ContextSigner;
use goldseam_integrations::chat::mattermost::socket::run_websocket;
use goldseam_integrations::Secret;
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;

const WAIT: Duration = Duration::from_secs(5);

async fn chat(fake: &FakeMattermost) -> MattermostChat {
    let client = MattermostClient::new(fake.url(), Secret::new(fake.bot_token()), WAIT);
    let bot = client.me().await.unwrap();
    assert_eq!(bot.user_id, fake.bot_id());
    let team_name = client.team_name(&fake.team_id()).await.unwrap();
    let site = MattermostSite {
        bot,
        team_id: fake.team_id(),
        team_name,
        callback_base: "https://goldseam.test".into(),
    };
    MattermostChat::new(client, site, ContextSigner::new(b"k"))
}

fn card() -> Card {
    Card {
        title: "INC-1 · Checkout down".into(),
        link: "https://goldseam.test/incidents/INC-1".into(),
        accent: Accent::Critical,
        fields: vec![("Severity".into(), "SEV1".into())],
        body: None,
        buttons: vec![Button {
            action: ButtonAction::Resolve,
            label: "Resolve".into(),
            value: "INC-1".into(),
            danger: true,
        }],
        footer: None,
    }
}

#[tokio::test]
async fn the_engines_calls_do_what_they_say_in_the_team() {
    let fake = FakeMattermost::start(MattermostOptions::default())
        .await
        .unwrap();
    let mm = chat(&fake).await;
    let ada = fake.add_user("ada", "ada@example.com");
    let gone = fake.add_user("gone", "gone@example.com");
    fake.deactivate_user("gone").unwrap();
    let c = mm
        .create_channel("inc-1-checkout-down", true)
        .await
        .unwrap();
    assert_eq!(
        fake.channel(&c.id).unwrap().channel_type,
        ChannelType::Private
    );
    assert_eq!(mm.channel_mention(&c.id), "~inc-1-checkout-down");
    assert_eq!(
        mm.create_channel("inc-1-checkout-down", false).await,
        Err(ChatError::NameTaken)
    );
    // One deactivated account does not keep the others out.
    mm.invite(&c.id, &[gone, ada.clone()]).await.unwrap();
    assert!(fake.members(&c.id).contains(&ada));
    mm.set_topic(&c.id, "INC-1 · SEV1").await.unwrap();
    assert_eq!(fake.channel(&c.id).unwrap().header, "INC-1 · SEV1");
    assert_eq!(
        mm.find_by_email("ADA@example.com").await.unwrap(),
        Some(ada.clone())
    );
    assert_eq!(mm.find_by_email("nobody@example.com").await.unwrap(), None);
    assert_eq!(mm.find_by_handle("@ada").await.unwrap(), Some(ada.clone()));
    let who = mm.user(&ada).await.unwrap();
    assert_eq!(
        (who.name.as_str(), who.email.as_deref()),
        ("ada", Some("ada@example.com"))
    );
    // A card is an attachment whose button carries a signed context to Goldseam.
    let id = mm.post(&Outgoing::card(&c.id, card())).await.unwrap();
    let post = fake.post(&id).unwrap();
    let action = &post.actions()[0];
    assert_eq!(
        action["integration"]["url"],
        "https://goldseam.test/api/v1/integrations/mattermost/actions"
    );
    assert_eq!(action["integration"]["context"]["value"], "INC-1");
    // A comment shows under its author's name, in its thread.
    let mut comment = Outgoing::text(&c.id, "Confirmed");
    comment.as_person = Some("Bob".into());
    comment.thread = Some(id.clone());
    let reply = mm.post(&comment).await.unwrap();
    let reply = fake.post(&reply).unwrap();
    assert_eq!(
        (reply.root_id.as_str(), &reply.props["override_username"]),
        (id.as_str(), &json!("Bob"))
    );
    mm.update(&c.id, &reply.id, &Outgoing::text(&c.id, "Confirmed twice"))
        .await
        .unwrap();
    assert_eq!(fake.post(&reply.id).unwrap().message, "Confirmed twice");
    mm.pin(&c.id, &reply.id).await.unwrap();
    assert!(fake.post(&reply.id).unwrap().is_pinned);
    mm.unpin(&c.id, &reply.id).await.unwrap();
    // Someone's own message cannot be edited by the bot: refused, and the engine says so.
    let theirs = fake.say("ada", &c.id, "mine").unwrap();
    assert!(matches!(
        mm.update(&c.id, &theirs, &Outgoing::text(&c.id, "x")).await,
        Err(ChatError::Refused(_))
    ));
    mm.ephemeral(&c.id, &ada, "Only you").await.unwrap();
    assert_eq!(fake.ephemerals_for("ada")[0].post.message, "Only you");
    // Deleting and archiving twice is fine.
    mm.delete(&c.id, &reply.id).await.unwrap();
    mm.delete(&c.id, &reply.id).await.unwrap();
    mm.archive(&c.id).await.unwrap();
    mm.archive(&c.id).await.unwrap();
    assert!(fake.channel(&c.id).unwrap().delete_at > 0);
    // A revoked token is for an admin to fix.
    fake.set_bot_token("another");
    assert!(matches!(
        mm.user(&ada).await,
        Err(ChatError::Credentials(_))
    ));
}

#[tokio::test]
async fn the_rate_limit_is_waited_out_and_past_patience_it_says_how_long() {
    let fake = FakeMattermost::start(MattermostOptions::default())
        .await
        .unwrap();
    fake.set_rate_limit(Some(RateLimit {
        per_sec: 10,
        max_burst: 2,
    }));
    let client = MattermostClient::new(fake.url(), Secret::new(fake.bot_token()), WAIT);
    for _ in 0..8 {
        client
            .me()
            .await
            .expect("every call gets through, waiting its turn");
    }
    let refused = fake
        .calls_to("GET /users/me")
        .iter()
        .filter(|c| c.status == 429)
        .count();
    assert!(refused <= 2, "{refused} calls bounced off the limit");
    // Retry-After is whole seconds: a call that may not wait that long gives up and says so.
    fake.set_rate_limit(Some(RateLimit {
        per_sec: 1,
        max_burst: 0,
    }));
    let impatient = client.clone().with_patience(Duration::from_millis(100));
    let _ = impatient.me().await;
    match impatient.me().await {
        Err(e) => assert!(
            matches!(ChatError::from(e), ChatError::Limited(d) if d >= Duration::from_millis(100))
        ),
        Ok(_) => panic!("the second call within a second is limited"),
    }
}

type Heard = Arc<Mutex<Vec<Parsed>>>;

fn listen(
    fake: &FakeMattermost,
    channels: Vec<String>,
    fail_once: bool,
) -> (Heard, watch::Sender<bool>) {
    let heard: Heard = Arc::default();
    let (stop, stopped) = watch::channel(false);
    let client = MattermostClient::new(fake.url(), Secret::new(fake.bot_token()), WAIT);
    let (bot, h) = (fake.bot_id(), heard.clone());
    let failed = Arc::new(Mutex::new(!fail_once));
    tokio::spawn(async move {
        let handler = move |parsed: Vec<Parsed>| {
            let (h, failed) = (h.clone(), failed.clone());
            async move {
                let mut f = failed.lock().unwrap();
                let is_message = parsed
                    .iter()
                    .any(|p| matches!(p.inbound, Inbound::Message { .. }));
                if !*f && is_message {
                    *f = true;
                    return Err("the database is down".to_string());
                }
                h.lock().unwrap().extend(parsed);
                Ok(())
            }
        };
        let channels = move || {
            let c = channels.clone();
            async move { Ok(c) }
        };
        run_websocket(client, &bot, handler, channels, stopped).await;
    });
    (heard, stop)
}

fn messages(heard: &Heard) -> Vec<String> {
    heard
        .lock()
        .unwrap()
        .iter()
        .filter_map(|p| match &p.inbound {
            Inbound::Message { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

async fn until(check: impl Fn() -> bool) -> bool {
    let deadline = tokio::time::Instant::now() + WAIT;
    while tokio::time::Instant::now() < deadline {
        if check() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    check()
}

#[tokio::test]
async fn the_websocket_is_heard_and_what_it_missed_or_failed_to_keep_is_read_again() {
    let fake = FakeMattermost::start(MattermostOptions::default())
        .await
        .unwrap();
    fake.add_user("ada", "ada@example.com");
    let c = fake
        .create_channel("ada", "inc-1", "INC-1", ChannelType::Open)
        .unwrap();
    fake.join(&fake.bot_id(), &c, Some("ada")).unwrap();
    // The first message fails to be kept: the link drops and the catch-up reads it again.
    let (heard, stop) = listen(&fake, vec![c.clone()], true);
    assert!(fake.wait_for_connections(1, WAIT).await);
    fake.say("ada", &c, "first").unwrap();
    assert!(
        until(|| messages(&heard) == ["first"]).await,
        "{:?}",
        messages(&heard)
    );
    // Missed while the server dropped every link.
    assert!(fake.wait_for_connections(1, WAIT).await);
    fake.drop_websockets();
    fake.say("ada", &c, "missed").unwrap();
    assert!(until(|| messages(&heard).contains(&"missed".to_string())).await);
    fake.say("ada", &c, "live").unwrap();
    assert!(until(|| messages(&heard).contains(&"live".to_string())).await);
    // Each once, in order (the catch-up's repeats carry the same ids for the inbox to drop).
    let mut ids: Vec<String> = heard
        .lock()
        .unwrap()
        .iter()
        .filter(|p| matches!(p.inbound, Inbound::Message { .. }))
        .map(|p| p.dedup_id.clone())
        .collect();
    let said: Vec<String> = messages(&heard);
    let mut unique = said.clone();
    unique.dedup();
    assert_eq!(unique, ["first", "missed", "live"], "{said:?}");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3);
    let _ = stop.send(true);
}

#[tokio::test]
async fn a_refused_token_keeps_trying_without_hearing_anything() {
    let fake = FakeMattermost::start(MattermostOptions::default())
        .await
        .unwrap();
    let client = MattermostClient::new(fake.url(), Secret::new("wrong"), WAIT);
    let (stop, stopped) = watch::channel(false);
    let task = tokio::spawn(async move {
        let handler = |_: Vec<Parsed>| async { Ok(()) };
        let channels = || async { Ok(Vec::new()) };
        run_websocket(client, "bot", handler, channels, stopped).await;
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(fake.ws_connections(), 0);
    let _ = stop.send(true);
    tokio::time::timeout(WAIT, task)
        .await
        .expect("stops on shutdown")
        .unwrap();
}
