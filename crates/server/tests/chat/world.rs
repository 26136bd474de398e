//! A Goldseam server with chat on one platform, the platform's fake, and people on both
//! sides: Ada (an admin) and Bob (a member) have accounts and chat users with the same email;
//! Carol is only in chat. The tests read what Goldseam recorded through the API and what it
//! did in the workspace through the fake.

use super::common::{TestApp, TestUser};
use super::side::{Chan, Kind, Msg, Side};
use goldseam_core::chat::Platform;
use goldseam_core::{RetryPolicy, UserRole};
use goldseam_integrations::Channels;
use goldseam_server::engine::EngineConfig;
use goldseam_server::ServerConfig;
use goldseam_store::time::FixedClock;
use goldseam_testdb::TestDb;
use jiff::SignedDuration;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

/// How long anything the engine does may take in these tests (the budget is well under one
/// second; this is room for a loaded CI machine).
pub const SOON: Duration = Duration::from_secs(10);

/// What the issue promises for edits and deletions (and pages): reflected within 2 s.
pub const PROMPTLY: Duration = Duration::from_secs(2);

pub struct World {
    pub app: TestApp,
    pub chat: Side,
    pub ada: TestUser,
    pub bob: TestUser,
    /// Chat user ids.
    pub ada_chat: String,
    pub bob_chat: String,
    pub carol_chat: String,
    /// The announcement channel.
    pub announcements: String,
}

/// How a test's Goldseam is set up.
#[derive(Default, Clone)]
pub struct Setup {
    /// The store's clock (the system clock when none).
    pub clock: Option<Arc<FixedClock>>,
    /// Slack's HTTP request URLs instead of Socket Mode.
    pub http: bool,
}

impl World {
    pub async fn start(db: &TestDb, kind: Kind) -> World {
        World::start_with(db, kind, Setup::default()).await
    }

    pub async fn start_with(db: &TestDb, kind: Kind, setup: Setup) -> World {
        let (app, chat) = match kind {
            Kind::Slack => super::side::slack::start(db, setup).await,
            Kind::Mattermost => super::side::mattermost::start(db, setup).await,
        };
        World::people(app, chat).await
    }

