//! The chat settings API: admins replace the settings whole; a mistake names its field (a
//! severity's channel by its path) and nothing is saved; members may read but not change them.

use super::common::TestApp;
use goldseam_core::UserRole;
use goldseam_testdb::TestDb;
use reqwest::Method;
use serde_json::{json, Value};

pub async fn mistakes_name_their_field_and_change_nothing(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ada = app.user("Ada", UserRole::Admin).await;
    let bob = app.user("Bob", UserRole::Member).await;
    let path = "/api/v1/chat/settings";
    let defaults = app.get(&bob, path).await;
    assert_eq!(defaults.status, 200, "{}", defaults.body);
    assert_eq!(defaults.body["incident_channels"], true);
    let good = json!({"announcement_channel": "C024BE91L", "announcement_channels": {"SEV1": "C0SEV1"},
                      "channel_name_template": "inc-{number}-{title}", "pin_emoji": "pushpin",
                      "incident_channels": true, "archive_after_days": 3});
    let saved = app.call(&ada, Method::PUT, path, Some(good.clone())).await;
    assert_eq!(saved.status, 200, "{}", saved.body);

    let refused = |change: Value, field: &'static str| {
        let mut body = good.clone();
        body.as_object_mut()
            .unwrap()
            .extend(change.as_object().unwrap().clone());
        (body, field)
    };
    for (body, field) in [
        refused(
            json!({"announcement_channel": "#incidents"}),
            "announcement_channel",
        ),
        refused(
            json!({"announcement_channels": {"SEV1": "sev one"}}),
            "announcement_channels.SEV1",
        ),
        refused(
            json!({"announcement_channels": {"SEV9": "C0SEV9"}}),
            "announcement_channels.SEV9",
        ),
        refused(
            json!({"channel_name_template": "inc-{title}"}),
            "channel_name_template",
        ),
        refused(json!({"pin_emoji": "two words"}), "pin_emoji"),
        refused(json!({"archive_after_days": 9999}), "archive_after_days"),
    ] {
        let r = app.call(&ada, Method::PUT, path, Some(body)).await;
        assert_eq!(r.status, 422, "{field}: {}", r.body);
        assert_eq!(r.body["errors"][0]["field"], field, "{}", r.body);
    }
    let member = app.call(&bob, Method::PUT, path, Some(good.clone())).await;
    assert_eq!(member.status, 403, "{}", member.body);
    // What was saved first is still there.
    let now = app.get(&bob, path).await;
    assert_eq!(now.body["announcement_channels"], json!({"SEV1": "C0SEV1"}));
    assert_eq!(now.body["archive_after_days"], 3);
    app.shutdown().await;
}
