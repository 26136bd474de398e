//! Reminders to post status updates, and archiving closed incidents' channels.

use super::super::side::Kind;
use super::super::world::{Setup, World, SOON};
use goldseam_store::time::{Clock, FixedClock};
use goldseam_testdb::TestDb;
use jiff::SignedDuration;
use serde_json::json;
use std::sync::Arc;

pub async fn the_incident_manager_is_reminded_and_channels_archived(db: TestDb) {
    let clock = Arc::new(FixedClock::at(jiff::Timestamp::now()));
    let setup = Setup {
        clock: Some(clock.clone()),
        http: false,
    };
    let w = World::start_with(&db, Kind::Slack, setup).await;
    let (r, channel) = w.declare("Payments failing", "SEV1").await;
    let lead = w
        .app
        .post(
            &w.ada,
            &format!("/api/v1/incidents/{r}/roles"),
            json!({"role": "incident_manager", "user_id": w.ada.id}),
        )
        .await;
    assert!(lead.status.is_success(), "{}", lead.body);
    let reminders = |s: &goldseam_fakes::slack::FakeSlack| {
        s.messages(&channel)
            .iter()
            .filter(|m| m.text.contains("no status update"))
            .count()
    };
    // SEV1's cadence is 30 minutes: nothing at 29, a reminder naming Ada after 30.
    clock.set(clock.now() + SignedDuration::from_mins(29));
    w.app
        .post(
            &w.bob,
            &format!("/api/v1/incidents/{r}/comments"),
            json!({"body": "still digging"}),
        )
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    assert_eq!(reminders(w.slack()), 0);
    clock.set(clock.now() + SignedDuration::from_mins(2));
    w.app
        .post(
            &w.bob,
            &format!("/api/v1/incidents/{r}/comments"),
            json!({"body": "found it"}),
        )
        .await;
    assert!(
        w.slack().wait_for(SOON, |s| reminders(s) == 1).await,
        "{:#?}",
        w.slack().messages(&channel)
    );
    let reminder = w
        .slack()
        .messages(&channel)
        .into_iter()
        .find(|m| m.text.contains("no status update"))
        .unwrap();
    assert!(
        reminder.text.contains(&format!("<@{}>", w.ada_chat)),
        "{}",
        reminder.text
    );
    // A status update restarts the clock.
    w.app
        .post(
            &w.ada,
            &format!("/api/v1/incidents/{r}/status-updates"),
            json!({"body": "Fix deploying"}),
        )
        .await;
    clock.set(clock.now() + SignedDuration::from_mins(20));
    w.app
        .post(
            &w.bob,
            &format!("/api/v1/incidents/{r}/comments"),
            json!({"body": "deploy at 50%"}),
        )
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    assert_eq!(reminders(w.slack()), 1);
    // Over (canceled here; closed works the same): archived seven days later, not before.
    let s = w
        .app
        .patch(
            &w.ada,
            &format!("/api/v1/incidents/{r}"),
            json!({"status": "canceled", "reason": "a duplicate of INC-9"}),
        )
        .await;
    assert!(s.status.is_success(), "{}", s.body);
    assert!(
        w.slack()
            .wait_for(SOON, |s| s
                .messages(&channel)
                .iter()
                .any(|m| m.text.contains("Canceled")))
            .await
    );
    clock.set(clock.now() + SignedDuration::from_hours(24 * 7 - 1));
    w.declare("Unrelated", "SEV4").await;
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    assert!(!w.slack().channel(&channel).unwrap().is_archived);
    clock.set(clock.now() + SignedDuration::from_hours(2));
    w.declare("Another", "SEV4").await;
    assert!(
        w.slack()
            .wait_for(SOON, |s| s.channel(&channel).unwrap().is_archived)
            .await
    );
    w.app.shutdown().await;
}
