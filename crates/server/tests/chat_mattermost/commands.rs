//! `/inc` in the incident channel and elsewhere, and the declare dialog.

use super::{World, SOON};
use goldseam_testdb::TestDb;
use serde_json::json;

pub async fn commands_in_the_channel_change_the_incident(db: TestDb) {
    let w = World::start(&db).await;
    let (r, channel) = w.declare("API latency", "SEV3").await;
    let reply =
        w.mm.slash_command("ada", &channel, "/inc", "severity SEV2")
            .await
            .unwrap();
    assert_eq!(reply.status, 200);
    w.wait_timeline(&r, |i| {
        i.iter()
            .any(|e| e["kind"] == "severity_changed" && e["data"]["to"] == "SEV2")
    })
    .await;
    assert!(
        w.told(&w.ada_mm, "Done:").await,
        "{:#?}",
        w.mm.ephemerals_for("ada")
    );
    w.mm.slash_command(
        "ada",
        &channel,
        "/inc",
        "update Cache warmed, latency back to normal",
    )
    .await
    .unwrap();
    w.wait_timeline(&r, |i| {
        i.iter().any(|e| {
            e["kind"] == "status_update"
                && e["data"]["body"] == "Cache warmed, latency back to normal"
        })
    })
    .await;
    // A Mattermost mention names the person by their handle.
    w.mm.slash_command("ada", &channel, "/inc", "lead @bob")
        .await
        .unwrap();
    w.wait_timeline(&r, |i| {
        i.iter()
            .any(|e| e["kind"] == "role_assigned" && e["data"]["user_id"] == w.bob.id)
    })
    .await;
    // Elsewhere, the incident is named.
    w.mm.slash_command("ada", &w.announcements, "/inc", &format!("{r} resolve"))
        .await
        .unwrap();
    w.wait_timeline(&r, |i| {
        i.iter()
            .any(|e| e["kind"] == "status_changed" && e["data"]["to"] == "resolved")
    })
    .await;
    // A command without the command's token is refused before anything is read.
    let forged = w
        .app
        .client
        .post(w.app.url("/api/v1/integrations/mattermost/commands"))
        .form(&[
            ("token", "guessed"),
            ("command", "/inc"),
            ("text", &format!("{r} reopen")),
            ("user_id", w.ada_mm.as_str()),
            ("channel_id", channel.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
    w.app.shutdown().await;
}

pub async fn unknown_commands_get_their_usage(db: TestDb) {
    let w = World::start(&db).await;
    let (_, channel) = w.declare("API latency", "SEV3").await;
    w.mm.slash_command("ada", &channel, "/inc", "frobnicate now")
        .await
        .unwrap();
    assert!(
        w.told(&w.ada_mm, "/inc").await,
        "{:#?}",
        w.mm.ephemerals_for(&w.ada_mm)
    );
    w.app.shutdown().await;
}

pub async fn the_declare_dialog_declares_and_shows_mistakes(db: TestDb) {
    let w = World::start(&db).await;
    w.mm.slash_command("ada", &w.announcements, "/inc", "")
        .await
        .unwrap();
    assert!(
        w.mm.wait_until(SOON, |m| m.dialogs_for("ada").iter().any(|d| d.open))
            .await,
        "the declare dialog opens"
    );
    let dialog = w.mm.dialogs_for("ada").pop().unwrap();
    assert_eq!(dialog.dialog["title"], "Declare an incident");
    // A blank title comes back into the dialog, which stays open; nothing is declared.
    let wrong =
        w.mm.submit_dialog(
            "ada",
            json!({"title": "   ", "severity": "SEV2", "private": false}),
        )
        .await
        .unwrap();
    assert!(!wrong.closed, "{:?}", wrong.body);
    assert!(
        wrong.body["errors"]["title"].is_string(),
        "{:?}",
        wrong.body
    );
    let ok =
        w.mm.submit_dialog(
            "ada",
            json!({"title": "Payments failing", "severity": "SEV2", "private": false}),
        )
        .await
        .unwrap();
    assert!(ok.closed, "{:?}", ok.body);
    assert!(w.told(&w.ada_mm, "Declared INC-1").await);
    let channel = w.channel_of("INC-1").await;
    assert_eq!(
        w.mm.channel(&channel).unwrap().name,
        "inc-1-payments-failing"
    );
    // Someone else cannot submit Ada's dialog in her name with its state.
    let forged = w
        .app
        .client
        .post(w.app.url("/api/v1/integrations/mattermost/dialogs"))
        .json(&json!({"type": "dialog_submission", "callback_id": dialog.dialog["callback_id"],
                      "state": dialog.dialog["state"], "user_id": w.bob_mm, "channel_id": w.announcements,
                      "submission": {"title": "Not Bob's", "severity": "SEV2"}, "cancelled": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
    w.app.shutdown().await;
}