    /// The people, the announcement channel and the settings naming it.
    async fn people(app: TestApp, chat: Side) -> World {
        // The engine follows the timeline from the newest event when it first takes its
        // lease; taking (and giving back) the lease here puts that start before anything
        // the test does, however late the engine's first step runs.
        let platform = match &chat {
            Side::Slack(_) => Platform::Slack,
            Side::Mattermost(_) => Platform::Mattermost,
        };
        let probe = "chat-test";
        app.store
            .chat_engine_lease(platform, probe, SignedDuration::ZERO)
            .await
            .unwrap();
        app.store
            .chat_engine_release(platform, probe)
            .await
            .unwrap();
        let ada = app.user("Ada", UserRole::Admin).await;
        let bob = app.user("Bob", UserRole::Member).await;
        let ada_chat = chat.add_user("ada", "ada@example.com");
        let bob_chat = chat.add_user("bob", "bob@example.com");
        let carol_chat = chat.add_user("carol", "carol@example.com");
        let announcements = match &chat {
            Side::Slack(s) => s.create_channel("ada", "incidents", false),
            Side::Mattermost(m) => super::side::mattermost::announcement_channel(m),
        };
        let r = app
            .call(
                &ada,
                reqwest::Method::PUT,
                "/api/v1/chat/settings",
                Some(json!({"announcement_channel": announcements})),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        World {
            app,
            chat,
            ada,
            bob,
            ada_chat,
            bob_chat,
            carol_chat,
            announcements,
        }
    }

    /// Stops Goldseam (as a crash or a deploy would, after what it acknowledged was stored)
    /// and starts it again on the same database and workspace.
    pub async fn restart(self, db: &TestDb) -> World {
        let old = self.app;
        old.shutdown().await;
        let app = match &self.chat {
            Side::Slack(s) => super::side::slack::serve(db, s, Setup::default()).await,
            Side::Mattermost(m) => super::side::mattermost::serve(db, m).await,
        };
        World { app, ..self }
    }

    /// The fake Slack, in Slack's own tests.
    pub fn slack(&self) -> &goldseam_fakes::slack::FakeSlack {
        match &self.chat {
            Side::Slack(s) => s,
            Side::Mattermost(_) => panic!("a Slack test runs on Slack"),
        }
    }

    /// The fake Mattermost, in Mattermost's own tests.
    pub fn mm(&self) -> &goldseam_fakes::mattermost::FakeMattermost {
        match &self.chat {
            Side::Mattermost(m) => m,
            Side::Slack(_) => panic!("a Mattermost test runs on Mattermost"),
        }
    }

    /// Polls `check` on the fake until it holds or `within` passes.
    pub async fn eventually(&self, within: Duration, check: impl Fn(&Side) -> bool) -> bool {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            if check(&self.chat) {
                return true;
            }
            if tokio::time::Instant::now() > deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Declares an incident as Ada and waits for its channel, with Ada in it; returns
    /// (reference, channel id).
    pub async fn declare(&self, title: &str, severity: &str) -> (String, String) {
        let r = self
            .app
            .declare(&self.ada, json!({"title": title, "severity": severity}))
            .await;
        let channel = self.channel_of(&r).await;
        assert!(
            self.eventually(SOON, |c| c.members(&channel.id).contains(&self.ada_chat))
                .await,
            "Ada, who declared {r}, is in its channel"
        );
        (r, channel.id)
    }

    /// Waits for the channel of incident `r`.
    pub async fn channel_of(&self, r: &str) -> Chan {
        let number: i64 = r.trim_start_matches("INC-").parse().unwrap();
        let prefix = format!("inc-{number}-");
        let find = |c: &Side| {
            c.channels()
                .into_iter()
                .find(|c| c.name.starts_with(&prefix))
        };
        assert!(
            self.eventually(SOON, |c| find(c).is_some()).await,
            "no channel was made for {r}: {:?}",
            self.chat.channels()
        );
        find(&self.chat).unwrap()
    }

    /// Waits until the bot has posted a message satisfying `check` in `channel`.
    pub async fn bot_posted(&self, channel: &str, check: impl Fn(&Msg) -> bool) -> Msg {
        let find = |c: &Side| {
            c.messages(channel)
                .into_iter()
                .find(|m| m.by_bot && check(m))
        };
        assert!(
            self.eventually(SOON, |c| find(c).is_some()).await,
            "{:#?}",
            self.chat.messages(channel)
        );
        find(&self.chat).unwrap()
    }

    /// Waits until `user` (a chat id) has been told something containing `text`.
    pub async fn told(&self, user: &str, text: &str) {
        assert!(
            self.eventually(SOON, |c| c.told(user).iter().any(|t| t.contains(text)))
                .await,
            "never told {text:?}: {:#?}",
            self.chat.told(user)
        );
    }

    /// The incident's timeline as the API shows it (Ada's view).
    pub async fn timeline(&self, r: &str) -> Vec<Value> {
        let t = self
            .app
            .get(
                &self.ada,
                &format!("/api/v1/incidents/{r}/timeline?limit=500"),
            )
            .await;
        assert_eq!(t.status, 200, "{}", t.body);
        t.body["items"].as_array().cloned().unwrap_or_default()
    }

    /// Waits until the timeline satisfies `check`.
    pub async fn wait_timeline(&self, r: &str, check: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        self.timeline_within(r, SOON, check)
            .await
            .unwrap_or_else(|items| panic!("the timeline never got there: {items:#?}"))
    }

    /// The timeline once it satisfies `check`, or as it was when `within` passed.
    pub async fn timeline_within(
        &self,
        r: &str,
        within: Duration,
        check: impl Fn(&[Value]) -> bool,
    ) -> Result<Vec<Value>, Vec<Value>> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let items = self.timeline(r).await;
            if check(&items) {
                return Ok(items);
            }
            if tokio::time::Instant::now() > deadline {
                return Err(items);
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Posts a comment in the web room as `who`; the event's id.
    pub async fn comment(&self, who: &TestUser, r: &str, body: &str) -> i64 {
        let c = self
            .app
            .post(
                who,
                &format!("/api/v1/incidents/{r}/comments"),
                json!({"body": body}),
            )
            .await;
        assert_eq!(c.status, 201, "{}", c.body);
        c.body["events"][0]["id"].as_i64().unwrap()
    }
}

/// A server whose delivery engine runs as these tests want it (quick polls and retries),
/// sending through `channels`, with links to the room under `public_url`.
pub fn server_config(channels: Channels, public_url: String) -> ServerConfig {
    ServerConfig {
        delivery: EngineConfig {
            enabled: true,
            poll: Duration::from_millis(50),
            timeout: Duration::from_secs(2),
            lease: SignedDuration::from_secs(30),
            retry: RetryPolicy {
                base: SignedDuration::from_millis(100),
                cap: SignedDuration::from_millis(200),
                max_attempts: 3,
            },
            channels,
            public_url,
            ..Default::default()
        },
        ..ServerConfig::default()
    }
}

/// The comments of a timeline: (author, body, via).
pub fn comments(items: &[Value]) -> Vec<(String, String, Option<String>)> {
    items
        .iter()
        .filter(|e| e["kind"] == "comment_added")
        .map(|e| {
            (
                e["actor"]["name"].as_str().unwrap_or_default().to_string(),
                e["data"]["body"].as_str().unwrap_or_default().to_string(),
                e["data"]["via"].as_str().map(String::from),
            )
        })
        .collect()
}
