//! Schedules on both databases: saved and read back, names unique, unknown people refused,
//! overrides that never overlap (even when added at once), deletion, and feed tokens.

mod common;

use common::{open, user};
use goldseam_core::schedule::{
    LayerSpec, Override, RestrictionSpec, ScheduleDefinition, ShiftSpec, ShiftUnit,
};
use goldseam_core::{ScheduleId, UserId, UserRole};
use goldseam_store::StoreError;
use goldseam_testdb::TestDb;
use jiff::Timestamp;

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn definition(name: &str, people: Vec<UserId>) -> ScheduleDefinition {
    let layer = LayerSpec {
        name: "Primary".into(),
        start: "2026-03-06T09:00".into(),
        end: None,
        shift: ShiftSpec {
            unit: ShiftUnit::Days,
            count: 1,
        },
        participants: people,
        restrictions: vec![RestrictionSpec::Daily {
            start: "08:00".into(),
            end: "20:00".into(),
        }],
    };
    ScheduleDefinition::parse(name, Some("Payments"), "America/New_York", &[layer]).unwrap()
}

fn over(start: &str, end: &str, user: UserId) -> Override {
    Override {
        start: ts(start),
        end: ts(end),
        user,
    }
}

async fn schedules_are_saved_replaced_and_deleted(db: TestDb) {
    let store = open(&db).await;
    let ana = user(&store, "ana", UserRole::Admin).await.user_id;
    let bo = user(&store, "bo", UserRole::Member).await.user_id;

    let s = store
        .create_schedule(&definition("Payments", vec![ana, bo]))
        .await
        .unwrap();
    let read = store.schedule(s.id).await.unwrap();
    assert_eq!(read, s);
    assert_eq!(read.time_zone, "America/New_York");
    assert_eq!(read.layers[0].start, "2026-03-06T09:00:00");
    assert_eq!(read.participants(), vec![ana, bo]);
    // What was stored resolves: the first handoff is Ana's, at 09:00 New York time.
    let schedule = read.definition().unwrap().schedule(vec![]);
    assert_eq!(schedule.on_call_at(ts("2026-03-06T15:00:00Z")), Some(ana));

    // Names are unique, on create and on rename.
    let e = store
        .create_schedule(&definition("Payments", vec![bo]))
        .await
        .unwrap_err();
    assert!(
        matches!(e, StoreError::NameTaken { .. }) && e.to_string().contains("Payments"),
        "{e}"
    );
    let other = store
        .create_schedule(&definition("Ledger", vec![bo]))
        .await
        .unwrap();
    let e = store
        .update_schedule(other.id, &definition("Payments", vec![bo]))
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::NameTaken { .. }), "{e}");

    // Replacing rewrites who takes part.
    let renamed = store
        .update_schedule(s.id, &definition("Payments EU", vec![bo]))
        .await
        .unwrap();
    assert_eq!(renamed.name, "Payments EU");
    assert_eq!(
        store
            .schedules_of_user(ana, ts("2026-01-01T00:00:00Z"))
            .await
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        store
            .schedules_of_user(bo, ts("2026-01-01T00:00:00Z"))
            .await
            .unwrap()
            .len(),
        2
    );
    let listed = store
        .list_schedules(ScheduleId::from_db(0), 10)
        .await
        .unwrap();
    assert_eq!(
        listed.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["Payments EU", "Ledger"]
    );
    assert_eq!(store.list_schedules(s.id, 10).await.unwrap().len(), 1);

    // Someone who is not a user cannot take turns; nothing is written.
    let e = store
        .create_schedule(&definition("Ghosts", vec![ana, UserId::from_db(999)]))
        .await
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("layers[0].participants[1]: user 999 does not exist"),
        "{e}"
    );
    assert_eq!(
        store
            .list_schedules(ScheduleId::from_db(0), 10)
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        store
            .unknown_users(&[
                ana,
                UserId::from_db(999),
                UserId::from_db(998),
                UserId::from_db(999)
            ])
            .await
            .unwrap()
            .iter()
            .map(|u| u.get())
            .collect::<Vec<_>>(),
        [998, 999]
    );

    store
        .add_override(
            s.id,
            &over("2026-03-07T00:00:00Z", "2026-03-08T00:00:00Z", ana),
            ana,
        )
        .await
        .unwrap();
    store.delete_schedule(s.id).await.unwrap();
    assert!(matches!(
        store.schedule(s.id).await.unwrap_err(),
        StoreError::NotFound(_)
    ));
    assert!(matches!(
        store.delete_schedule(s.id).await.unwrap_err(),
        StoreError::NotFound(_)
    ));
    assert!(store
        .overrides_between(s.id, Timestamp::MIN, Timestamp::MAX)
        .await
        .unwrap()
        .is_empty());
}

