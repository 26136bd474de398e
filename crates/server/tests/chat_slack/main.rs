//! Goldseam as a Slack app, end to end: a real server and its chat engine against the fake
//! Slack workspace (Socket Mode by default), on both databases. People act in the fake as they
//! would in Slack; the tests read what Goldseam recorded through the API and what it did in
//! the workspace through the fake.

mod announce;
mod commands;
#[path = "../common/mod.rs"]
mod common;
mod home;
mod interact;
mod mirror;
mod paging;
mod transports;
mod upkeep;

use common::{TestApp, TestUser};
use goldseam_core::{RetryPolicy, UserRole};
use goldseam_fakes::slack::{FakeSlack, SlackOptions};
use goldseam_integrations::chat::slack::app::SlackApp;
use goldseam_integrations::{Channels, Secret, Slack, SlackConfig};
use goldseam_server::engine::EngineConfig;
use goldseam_server::ServerConfig;
use goldseam_store::time::FixedClock;
use goldseam_store::StoreOptions;
use goldseam_testdb::TestDb;
use jiff::SignedDuration;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

/// How long anything the engine does may take in these tests (the budget is well under one
/// second; this is slack for a loaded CI machine).
pub const SOON: Duration = Duration::from_secs(10);

/// A Goldseam server with Slack chat, the fake workspace, and people on both sides.
pub struct World {
    pub app: TestApp,
    pub slack: FakeSlack,
    /// An admin, `ada@example.com`, who is `ada` in Slack too.
    pub ada: TestUser,
    pub ada_slack: String,
    /// A member, `bob@example.com`, who is `bob` in Slack too.
    pub bob: TestUser,
    pub bob_slack: String,
    /// Someone in Slack with no Goldseam account.
    pub carol_slack: String,
    /// The announcement channel.
    pub announcements: String,
}

/// How a test's Goldseam is set up.
#[derive(Default)]
pub struct Setup {
    /// The store's clock (the system clock when none).
    pub clock: Option<Arc<FixedClock>>,
    /// Slack's HTTP request URLs instead of Socket Mode.
    pub http: bool,
}

impl World {
    /// Starts both, with `options` for the fake, over Socket Mode.
    pub async fn start(db: &TestDb, options: SlackOptions) -> World {
        World::start_with(db, options, Setup::default()).await
    }

    /// Starts both as `setup` says.
    pub async fn start_with(db: &TestDb, options: SlackOptions, setup: Setup) -> World {
        let slack = FakeSlack::start(options).await.unwrap();
        let app = serve(db, &slack, setup).await;
        let ada = app.user("Ada", UserRole::Admin).await;
        let bob = app.user("Bob", UserRole::Member).await;
        let ada_slack = slack.add_user("ada", "ada@example.com");
        let bob_slack = slack.add_user("bob", "bob@example.com");
        let carol_slack = slack.add_user("carol", "carol@example.com");
        let announcements = slack.create_channel("ada", "incidents", false);
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
            slack,
            ada,
            ada_slack,
            bob,
            bob_slack,
            carol_slack,
            announcements,
        }
    }

    /// Stops Goldseam (gracefully, as a deploy would) and starts it again on the same database
    /// and workspace.
    pub async fn restart(self, db: &TestDb) -> World {
        let World {
            app,
            slack,
            ada,
            ada_slack,
            bob,
            bob_slack,
            carol_slack,
            announcements,
        } = self;
        app.shutdown().await;
        let app = serve(db, &slack, Setup::default()).await;
        World {
            app,
            slack,
            ada,
            ada_slack,
            bob,
            bob_slack,
            carol_slack,
            announcements,
        }
    }

    /// Declares an incident as Ada and waits for its channel; returns (reference, channel id).
    pub async fn declare(&self, title: &str, severity: &str) -> (String, String) {
        let r = self
            .app
            .declare(&self.ada, json!({"title": title, "severity": severity}))
            .await;
        let number: i64 = r.trim_start_matches("INC-").parse().unwrap();
        let prefix = format!("inc-{number}-");
        assert!(
            self.slack
                .wait_for(SOON, |s| s
                    .channels()
                    .iter()
                    .any(|c| c.name.starts_with(&prefix)))
                .await,
            "no channel was made for {r}: {:?}",
            self.slack.channels()
        );
        let channel = self
            .slack
            .channels()
            .into_iter()
            .find(|c| c.name.starts_with(&prefix))
            .unwrap()
            .id;
        assert!(
            self.slack
                .wait_for(SOON, |s| s.members(&channel).contains(&self.ada_slack))
                .await,
            "Ada, who declared {r}, is invited"
        );
        (r, channel)
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
}

