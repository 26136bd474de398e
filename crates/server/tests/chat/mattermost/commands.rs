//! What only Mattermost needs: its slash command is checked by the command's token, and a
//! dialog's state binds it to the person it was opened for (Mattermost signs neither).

use super::super::side::Kind;
use super::super::world::World;
use goldseam_testdb::TestDb;
use serde_json::json;

pub async fn commands_and_dialogs_in_someone_elses_name_are_refused(db: TestDb) {
    let w = World::start(&db, Kind::Mattermost).await;
    let (r, channel) = w.declare("API latency", "SEV3").await;
    // A command without the command's token is refused before anything is read.
    let forged = w
        .app
        .client
        .post(w.app.url("/api/v1/integrations/mattermost/commands"))
        .form(&[
            ("token", "guessed"),
            ("command", "/inc"),
            ("text", &format!("{r} resolve")),
            ("user_id", w.ada_chat.as_str()),
            ("channel_id", channel.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
    // Someone else cannot submit Ada's dialog in her name with its state.
    w.chat.command("ada", &w.announcements, "").await;
    assert!(
        w.eventually(super::super::world::SOON, |s| s
            .declare_form("ada", &w.ada_chat)
            .is_some())
            .await
    );
    let dialog = w.mm().dialogs_for("ada").pop().unwrap();
    let forged = w
        .app
        .client
        .post(w.app.url("/api/v1/integrations/mattermost/dialogs"))
        .json(&json!({"type": "dialog_submission", "callback_id": dialog.dialog["callback_id"],
                      "state": dialog.dialog["state"], "user_id": w.bob_chat, "channel_id": w.announcements,
                      "submission": {"title": "Not Bob's", "severity": "SEV2"}, "cancelled": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
    let incident = w.app.get(&w.ada, &format!("/api/v1/incidents/{r}")).await;
    assert_ne!(incident.body["status"], "resolved", "{}", incident.body);
    let list = w.app.get(&w.ada, "/api/v1/incidents").await;
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(1));
    w.app.shutdown().await;
}
