//! The learning flow in storage, on both databases: each step completes by itself from the real
//! event (the postmortem sent for review, approved, published and distributed; follow-ups all
//! decided; the meeting recorded), closing is refused while steps are open and names them, a
//! waiver (admins, with a reason, once) lets it close, and amending the postmortem owes
//! publishing again.

mod common;

use common::{declaration, user};
use goldseam_core::follow_up::{FollowUpPatch, FollowUpStatus, NewFollowUp, Priority};
use goldseam_core::learning::Step;
use goldseam_core::postmortem::ReviewAction;
use goldseam_core::text::{Reason, Title};
use goldseam_core::{Actor, Command, DomainError, IncidentId, Status, UserRole};
use goldseam_store::distribution::{VersionJob, DISTRIBUTE_KIND};
use goldseam_store::incidents::Change;
use goldseam_store::time::FixedClock;
use goldseam_store::{Store, StoreError, StoreOptions};
use goldseam_testdb::TestDb;
use jiff::SignedDuration;
use std::sync::Arc;

async fn fixed_store(db: &TestDb) -> (Store, Arc<FixedClock>) {
    // Tuesday 2026-12-01, 10:00 UTC.
    let clock = Arc::new(FixedClock::at("2026-12-01T10:00:00Z".parse().unwrap()));
    let mut opts = StoreOptions::new(&db.url);
    opts.clock = clock.clone();
    (Store::open(opts).await.unwrap(), clock)
}

async fn set_status(
    store: &Store,
    actor: &Actor,
    r: IncidentId,
    to: Status,
) -> Result<(), StoreError> {
    let change = Change::Core(Command::ChangeStatus { to, reason: None });
    store
        .change(actor, r, &[change], None, false)
        .await
        .map(|_| ())
}

