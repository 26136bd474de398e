//! Declaring, changing and reading incidents, on SQLite and PostgreSQL.

mod common;

use common::{declaration, open, user};
use goldseam_core::text::Body;
use goldseam_core::{Command, EventId, IncidentId, Status, Tag, UserRole};
use goldseam_store::idempotency::IdempotencyKey;
use goldseam_store::incidents::{Change, IncidentFilter};
use goldseam_store::StoreError;
use goldseam_testdb::TestDb;

async fn declaring_numbers_incidents_and_records_events(db: TestDb) {
    let store = open(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let mut d = declaration("Checkout is down #payments", "SEV1");
    d.tags = vec![Tag::parse("tags[0]", "EU").unwrap()];
    let first = store.declare(&ana, &d, None).await.unwrap();
    let second = store
        .declare(&ana, &declaration("Search slow", "SEV3"), None)
        .await
        .unwrap();
    assert_eq!((first.incident.id.get(), second.incident.id.get()), (1, 2));
    assert_eq!(first.incident.tags, ["eu", "payments"]);
    assert_eq!(first.incident.status, Status::Triage);
    let kinds: Vec<_> = first
        .events
        .iter()
        .map(|e| e.record.payload.kind())
        .collect();
    assert_eq!(kinds, ["declared", "tag_added", "tag_added"]);
    let timeline = store
        .timeline(&ana, IncidentId::from_db(1), 0, 100)
        .await
        .unwrap();
    assert_eq!(
        timeline.iter().map(|e| e.record.seq).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert_eq!(timeline[0].actor_name.as_deref(), Some("ana"));
    let read = store.incident(&ana, IncidentId::from_db(1)).await.unwrap();
    assert_eq!(read, first.incident);
}

async fn references_have_no_gaps_under_concurrent_declarations(db: TestDb) {
    let store = open(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let mut tasks = Vec::new();
    for i in 0..40 {
        let (store, ana) = (store.clone(), ana.clone());
        tasks.push(tokio::spawn(async move {
            // Every fifth request is invalid and must not burn a number.
            let sev = if i % 5 == 0 { "SEV9" } else { "SEV2" };
            store
                .declare(&ana, &declaration(&format!("incident {i}"), sev), None)
                .await
                .map(|o| o.incident.id.get())
        }));
    }
    let mut ids: Vec<i64> = Vec::new();
    for t in tasks {
        if let Ok(id) = t.await.unwrap() {
            ids.push(id);
        }
    }
    ids.sort();
    assert_eq!(ids, (1..=32).collect::<Vec<i64>>());
    let events = store
        .events_since(&ana, None, EventId::from_db(0), 1000)
        .await
        .unwrap();
    let event_ids: Vec<i64> = events.iter().map(|e| e.record.id.get()).collect();
    assert_eq!(
        event_ids,
        (1..=32).collect::<Vec<i64>>(),
        "event ids are gap-free and ordered"
    );
}

async fn changes_follow_the_lifecycle_and_refuse_illegal_moves(db: TestDb) {
    let store = open(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let inc = store
        .declare(&ana, &declaration("DB down", "SEV2"), None)
        .await
        .unwrap()
        .incident;
    let r = inc.id;
    let patch = [
        Change::Core(Command::ChangeSeverity("SEV1".into())),
        Change::Core(Command::ChangeStatus {
            to: Status::Active,
            reason: None,
        }),
    ];
    let out = store.change(&ana, r, &patch, None, true).await.unwrap();
    assert_eq!(
        (out.incident.severity.as_str(), out.incident.status),
        ("SEV1", Status::Active)
    );
    assert!(out.incident.acknowledged_at.is_some());
    // The same PATCH again changes nothing and writes nothing.
    let again = store.change(&ana, r, &patch, None, true).await.unwrap();
    assert!(again.events.is_empty());
    let illegal = [Change::Core(Command::ChangeStatus {
        to: Status::Closed,
        reason: None,
    })];
    let err = store
        .change(&ana, r, &illegal, None, true)
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("cannot move an incident from active to closed"),
        "{err}"
    );
    // A refused change leaves nothing half-written.
    let mixed = [
        Change::Core(Command::ChangeSeverity("SEV0".into())),
        Change::Core(Command::ChangeStatus {
            to: Status::Closed,
            reason: None,
        }),
    ];
    assert!(store.change(&ana, r, &mixed, None, true).await.is_err());
    let now = store.incident(&ana, r).await.unwrap();
    assert_eq!(now.severity, "SEV1");
    assert_eq!(now.last_seq, out.incident.last_seq);
}

async fn comments_are_edited_and_deleted_by_new_events(db: TestDb) {
    let store = open(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let bob = user(&store, "bob", UserRole::Member).await;
    let r = store
        .declare(&ana, &declaration("DB down", "SEV2"), None)
        .await
        .unwrap()
        .incident
        .id;
    let body = |s: &str| Body::parse("body", s).unwrap();
    let out = store
        .change(
            &ana,
            r,
            &[Change::Core(Command::Comment(body("replica lag #db")))],
            None,
            false,
        )
        .await
        .unwrap();
    let comment_id = out.events[0].record.id;
    assert_eq!(out.incident.tags, ["db"]);
    let err = store
        .change(
            &bob,
            r,
            &[Change::EditComment {
                comment_id,
                body: body("mine now"),
            }],
            None,
            false,
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("only its author"), "{err}");
    store
        .change(
            &ana,
            r,
            &[Change::EditComment {
                comment_id,
                body: body("replica lag on db-2"),
            }],
            None,
            false,
        )
        .await
        .unwrap();
    store
        .change(
            &ana,
            r,
            &[Change::DeleteComment { comment_id }],
            None,
            false,
        )
        .await
        .unwrap();
    let err = store
        .change(
            &ana,
            r,
            &[Change::DeleteComment { comment_id }],
            None,
            false,
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("deleted"), "{err}");
    let kinds: Vec<_> = store
        .timeline(&ana, r, 0, 100)
        .await
        .unwrap()
        .iter()
        .map(|e| e.record.payload.kind())
        .collect();
    assert_eq!(
        kinds,
        [
            "declared",
            "comment_added",
            "tag_added",
            "comment_edited",
            "comment_deleted"
        ]
    );
    let missing = store
        .change(
            &ana,
            r,
            &[Change::DeleteComment {
                comment_id: EventId::from_db(999),
            }],
            None,
            false,
        )
        .await
        .unwrap_err();
    assert!(matches!(missing, StoreError::NotFound(_)));
    let pin = store
        .change(&ana, r, &[Change::Pin(comment_id)], None, false)
        .await
        .unwrap();
    assert_eq!(pin.incident.pinned, [comment_id]);
    assert!(matches!(
        store
            .change(
                &ana,
                r,
                &[Change::Pin(EventId::from_db(424242))],
                None,
                false
            )
            .await,
        Err(StoreError::NotFound(_))
    ));
}

async fn private_incidents_are_hidden_from_non_participants(db: TestDb) {
    let store = open(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let bob = user(&store, "bob", UserRole::Member).await;
    let carol = user(&store, "carol", UserRole::Member).await;
    let root = user(&store, "root", UserRole::Admin).await;
    let mut d = declaration("Leaked keys", "SEV1");
    d.incident_type = Some("security".into());
    let secret = store.declare(&ana, &d, None).await.unwrap().incident;
    assert!(secret.private);
    let public = store
        .declare(&ana, &declaration("Slow search", "SEV3"), None)
        .await
        .unwrap()
        .incident;
    let r = secret.id;
    store
        .change(
            &ana,
            r,
            &[Change::Core(Command::AssignRole {
                role: "responder".into(),
                user_id: carol.user_id,
            })],
            None,
            false,
        )
        .await
        .unwrap();

    let ids = |page: goldseam_store::incidents::IncidentPage| {
        page.items.iter().map(|i| i.id).collect::<Vec<_>>()
    };
    let all = IncidentFilter::default();
    assert_eq!(
        ids(store.list_incidents(&bob, &all, None, 50).await.unwrap()),
        [public.id]
    );
    assert_eq!(
        ids(store.list_incidents(&carol, &all, None, 50).await.unwrap()),
        [public.id, secret.id]
    );
    assert_eq!(
        ids(store.list_incidents(&root, &all, None, 50).await.unwrap()),
        [public.id, secret.id]
    );
    assert!(matches!(
        store.incident(&bob, r).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.timeline(&bob, r, 0, 10).await,
        Err(StoreError::NotFound(_))
    ));
    let comment = [Change::Core(Command::Comment(
        Body::parse("body", "let me in").unwrap(),
    ))];
    assert!(matches!(
        store.change(&bob, r, &comment, None, false).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(store
        .events_since(&bob, None, EventId::from_db(0), 100)
        .await
        .unwrap()
        .iter()
        .all(|e| e.record.incident_id == public.id));
    assert!(
        store
            .events_since(&carol, Some(secret.id), EventId::from_db(0), 100)
            .await
            .unwrap()
            .len()
            >= 2
    );
}

async fn lists_filter_and_paginate(db: TestDb) {
    let store = open(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    for i in 0..7 {
        let mut d = declaration(
            &format!("Thing {i} is 100% broken"),
            if i % 2 == 0 { "SEV1" } else { "SEV3" },
        );
        if i == 3 {
            d.tags = vec![Tag::parse("tags[0]", "db").unwrap()];
        }
        store.declare(&ana, &d, None).await.unwrap();
    }
    let f = IncidentFilter::default();
    let p1 = store.list_incidents(&ana, &f, None, 3).await.unwrap();
    assert_eq!(
        p1.items.iter().map(|i| i.id.get()).collect::<Vec<_>>(),
        [7, 6, 5]
    );
    let p2 = store
        .list_incidents(&ana, &f, p1.next_cursor, 3)
        .await
        .unwrap();
    let p3 = store
        .list_incidents(&ana, &f, p2.next_cursor, 3)
        .await
        .unwrap();
    assert_eq!(p3.items.iter().map(|i| i.id.get()).collect::<Vec<_>>(), [1]);
    assert_eq!(p3.next_cursor, None);
    let sev1 = IncidentFilter {
        severities: vec!["SEV1".into()],
        ..Default::default()
    };
    assert_eq!(
        store
            .list_incidents(&ana, &sev1, None, 50)
            .await
            .unwrap()
            .items
            .len(),
        4
    );
    let tagged = IncidentFilter {
        tag: Some("db".into()),
        ..Default::default()
    };
    assert_eq!(
        store
            .list_incidents(&ana, &tagged, None, 50)
            .await
            .unwrap()
            .items[0]
            .id
            .get(),
        4
    );
    let text = IncidentFilter {
        q: Some("THING 5".into()),
        ..Default::default()
    };
    assert_eq!(
        store
            .list_incidents(&ana, &text, None, 50)
            .await
            .unwrap()
            .items[0]
            .id
            .get(),
        6
    );
    let literal = IncidentFilter {
        q: Some("0%".into()),
        ..Default::default()
    };
    assert_eq!(
        store
            .list_incidents(&ana, &literal, None, 50)
            .await
            .unwrap()
            .items
            .len(),
        7
    );
    let none = IncidentFilter {
        q: Some("_x%".into()),
        ..Default::default()
    };
    assert!(store
        .list_incidents(&ana, &none, None, 50)
        .await
        .unwrap()
        .items
        .is_empty());
}

async fn idempotency_keys_return_the_first_result(db: TestDb) {
    let store = open(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let d = declaration("Once only", "SEV2");
    let key = IdempotencyKey::new(ana.user_id, "incident", "k-1", b"body");
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let (store, ana, d, key) = (store.clone(), ana.clone(), d.clone(), key.clone());
        tasks.push(tokio::spawn(async move {
            store.declare(&ana, &d, Some(&key)).await.unwrap()
        }));
    }
    let mut outcomes = Vec::new();
    for t in tasks {
        outcomes.push(t.await.unwrap());
    }
    assert!(outcomes.iter().all(|o| o.incident.id.get() == 1));
    assert_eq!(outcomes.iter().filter(|o| !o.replayed).count(), 1);
    let page = store
        .list_incidents(&ana, &IncidentFilter::default(), None, 10)
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    let other = IdempotencyKey::new(ana.user_id, "incident", "k-1", b"another body");
    let err = store.declare(&ana, &d, Some(&other)).await.unwrap_err();
    assert!(matches!(err, StoreError::IdempotencyKeyReused), "{err}");
}

async fn the_bus_publishes_every_event_once_in_order(db: TestDb) {
    let store = open(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let mut rx = store.bus().subscribe();
    let mut tasks = Vec::new();
    for i in 0..20 {
        let (store, ana) = (store.clone(), ana.clone());
        tasks.push(tokio::spawn(async move {
            store
                .declare(&ana, &declaration(&format!("i{i}"), "SEV2"), None)
                .await
                .unwrap()
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let mut seen = Vec::new();
    while seen.len() < 20 {
        let ev = tokio::time::timeout(std::time::Duration::from_secs(5), rx.recv())
            .await
            .expect("events arrive")
            .unwrap();
        seen.push(ev.event.record.id.get());
    }
    assert_eq!(seen, (1..=20).collect::<Vec<i64>>());
}

goldseam_testdb::on_both_databases!(
    declaring_numbers_incidents_and_records_events,
    references_have_no_gaps_under_concurrent_declarations,
    changes_follow_the_lifecycle_and_refuse_illegal_moves,
    comments_are_edited_and_deleted_by_new_events,
    private_incidents_are_hidden_from_non_participants,
    lists_filter_and_paginate,
    idempotency_keys_return_the_first_result,
    the_bus_publishes_every_event_once_in_order,
);
