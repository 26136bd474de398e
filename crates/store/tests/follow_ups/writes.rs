//! Adding and changing follow-ups, and what the timeline says of it.

use super::{declare, field_of, fixed_store, item};
use crate::common::user;
use goldseam_core::follow_up::{FollowUpPatch, FollowUpStatus, Priority};
use goldseam_core::text::Reason;
use goldseam_core::{DomainError, TeamId, UserRole};
use goldseam_store::StoreError;
use goldseam_testdb::TestDb;
use jiff::civil::date;

async fn added_changed_and_on_the_timeline(db: TestDb) {
    let (store, _clock) = fixed_store(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let bo = user(&store, "bo", UserRole::Member).await;
    let viewer = user(&store, "vi", UserRole::Viewer).await;
    let r = declare(&store, &ana, "Checkout down").await;

    // An idea needs only a title; a promise needs an owner and a date.
    let idea = store
        .add_follow_up(
            &ana,
            r,
            item("Retire the old queue", None, None, FollowUpStatus::Proposed),
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        (idea.status, idea.owner.clone(), idea.committed_at),
        (FollowUpStatus::Proposed, None, None)
    );
    let e = store
        .add_follow_up(
            &ana,
            r,
            item(
                "Alert on depth",
                None,
                Some(date(2026, 12, 10)),
                FollowUpStatus::Committed,
            ),
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(field_of(e), "owner_id");
    let e = store
        .add_follow_up(
            &ana,
            r,
            item(
                "Alert on depth",
                Some(&bo),
                Some(date(2026, 12, 2)),
                FollowUpStatus::Committed,
            ),
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(field_of(e), "due_on");
    let mut unknown = item("Alert on depth", Some(&bo), None, FollowUpStatus::Proposed);
    unknown.owner_id = Some(goldseam_core::UserId::from_db(999));
    assert_eq!(
        field_of(
            store
                .add_follow_up(&ana, r, unknown, None)
                .await
                .unwrap_err()
        ),
        "owner_id"
    );
    let mut no_team = item("Alert on depth", None, None, FollowUpStatus::Proposed);
    no_team.team_id = Some(TeamId::from_db(999));
    assert_eq!(
        field_of(
            store
                .add_follow_up(&ana, r, no_team, None)
                .await
                .unwrap_err()
        ),
        "team_id"
    );
    assert!(matches!(
        store
            .add_follow_up(
                &viewer,
                r,
                item("x", None, None, FollowUpStatus::Proposed),
                None
            )
            .await,
        Err(StoreError::Domain(DomainError::Forbidden(_)))
    ));

    let promised = store
        .add_follow_up(
            &ana,
            r,
            item(
                "Alert on depth",
                Some(&bo),
                Some(date(2026, 12, 10)),
                FollowUpStatus::Committed,
            ),
            None,
        )
        .await
        .unwrap();
    assert!(promised.committed_at.is_some());
    assert_eq!(promised.owner.as_ref().map(|(_, n)| n.as_str()), Some("bo"));
    assert_eq!(
        promised.created_by.as_ref().map(|(u, _)| *u),
        Some(ana.user_id)
    );

    // Won't do takes a reason; done records when; reopening clears it but not the first promise.
    let wont = FollowUpPatch {
        status: Some(FollowUpStatus::WontDo),
        ..Default::default()
    };
    assert_eq!(
        field_of(
            store
                .update_follow_up(&bo, promised.id, wont)
                .await
                .unwrap_err()
        ),
        "reason"
    );
    let done = store
        .update_follow_up(
            &bo,
            promised.id,
            FollowUpPatch {
                status: Some(FollowUpStatus::Done),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(done.completed_at.is_some());
    let reopened = store
        .update_follow_up(
            &bo,
            promised.id,
            FollowUpPatch {
                status: Some(FollowUpStatus::InProgress),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (reopened.completed_at, reopened.committed_at),
        (None, promised.committed_at)
    );
    let decided = store
        .update_follow_up(
            &ana,
            idea.id,
            FollowUpPatch {
                status: Some(FollowUpStatus::WontDo),
                reason: Some(Reason::parse("reason", "the queue goes away in Q1").unwrap()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(decided.reason.as_deref(), Some("the queue goes away in Q1"));
    let same = FollowUpPatch {
        priority: Some(Priority::High),
        ..Default::default()
    };
    assert!(matches!(
        store.update_follow_up(&ana, promised.id, same).await,
        Err(StoreError::Domain(DomainError::NoChange(_)))
    ));

    // The timeline tells the same story, naming the follow-up by its id.
    let kinds: Vec<(String, i64)> = store
        .timeline(&ana, r, 0, 100)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.record.payload.kind().starts_with("follow_up"))
        .map(|e| {
            (
                e.record.payload.kind().to_string(),
                match &e.record.payload {
                    goldseam_core::EventPayload::FollowUpChanged { follow_up_id, .. } => {
                        follow_up_id.get()
                    }
                    _ => e.record.id.get(),
                },
            )
        })
        .collect();
    let (i, p) = (idea.id.get(), promised.id.get());
    assert_eq!(
        kinds,
        [
            ("follow_up_added".into(), i),
            ("follow_up_added".into(), p),
            ("follow_up_changed".into(), p),
            ("follow_up_changed".into(), p),
            ("follow_up_changed".into(), i),
        ]
    );
}

goldseam_testdb::on_both_databases!(added_changed_and_on_the_timeline);
