//! Goldseam against the fake Mattermost: the bot's token, the `/inc` command registered at
//! Goldseam's address with its token, buttons and dialogs calling back there, and the
//! WebSocket for what people post.

use super::super::common::TestApp;
use super::super::world::{server_config, Setup, SOON};
use super::Side;
use goldseam_fakes::mattermost::{ChannelType, FakeMattermost, MattermostOptions};
use goldseam_integrations::chat::mattermost::app::MattermostApp;
use goldseam_integrations::{Channels, Secret};
use goldseam_store::StoreOptions;
use goldseam_testdb::TestDb;
use std::time::Duration;

pub async fn start(db: &TestDb, setup: Setup) -> (TestApp, Side) {
    assert!(!setup.http, "Mattermost has no HTTP event transport");
    let mm = FakeMattermost::start(MattermostOptions::default())
        .await
        .unwrap();
    let app = serve(db, &mm).await;
    (app, Side::Mattermost(mm))
}

/// A Goldseam server whose Mattermost is `mm`, with `/inc` pointing at it; waits until its
/// bot listens on the WebSocket (after a restart, once the old link has closed).
pub async fn serve(db: &TestDb, mm: &FakeMattermost) -> TestApp {
    assert!(
        mm.wait_until(SOON, |m| m.ws_connections() == 0).await,
        "a stopped Goldseam's WebSocket closes"
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let command_token = mm.add_command(
        "inc",
        &format!("{base}/api/v1/integrations/mattermost/commands"),
    );
    let channels = Channels {
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
    };
    let config = server_config(channels, base);
    let app = TestApp::spawn_on(listener, config, StoreOptions::new(&db.url)).await;
    assert!(
        mm.wait_for_connections(1, SOON).await,
        "Goldseam's bot listens on the WebSocket"
    );
    app
}

/// The company's `incidents` channel, with Bob and the bot in it.
pub fn announcement_channel(mm: &FakeMattermost) -> String {
    let c = mm
        .create_channel("ada", "incidents", "Incidents", ChannelType::Open)
        .unwrap();
    mm.join("bob", &c, None).unwrap();
    mm.join(&mm.bot_id(), &c, Some("ada")).unwrap();
    c
}
