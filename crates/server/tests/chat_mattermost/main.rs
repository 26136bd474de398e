//! Goldseam with Mattermost, end to end: a real server and its chat engine against the fake
//! Mattermost (REST v4, the WebSocket, the `/inc` slash command, buttons and dialogs), on both
//! databases. People act in the fake as they would in Mattermost; the tests read what
//! Goldseam recorded through the API and what it did in the team through the fake.

mod announce;
mod buttons;
mod commands;
#[path = "../common/mod.rs"]
mod common;
mod mirror;

use common::{TestApp, TestUser};
use goldseam_core::{RetryPolicy, UserRole};
use goldseam_fakes::mattermost::{ChannelType, FakeMattermost, MattermostOptions, Post};
use goldseam_integrations::chat::mattermost::app::MattermostApp;
use goldseam_integrations::{Channels, Secret};
use goldseam_server::engine::EngineConfig;
use goldseam_server::ServerConfig;
use goldseam_store::StoreOptions;
use goldseam_testdb::TestDb;
use jiff::SignedDuration;
use serde_json::{json, Value};
use std::time::Duration;

/// How long anything the engine does may take in these tests (the budget is well under one
/// second; this is room for a loaded CI machine).
pub const SOON: Duration = Duration::from_secs(10);

/// A Goldseam server with Mattermost chat, the fake Mattermost, and people on both sides.
pub struct World {
    pub app: TestApp,
    pub mm: FakeMattermost,
    /// An admin, `ada@example.com`, who is `ada` in Mattermost too.
    pub ada: TestUser,
    pub ada_mm: String,
    /// A member, `bob@example.com`, who is `bob` in Mattermost too.
    pub bob: TestUser,
    pub bob_mm: String,
    /// Someone in Mattermost with no Goldseam account.
    pub carol_mm: String,
    /// The announcement channel.
    pub announcements: String,
}

impl World {
    /// Starts both: the `/inc` command registered at Goldseam's address with its token, the
    /// bot in the company's `incidents` channel, which is the announcement channel.
    pub async fn start(db: &TestDb) -> World {
        let mm = FakeMattermost::start(MattermostOptions::default())
            .await
            .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let command_token = mm.add_command(
            "inc",
            &format!("{base}/api/v1/integrations/mattermost/commands"),
        );
        let delivery = EngineConfig {
            enabled: true,
            poll: Duration::from_millis(50),
            timeout: Duration::from_secs(2),
            lease: SignedDuration::from_secs(30),
            retry: RetryPolicy {
                base: SignedDuration::from_millis(100),
                cap: SignedDuration::from_millis(200),
                max_attempts: 3,
            },
            channels: Channels {
                mattermost: Some(MattermostApp {
                    url: mm.url().to_string(),
                    bot_token: Secret::new(mm.bot_token()),
                    team_id: mm.team_id(),
                    command_token: Some(Secret::new(command_token)),
                    // Derived from the installation's secret key, as by default.
                    action_secret: None,
                    timeout: Duration::from_secs(2),
                }),
                ..Channels::default()
            },
            public_url: base,
            ..Default::default()
        };
        let config = ServerConfig {
            delivery,
            ..ServerConfig::default()
        };
        let app = TestApp::spawn_on(listener, config, StoreOptions::new(&db.url)).await;
        let ada = app.user("Ada", UserRole::Admin).await;
        let bob = app.user("Bob", UserRole::Member).await;
        let ada_mm = mm.add_user("ada", "ada@example.com");
        let bob_mm = mm.add_user("bob", "bob@example.com");
        let carol_mm = mm.add_user("carol", "carol@example.com");
        let announcements = mm
            .create_channel("ada", "incidents", "Incidents", ChannelType::Open)
            .unwrap();
        mm.join("bob", &announcements, None).unwrap();
        mm.join(&mm.bot_id(), &announcements, Some("ada")).unwrap();
        let r = app
            .call(
                &ada,
                reqwest::Method::PUT,
                "/api/v1/chat/settings",
                Some(json!({"announcement_channel": announcements})),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(
            mm.wait_for_connections(1, SOON).await,
            "Goldseam's bot listens on the WebSocket"
        );
        World {
            app,
            mm,
            ada,
            ada_mm,
            bob,
            bob_mm,
            carol_mm,
            announcements,
        }
    }

    /// Declares an incident as Ada and waits for its channel; returns (reference, channel id).
    pub async fn declare(&self, title: &str, severity: &str) -> (String, String) {
        let r = self
            .app
            .declare(&self.ada, json!({"title": title, "severity": severity}))
            .await;
        let channel = self.channel_of(&r).await;
        assert!(
            self.mm
                .wait_until(SOON, |m| m.members(&channel).contains(&self.ada_mm))
                .await,
            "Ada, who declared {r}, is added"
        );
        (r, channel)
    }

    /// Waits for the channel of incident `r` and returns its id.
    pub async fn channel_of(&self, r: &str) -> String {
        let number: i64 = r.trim_start_matches("INC-").parse().unwrap();
        let prefix = format!("inc-{number}-");
        let find = |m: &FakeMattermost| {
            m.channels()
                .into_iter()
                .find(|c| c.name.starts_with(&prefix))
                .map(|c| c.id)
        };
        assert!(
            self.mm.wait_until(SOON, |m| find(m).is_some()).await,
            "no channel was made for {r}: {:?}",
            self.mm.channels()
        );
        find(&self.mm).unwrap()
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
        let deadline = tokio::time::Instant::now() + SOON;
        loop {
            let items = self.timeline(r).await;
            if check(&items) {
                return items;
            }
            if tokio::time::Instant::now() > deadline {
                panic!("the timeline never got there: {items:#?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until `user` has been shown an ephemeral post containing `text`.
    pub async fn told(&self, user: &str, text: &str) -> bool {
        self.mm
            .wait_until(SOON, |m| {
                m.ephemerals_for(user)
                    .iter()
                    .any(|e| e.post.message.contains(text))
            })
            .await
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

/// A post's first attachment, as the bot sent it.
pub fn attachment(p: &Post) -> Value {
    p.props
        .get("attachments")
        .and_then(|a| a.get(0))
        .cloned()
        .unwrap_or_default()
}

use announce::{
    a_burst_of_changes_makes_few_edits_and_ends_in_the_last_state,
    a_private_incident_is_never_announced, an_incident_is_announced_and_gets_its_channel,
};
use buttons::{a_button_clicked_twice_is_handled_once, a_forged_or_expired_button_changes_nothing};
use commands::{
    commands_in_the_channel_change_the_incident, the_declare_dialog_declares_and_shows_mistakes,
    unknown_commands_get_their_usage,
};
use mirror::{
    edits_deletes_threads_and_pins_follow_both_ways,
    messages_become_comments_and_comments_messages_without_echo,
    messages_missed_while_the_websocket_was_away_are_caught_up,
    someone_without_an_account_is_told_and_nothing_is_recorded,
};

goldseam_testdb::on_both_databases!(
    an_incident_is_announced_and_gets_its_channel,
    a_burst_of_changes_makes_few_edits_and_ends_in_the_last_state,
    a_private_incident_is_never_announced,
    messages_become_comments_and_comments_messages_without_echo,
    edits_deletes_threads_and_pins_follow_both_ways,
    someone_without_an_account_is_told_and_nothing_is_recorded,
    messages_missed_while_the_websocket_was_away_are_caught_up,
    commands_in_the_channel_change_the_incident,
    unknown_commands_get_their_usage,
    the_declare_dialog_declares_and_shows_mistakes,
    a_button_clicked_twice_is_handled_once,
    a_forged_or_expired_button_changes_nothing,
);
