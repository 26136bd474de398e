//! The daily digest, on a clock the test sets.

use super::{declare, fixed_store, item};
use crate::common::user;
use goldseam_core::follow_up::{FollowUpPatch, FollowUpStatus};
use goldseam_core::people::TimeZoneName;
use goldseam_core::UserRole;
use goldseam_store::people::ProfileChange;
use goldseam_store::time::Clock;
use goldseam_store::Store;
use goldseam_testdb::TestDb;
use jiff::civil::date;
use jiff::{SignedDuration, Timestamp};

/// The email deliveries queued and due now, taken off the queue.
async fn emails(store: &Store, now: Timestamp) -> Vec<(String, String, String)> {
    let jobs = store
        .claim("test", now, SignedDuration::from_secs(60), 100)
        .await
        .unwrap();
    let mut out = Vec::new();
    for j in jobs {
        let _ = store.complete(j.id, "test").await.unwrap();
        if j.kind == "email" {
            let p = &j.payload;
            out.push((
                p["to"].as_str().unwrap().to_string(),
                p["subject"].as_str().unwrap().to_string(),
                p["text"].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

async fn the_digest_comes_once_a_day_in_the_owners_morning_and_stops_when_done(db: TestDb) {
    let (store, clock) = fixed_store(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let berlin = TimeZoneName::parse("time_zone", "Europe/Berlin").unwrap();
    store
        .update_profile(
            ana.user_id,
            &ProfileChange {
                time_zone: Some(Some(berlin)),
                working_hours: None,
            },
        )
        .await
        .unwrap();
    let r = declare(&store, &ana, "Checkout down").await;
    let soon = store
        .add_follow_up(
            &ana,
            r,
            item(
                "Alert on depth",
                Some(&ana),
                Some(date(2026, 12, 4)),
                FollowUpStatus::Committed,
            ),
            None,
        )
        .await
        .unwrap();
    let later = store
        .add_follow_up(
            &ana,
            r,
            item(
                "Load test",
                Some(&ana),
                Some(date(2026, 12, 20)),
                FollowUpStatus::Committed,
            ),
            None,
        )
        .await
        .unwrap();
    // Resolving and closing the incident does not stop the reminders (this server asks
    // nothing of its incidents before they close).
    let admin = user(&store, "root", UserRole::Admin).await;
    let nothing = goldseam_core::learning::LearningPolicy { rules: vec![] };
    store.set_learning_policy(&admin, &nothing).await.unwrap();
    for to in [
        goldseam_core::Status::Resolved,
        goldseam_core::Status::Closed,
    ] {
        store
            .change(
                &ana,
                r,
                &[goldseam_store::incidents::Change::Core(
                    goldseam_core::Command::ChangeStatus { to, reason: None },
                )],
                None,
                false,
            )
            .await
            .unwrap();
    }
    let url = "https://goldseam.example";

    // 08:30 in Berlin: not yet.
    store.run_reminder_tick(url).await.unwrap();
    assert_eq!(emails(&store, clock.now()).await, vec![]);
    // 09:05: one digest, listing what is due soon and not what is weeks away.
    clock.set("2026-12-03T08:05:00Z".parse().unwrap());
    store.run_reminder_tick(url).await.unwrap();
    let sent = emails(&store, clock.now()).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    let (to, subject, text) = &sent[0];
    assert_eq!(
        (to.as_str(), subject.as_str()),
        ("ana@example.com", "Follow-ups: 1 due soon")
    );
    assert!(
        text.contains("Alert on depth (high, due 2026-12-04)") && !text.contains("Load test"),
        "{text}"
    );
    assert!(
        text.contains("https://goldseam.example/follow-ups?owner=me"),
        "{text}"
    );
    // Later ticks of the same day send nothing more.
    clock.set("2026-12-03T15:00:00Z".parse().unwrap());
    store.run_reminder_tick(url).await.unwrap();
    assert_eq!(emails(&store, clock.now()).await, vec![]);
    // Two days on, it is late: the next morning's digest says so.
    clock.set("2026-12-05T08:10:00Z".parse().unwrap());
    store.run_reminder_tick(url).await.unwrap();
    let sent = emails(&store, clock.now()).await;
    assert_eq!(
        sent.iter().map(|s| s.1.as_str()).collect::<Vec<_>>(),
        ["Follow-ups: 1 overdue"]
    );
    // Marked done: the next tick has nothing to say, and nothing is sent.
    store
        .update_follow_up(
            &ana,
            soon.id,
            FollowUpPatch {
                status: Some(FollowUpStatus::Done),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    clock.set("2026-12-06T08:10:00Z".parse().unwrap());
    store.run_reminder_tick(url).await.unwrap();
    assert_eq!(emails(&store, clock.now()).await, vec![]);
    // Back to a proposal, it is no promise: nothing is reminded of.
    clock.set("2026-12-18T08:10:00Z".parse().unwrap());
    store
        .update_follow_up(
            &ana,
            later.id,
            FollowUpPatch {
                status: Some(FollowUpStatus::Proposed),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    store.run_reminder_tick(url).await.unwrap();
    assert_eq!(emails(&store, clock.now()).await, vec![]);
}

goldseam_testdb::on_both_databases!(
    the_digest_comes_once_a_day_in_the_owners_morning_and_stops_when_done
);