async fn overrides_never_overlap(db: TestDb) {
    let store = open(&db).await;
    let ana = user(&store, "ana", UserRole::Admin).await.user_id;
    let bo = user(&store, "bo", UserRole::Member).await.user_id;
    let s = store
        .create_schedule(&definition("Payments", vec![ana]))
        .await
        .unwrap();
    let first = store
        .add_override(
            s.id,
            &over("2026-03-07T12:00:00Z", "2026-03-08T12:00:00Z", bo),
            bo,
        )
        .await
        .unwrap();
    assert_eq!((first.user_id, first.created_by), (bo, bo));

    let e = store
        .add_override(
            s.id,
            &over("2026-03-08T11:00:00Z", "2026-03-09T00:00:00Z", ana),
            ana,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(e, StoreError::OverrideOverlaps { other, .. } if other == first.id)
            && e.to_string().contains(&format!("override {}", first.id)),
        "{e}"
    );
    // End to start touches but does not overlap.
    store
        .add_override(
            s.id,
            &over("2026-03-08T12:00:00Z", "2026-03-09T00:00:00Z", ana),
            ana,
        )
        .await
        .unwrap();
    let all = store
        .overrides_between(s.id, ts("2026-03-01T00:00:00Z"), ts("2026-04-01T00:00:00Z"))
        .await
        .unwrap();
    assert_eq!(all.len(), 2);

    // The stored overrides sit on top of the rotation.
    let schedule = store
        .resolvable_schedule(&s, ts("2026-03-07T00:00:00Z"), ts("2026-03-10T00:00:00Z"))
        .await
        .unwrap();
    assert_eq!(schedule.on_call_at(ts("2026-03-08T00:00:00Z")), Some(bo));
    assert_eq!(schedule.on_call_at(ts("2026-03-08T13:00:00Z")), Some(ana));

    // Ten people racing for the same night: exactly one wins.
    let night = over("2026-03-20T00:00:00Z", "2026-03-21T00:00:00Z", bo);
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let (store, night) = (store.clone(), night.clone());
        tasks.push(tokio::spawn(async move {
            store.add_override(s.id, &night, bo).await
        }));
    }
    let mut won = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => won += 1,
            Err(StoreError::OverrideOverlaps { .. }) => {}
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(won, 1);

    store.delete_override(s.id, first.id).await.unwrap();
    assert!(matches!(
        store.schedule_override(s.id, first.id).await.unwrap_err(),
        StoreError::NotFound(_)
    ));
    assert!(matches!(
        store
            .add_override(ScheduleId::from_db(999), &night, bo)
            .await
            .unwrap_err(),
        StoreError::NotFound(_)
    ));
}

async fn feed_tokens_rotate_and_stop_with_the_user(db: TestDb) {
    let store = open(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await.user_id;
    assert!(store.feed_token_created(ana).await.unwrap().is_none());
    let first = store.rotate_feed_token(ana).await.unwrap();
    assert!(first.expose().starts_with("gsf_"));
    assert_eq!(
        store
            .feed_token_user(first.expose())
            .await
            .unwrap()
            .unwrap()
            .id,
        ana
    );
    let second = store.rotate_feed_token(ana).await.unwrap();
    assert!(store
        .feed_token_user(first.expose())
        .await
        .unwrap()
        .is_none());
    assert!(store
        .feed_token_user(second.expose())
        .await
        .unwrap()
        .is_some());
    assert!(store.feed_token_user("gsf_nope").await.unwrap().is_none());
    store.update_user(ana, None, Some(false)).await.unwrap();
    assert!(store
        .feed_token_user(second.expose())
        .await
        .unwrap()
        .is_none());
}

goldseam_testdb::on_both_databases!(
    schedules_are_saved_replaced_and_deleted,
    overrides_never_overlap,
    feed_tokens_rotate_and_stop_with_the_user
);
