//! Goldseam against the fake Slack workspace: the bot token for the Web API, Socket Mode by
//! default or the signed HTTP request URLs, and pages by direct message with buttons.

use super::super::common::TestApp;
use super::super::world::{server_config, Setup};
use super::Side;
use goldseam_fakes::slack::{FakeSlack, SlackOptions};
use goldseam_integrations::chat::slack::app::SlackApp;
use goldseam_integrations::{Channels, Secret, Slack, SlackConfig};
use goldseam_store::StoreOptions;
use goldseam_testdb::TestDb;
use std::time::Duration;

pub async fn start(db: &TestDb, setup: Setup) -> (TestApp, Side) {
    let slack = FakeSlack::start(SlackOptions::for_tests()).await.unwrap();
    let app = serve(db, &slack, setup).await;
    (app, Side::Slack(slack))
}

/// A Goldseam server whose Slack is `slack`.
pub async fn serve(db: &TestDb, slack: &FakeSlack, setup: Setup) -> TestApp {
    let opts = slack.options();
    let app_token = Secret::new(opts.app_token.clone());
    let channels = Channels {
        slack: Some(
            Slack::new(SlackConfig {
                base_url: slack.url().to_string(),
                bot_token: Secret::new(opts.bot_token.clone()),
                timeout: Duration::from_secs(2),
            })
            .with_buttons(),
        ),
        slack_app: Some(SlackApp {
            app_token: (!setup.http).then_some(app_token),
            signing_secret: Some(Secret::new(opts.signing_secret.clone())),
        }),
        ..Channels::default()
    };
    let config = server_config(channels, "https://goldseam.test".into());
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