fn open_steps(store_error: StoreError) -> String {
    match store_error {
        StoreError::Domain(DomainError::Conflict(m)) => m,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

/// Runs the distribution job the publication queued, as the engine would.
async fn distribute(store: &Store) {
    let jobs = store
        .claim("test", store.now(), SignedDuration::from_secs(60), 100)
        .await
        .unwrap();
    for job in jobs {
        if job.kind == DISTRIBUTE_KIND {
            let v: VersionJob = serde_json::from_value(job.payload.clone()).unwrap();
            store
                .distribute_postmortem(&v, "https://g.test")
                .await
                .unwrap();
        }
        let _ = store.complete(job.id, "test").await.unwrap();
    }
}

async fn steps_complete_from_events_and_closing_waits_for_them(db: TestDb) {
    let (store, clock) = fixed_store(&db).await;
    let root = user(&store, "root", UserRole::Admin).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let rita = user(&store, "rita", UserRole::Member).await;
    let r = store
        .declare(&ana, &declaration("Checkout is down", "SEV1"), None)
        .await
        .unwrap()
        .incident
        .id;
    let take = Change::Core(Command::AssignRole {
        role: "incident_manager".parse().unwrap(),
        user_id: ana.user_id,
    });
    store.change(&ana, r, &[take], None, false).await.unwrap();

    // Before resolution nothing is due; the default asks a SEV1 for five steps.
    let list = store
        .learning_checklist(&ana, r)
        .await
        .unwrap()
        .expect("a SEV1 owes steps");
    assert_eq!(list.steps.len(), 5);
    assert!(list
        .steps
        .iter()
        .all(|s| s.due_on.is_none() && s.owner == Some(ana.user_id)));
    set_status(&store, &ana, r, Status::Resolved).await.unwrap();
    let e = set_status(&store, &ana, r, Status::Closed)
        .await
        .unwrap_err();
    assert_eq!(
        open_steps(e),
        "the incident still owes steps: Postmortem drafted, Postmortem reviewed, Follow-ups committed, Postmortem published, Postmortem distributed; finish them or ask an admin to waive them with a reason"
    );
    let list = store.learning_checklist(&ana, r).await.unwrap().unwrap();
    assert_eq!(
        list.steps[0].due_on,
        Some(jiff::civil::date(2026, 12, 4)),
        "3 business days after Tuesday"
    );

    // The postmortem's own moves complete their steps.
    store.open_postmortem(&ana, r, false).await.unwrap();
    store
        .move_postmortem(&ana, r, ReviewAction::RequestReview, &[rita.user_id])
        .await
        .unwrap();
    store
        .move_postmortem(&rita, r, ReviewAction::Approve, &[])
        .await
        .unwrap();
    let done = |list: &goldseam_store::learning::Checklist, step: Step| {
        list.steps
            .iter()
            .find(|s| s.step == step)
            .unwrap()
            .done_at
            .is_some()
    };
    let list = store.learning_checklist(&ana, r).await.unwrap().unwrap();
    assert!(done(&list, Step::Drafted) && done(&list, Step::Reviewed));
    assert!(!done(&list, Step::Published));

    // A proposed follow-up is not committed; deciding it is.
    let f = store
        .add_follow_up(
            &ana,
            r,
            NewFollowUp {
                title: Title::parse("title", "Alert on queue depth").unwrap(),
                description: None,
                owner_id: None,
                team_id: None,
                due_on: None,
                priority: Priority::High,
                status: FollowUpStatus::Proposed,
            },
            None,
        )
        .await
        .unwrap();
    let list = store.learning_checklist(&ana, r).await.unwrap().unwrap();
    assert!(!done(&list, Step::FollowUpsCommitted));
    let commit = FollowUpPatch {
        owner_id: Some(Some(ana.user_id)),
        due_on: Some(Some(jiff::civil::date(2026, 12, 20))),
        status: Some(FollowUpStatus::Committed),
        ..FollowUpPatch::default()
    };
    store.update_follow_up(&ana, f.id, commit).await.unwrap();
    let list = store.learning_checklist(&ana, r).await.unwrap().unwrap();
    assert!(done(&list, Step::FollowUpsCommitted));

    // Days pass: what is not done is overdue.
    clock.set("2026-12-09T12:00:00Z".parse().unwrap());
    let list = store.learning_checklist(&ana, r).await.unwrap().unwrap();
    let published = list
        .steps
        .iter()
        .find(|s| s.step == Step::Published)
        .unwrap();
    assert_eq!(published.due_on, Some(jiff::civil::date(2026, 12, 10)));
    assert!(!published.overdue);
    clock.set("2026-12-11T12:00:00Z".parse().unwrap());
    let list = store.learning_checklist(&ana, r).await.unwrap().unwrap();
    assert!(
        list.steps
            .iter()
            .find(|s| s.step == Step::Published)
            .unwrap()
            .overdue
    );

    // Published and distributed: it closes.
    store
        .move_postmortem(&ana, r, ReviewAction::Publish, &[])
        .await
        .unwrap();
    let e = set_status(&store, &ana, r, Status::Closed)
        .await
        .unwrap_err();
    assert!(open_steps(e).contains("a step: Postmortem distributed"));
    distribute(&store).await;
    set_status(&store, &ana, r, Status::Closed).await.unwrap();

    // Reopened and the postmortem amended: publishing is owed again before it closes again.
    set_status(&store, &ana, r, Status::Active).await.unwrap();
    set_status(&store, &ana, r, Status::Resolved).await.unwrap();
    store
        .move_postmortem(&ana, r, ReviewAction::Amend, &[])
        .await
        .unwrap();
    let e = set_status(&store, &ana, r, Status::Closed)
        .await
        .unwrap_err();
    assert!(open_steps(e).contains("Postmortem published, Postmortem distributed"));
    let _ = root;
}

async fn waivers_are_for_admins_with_a_reason_once(db: TestDb) {
    let (store, _clock) = fixed_store(&db).await;
    let root = user(&store, "root", UserRole::Admin).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let r = store
        .declare(&ana, &declaration("Search is slow", "SEV2"), None)
        .await
        .unwrap()
        .incident
        .id;
    set_status(&store, &ana, r, Status::Resolved).await.unwrap();
    let why = Reason::parse("reason", "Covered by the INC-3 postmortem").unwrap();
    assert!(matches!(
        store
            .waive_learning_step(&ana, r, Step::Drafted, &why)
            .await,
        Err(StoreError::Domain(DomainError::Forbidden(_)))
    ));
    assert!(matches!(
        store.waive_learning_step(&root, r, Step::MeetingHeld, &why).await,
        Err(StoreError::Domain(DomainError::Invalid { ref field, .. })) if field == "step"
    ));
    for step in [
        Step::Drafted,
        Step::Reviewed,
        Step::FollowUpsCommitted,
        Step::Published,
        Step::Distributed,
    ] {
        store
            .waive_learning_step(&root, r, step, &why)
            .await
            .unwrap();
    }
    let again = store
        .waive_learning_step(&root, r, Step::Drafted, &why)
        .await;
    assert!(
        matches!(again, Err(StoreError::Domain(DomainError::Conflict(ref m))) if m.contains("waived already")),
        "{again:?}"
    );
    let list = store.learning_checklist(&ana, r).await.unwrap().unwrap();
    let w = list.steps[0].waived.clone().unwrap();
    assert_eq!(
        (w.by, w.reason.as_str()),
        (Some(root.user_id), "Covered by the INC-3 postmortem")
    );
    set_status(&store, &ana, r, Status::Closed).await.unwrap();
    let timeline = store.timeline(&ana, r, 0, 500).await.unwrap();
    assert_eq!(
        timeline
            .iter()
            .filter(|e| e.record.payload.kind() == "learning_step_waived")
            .count(),
        5
    );

    // A minor incident owes nothing and closes at once.
    let minor = store
        .declare(&ana, &declaration("Typo on the status page", "SEV4"), None)
        .await
        .unwrap()
        .incident
        .id;
    assert!(store
        .learning_checklist(&ana, minor)
        .await
        .unwrap()
        .is_none());
    set_status(&store, &ana, minor, Status::Resolved)
        .await
        .unwrap();
    set_status(&store, &ana, minor, Status::Closed)
        .await
        .unwrap();
}

goldseam_testdb::on_both_databases!(
    steps_complete_from_events_and_closing_waits_for_them,
    waivers_are_for_admins_with_a_reason_once
);
