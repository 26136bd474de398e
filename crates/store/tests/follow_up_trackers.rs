//! Follow-ups and issue trackers in storage, on both databases: filing is one job per
//! follow-up, the issue it became is recorded once, and a tracker's webhook deliveries are kept
//! once each and close or reopen the follow-up.

mod common;

use common::{declaration, open, user};
use goldseam_core::follow_up::{FollowUpStatus, NewFollowUp, Priority};
use goldseam_core::text::Title;
use goldseam_core::{DomainError, UserRole};
use goldseam_store::follow_ups::{TrackerUpdate, FILE_ISSUE_KIND, TRACKER_EVENT_KIND};
use goldseam_store::StoreError;
use goldseam_testdb::TestDb;
use jiff::{SignedDuration, Timestamp};

async fn filing_and_closing(db: TestDb) {
    let store = open(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let vi = user(&store, "vi", UserRole::Viewer).await;
    let r = store
        .declare(&ana, &declaration("Checkout down", "SEV2"), None)
        .await
        .unwrap()
        .incident
        .id;
    let due = Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .tomorrow()
        .unwrap();
    let f = store
        .add_follow_up(
            &ana,
            r,
            NewFollowUp {
                title: Title::parse("title", "Alert on queue depth").unwrap(),
                description: None,
                owner_id: Some(ana.user_id),
                team_id: None,
                due_on: Some(due),
                priority: Priority::High,
                status: FollowUpStatus::Committed,
            },
            None,
        )
        .await
        .unwrap();

    // Asked twice (and for another tracker): one job.
    assert!(matches!(
        store.request_filing(&vi, f.id, "github").await,
        Err(StoreError::Domain(DomainError::Forbidden(_)))
    ));
    store.request_filing(&ana, f.id, "github").await.unwrap();
    store.request_filing(&ana, f.id, "jira").await.unwrap();
    let jobs = store
        .claim("test", Timestamp::now(), SignedDuration::from_secs(60), 50)
        .await
        .unwrap();
    let filing: Vec<_> = jobs.iter().filter(|j| j.kind == FILE_ISSUE_KIND).collect();
    assert_eq!(filing.len(), 1);
    assert_eq!(filing[0].payload["tracker"], "github");

    // Recorded once, on the timeline; asking to file it again is a conflict.
    store
        .record_filing(
            f.id,
            "github",
            "acme/api#12",
            "https://github.com/acme/api/issues/12",
        )
        .await
        .unwrap();
    store
        .record_filing(
            f.id,
            "github",
            "acme/api#13",
            "https://github.com/acme/api/issues/13",
        )
        .await
        .unwrap();
    let filed = store.follow_up(&ana, f.id).await.unwrap();
    assert_eq!(
        filed.tracker.as_ref().map(|t| t.key.as_str()),
        Some("acme/api#12")
    );
    assert!(matches!(
        store.request_filing(&ana, f.id, "github").await,
        Err(StoreError::Domain(DomainError::Conflict(_)))
    ));
    let filed_events = store
        .timeline(&ana, r, 0, 100)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.record.payload.kind() == "follow_up_filed")
        .count();
    assert_eq!(filed_events, 1);

    // A delivery is kept once however often the tracker sends it.
    let closed = TrackerUpdate {
        tracker: "github".into(),
        key: "acme/api#12".into(),
        closed: true,
    };
    assert!(store
        .receive_tracker_event("d-1", "{\"action\":\"closed\"}", &closed)
        .await
        .unwrap());
    assert!(!store
        .receive_tracker_event("d-1", "{\"action\":\"closed\"}", &closed)
        .await
        .unwrap());
    let jobs = store
        .claim("test", Timestamp::now(), SignedDuration::from_secs(60), 50)
        .await
        .unwrap();
    assert_eq!(
        jobs.iter().filter(|j| j.kind == TRACKER_EVENT_KIND).count(),
        1
    );

    // Closed in the tracker: done. Applied again: no change. Reopened: back in progress.
    store.apply_tracker_update(&closed).await.unwrap();
    assert_eq!(
        store.follow_up(&ana, f.id).await.unwrap().status,
        FollowUpStatus::Done
    );
    store.apply_tracker_update(&closed).await.unwrap();
    let reopened = TrackerUpdate {
        closed: false,
        ..closed.clone()
    };
    store.apply_tracker_update(&reopened).await.unwrap();
    assert_eq!(
        store.follow_up(&ana, f.id).await.unwrap().status,
        FollowUpStatus::InProgress
    );
    // An issue no follow-up was filed as changes nothing.
    store
        .apply_tracker_update(&TrackerUpdate {
            key: "acme/api#99".into(),
            ..closed
        })
        .await
        .unwrap();
    assert_eq!(
        store.follow_up(&ana, f.id).await.unwrap().status,
        FollowUpStatus::InProgress
    );
}

goldseam_testdb::on_both_databases!(filing_and_closing);