/// A Goldseam server whose Slack is `slack`.
async fn serve(db: &TestDb, slack: &FakeSlack, setup: Setup) -> TestApp {
    let opts = slack.options();
    let app_token = Secret::new(opts.app_token.clone());
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
            slack: Some(
                Slack::new(SlackConfig {
                    base_url: slack.url().to_string(),
                    bot_token: Secret::new(opts.bot_token.clone()),
                    timeout: Duration::from_secs(2),
                })
                .with_buttons(),
            ),
            slack_app: Some(SlackApp {
                base_url: slack.url().to_string(),
                app_token: (!setup.http).then_some(app_token),
                signing_secret: Some(Secret::new(opts.signing_secret.clone())),
            }),
            ..Channels::default()
        },
        public_url: "https://goldseam.test".into(),
        ..Default::default()
    };
    let config = ServerConfig {
        delivery,
        ..ServerConfig::default()
    };
    let mut store = StoreOptions::new(&db.url);
    if let Some(clock) = setup.clock {
        store.clock = clock;
    }
    let app = TestApp::spawn_full(db, config, store).await;
    if setup.http {
        let url = |path: &str| Some(app.url(&format!("/api/v1/integrations/slack/{path}")));
        slack.set_request_urls(url("events"), url("commands"), url("interactions"));
    }
    app
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

use announce::{
    a_burst_of_changes_makes_few_edits_and_ends_in_the_last_state,
    a_private_incident_is_never_announced, an_incident_is_announced_and_gets_its_channel,
};
use commands::{commands_in_the_channel_change_the_incident, unknown_commands_get_their_usage};
use home::{
    incident_links_unfurl_and_private_ones_only_as_restricted,
    someone_without_an_account_sees_why_their_home_is_empty,
    the_home_lists_my_open_incidents_and_who_is_on_call,
};
use interact::{
    a_button_clicked_twice_is_handled_once, the_declare_form_shows_mistakes_and_declares,
};
use mirror::{
    edits_deletes_threads_and_pins_follow_both_ways,
    messages_become_comments_and_comments_messages_without_echo,
    someone_without_an_account_is_told_and_nothing_is_recorded,
};
use paging::a_page_lands_while_announcement_edits_are_refused_and_is_acknowledged_by_button;
use transports::{
    an_event_acknowledged_before_a_restart_is_processed_once,
    slack_down_makes_work_wait_and_nothing_is_lost,
    the_http_request_urls_take_signed_requests_only,
};
use upkeep::the_incident_manager_is_reminded_and_channels_archived;

goldseam_testdb::on_both_databases!(
    an_incident_is_announced_and_gets_its_channel,
    a_burst_of_changes_makes_few_edits_and_ends_in_the_last_state,
    a_private_incident_is_never_announced,
    messages_become_comments_and_comments_messages_without_echo,
    edits_deletes_threads_and_pins_follow_both_ways,
    someone_without_an_account_is_told_and_nothing_is_recorded,
    commands_in_the_channel_change_the_incident,
    unknown_commands_get_their_usage,
    a_button_clicked_twice_is_handled_once,
    the_declare_form_shows_mistakes_and_declares,
    the_incident_manager_is_reminded_and_channels_archived,
    the_http_request_urls_take_signed_requests_only,
    slack_down_makes_work_wait_and_nothing_is_lost,
    an_event_acknowledged_before_a_restart_is_processed_once,
    a_page_lands_while_announcement_edits_are_refused_and_is_acknowledged_by_button,
    the_home_lists_my_open_incidents_and_who_is_on_call,
    someone_without_an_account_sees_why_their_home_is_empty,
    incident_links_unfurl_and_private_ones_only_as_restricted,
);
