//! Postmortems in storage, on both databases: opening seeds the document once, updates are
//! durable and survive compaction (also with a second instance compacting on PostgreSQL), the
//! review lifecycle is enforced and recorded on the timeline, and published versions freeze.

mod common;

use common::{declaration, open, user};
use goldseam_core::postmortem::document::{load, read_document, render_markdown, RenderContext};
use goldseam_core::postmortem::{default_factor_categories, ReviewAction, ReviewState};
use goldseam_core::text::Body;
use goldseam_core::{Actor, Command, DomainError, IncidentId, Status, UserRole};
use goldseam_store::incidents::Change;
use goldseam_store::time::FixedClock;
use goldseam_store::{Dialect, Store, StoreError, StoreOptions};
use goldseam_testdb::TestDb;
use std::sync::Arc;
use yrs::{Doc, Text, Transact, XmlElementPrelim, XmlFragment, XmlTextPrelim};

fn ctx() -> RenderContext {
    RenderContext {
        zone: jiff::tz::TimeZone::UTC,
        categories: default_factor_categories(),
        follow_ups: Default::default(),
    }
}

async fn markdown(store: &Store, r: IncidentId) -> String {
    let stored = store.postmortem_document(r).await.unwrap();
    let updates: Vec<&[u8]> = stored.updates.iter().map(Vec::as_slice).collect();
    render_markdown(&read_document(&load(&updates).unwrap()), &ctx())
}

/// An incident that went through its lifecycle, with a pinned comment, on a fixed clock.
async fn resolved_incident(store: &Store, clock: &FixedClock, actor: &Actor) -> IncidentId {
    let mut d = declaration("Checkout errors", "SEV1");
    d.summary = Some(
        goldseam_core::text::Summary::parse("summary", "Card payments failed in the EU.").unwrap(),
    );
    let r = store.declare(actor, &d, None).await.unwrap().incident.id;
    let step = |minutes: i64| {
        clock.set(
            "2026-12-01T09:00:00Z".parse::<jiff::Timestamp>().unwrap()
                + jiff::SignedDuration::from_mins(minutes),
        )
    };
    step(5);
    let comment = store
        .change(
            actor,
            r,
            &[Change::Core(Command::Comment(
                Body::parse("body", "Rolled back deploy 4711").unwrap(),
            ))],
            None,
            false,
        )
        .await
        .unwrap();
    let comment_id = comment.events[0].record.id;
    step(6);
    store
        .change(actor, r, &[Change::Pin(comment_id)], None, false)
        .await
        .unwrap();
    for (minutes, to) in [
        (8, Status::Active),
        (30, Status::Mitigated),
        (65, Status::Resolved),
    ] {
        step(minutes);
        store
            .change(
                actor,
                r,
                &[Change::Core(Command::ChangeStatus { to, reason: None })],
                None,
                false,
            )
            .await
            .unwrap();
    }
    r
}

async fn fixed_store(db: &TestDb) -> (Store, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::at("2026-12-01T09:00:00Z".parse().unwrap()));
    let mut opts = StoreOptions::new(&db.url);
    opts.clock = clock.clone();
    (Store::open(opts).await.unwrap(), clock)
}

/// One paragraph typed by a client, as the update its Yjs document would send.
fn typed(base: &[Vec<u8>], words: &str) -> Vec<u8> {
    let updates: Vec<&[u8]> = base.iter().map(Vec::as_slice).collect();
    let doc: Doc = load(&updates).unwrap();
    let body = doc.get_or_insert_xml_fragment("default");
    let update = {
        let mut txn = doc.transact_mut();
        let p = body.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
        let t = p.push_back(&mut txn, XmlTextPrelim::new(""));
        t.insert(&mut txn, 0, words);
        txn.encode_update_v1()
    };
    update
}

async fn opening_seeds_once_and_the_export_is_golden(db: TestDb) {
    let (store, clock) = fixed_store(&db).await;
    let alice = user(&store, "Alice", UserRole::Member).await;
    let r = resolved_incident(&store, &clock, &alice).await;
    let (pm, opened) = store.open_postmortem(&alice, r, false).await.unwrap();
    assert!(opened);
    assert_eq!((pm.state, pm.version), (ReviewState::Draft, 1));
    let first = store.postmortem_document(r).await.unwrap();
    let (_, again) = store.open_postmortem(&alice, r, false).await.unwrap();
    assert!(!again, "a second open changes nothing");
    assert_eq!(
        store.postmortem_document(r).await.unwrap(),
        first,
        "seeding again writes nothing"
    );
    let kinds: Vec<String> = store
        .timeline(&alice, r, 0, 100)
        .await
        .unwrap()
        .iter()
        .map(|e| e.record.payload.kind().to_string())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| *k == "postmortem_opened").count(),
        1
    );
    // The same bytes in, the same Markdown out, on SQLite and PostgreSQL.
    insta::assert_snapshot!("seeded_postmortem", markdown(&store, r).await);
}

async fn updates_are_durable_through_compaction_and_a_second_instance(db: TestDb) {
    let (store, clock) = fixed_store(&db).await;
    let alice = user(&store, "Alice", UserRole::Member).await;
    let r = resolved_incident(&store, &clock, &alice).await;
    store.open_postmortem(&alice, r, false).await.unwrap();
    // On PostgreSQL a second instance appends and compacts the same document; on SQLite one
    // process owns the file, so both roles go through one store.
    let other = if store.dialect() == Dialect::Postgres {
        open(&db).await
    } else {
        store.clone()
    };
    let mut expected = Vec::new();
    let mut seed = 0x5eed_u64;
    for i in 0..60 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let writer = if seed >> 63 == 0 { &store } else { &other };
        let base = store.postmortem_document(r).await.unwrap().updates;
        let words = format!("line {i}");
        writer
            .append_postmortem_update(&alice, r, &typed(&base, &words))
            .await
            .unwrap();
        expected.push(words);
        if (seed >> 40).is_multiple_of(7) {
            let compactor = if (seed >> 20).is_multiple_of(2) {
                &store
            } else {
                &other
            };
            compactor.compact_postmortem(r).await.unwrap();
        }
    }
    store.compact_postmortem(r).await.unwrap();
    other.compact_postmortem(r).await.unwrap();
    let md = markdown(&store, r).await;
    for words in &expected {
        assert!(md.contains(words.as_str()), "{words} lost: {md}");
    }
    let stored = store.postmortem_document(r).await.unwrap();
    assert_eq!(
        stored.updates.len(),
        1,
        "everything merged into the snapshot"
    );
    // An instance that had read up to some point catches up from the snapshot.
    let since = other.postmortem_updates_since(r, 3).await.unwrap();
    assert_eq!(since.last_seq, stored.last_seq);
}

async fn bad_updates_and_outsiders_change_nothing(db: TestDb) {
    let (store, clock) = fixed_store(&db).await;
    let alice = user(&store, "Alice", UserRole::Member).await;
    let viewer = user(&store, "Vera", UserRole::Viewer).await;
    let outsider = user(&store, "Otto", UserRole::Member).await;
    let r = resolved_incident(&store, &clock, &alice).await;
    store
        .change(
            &alice,
            r,
            &[Change::Core(Command::SetPrivate {
                private: true,
                reason: Some(
                    goldseam_core::text::Reason::parse("reason", "customer data").unwrap(),
                ),
            })],
            None,
            false,
        )
        .await
        .unwrap();
    store.open_postmortem(&alice, r, false).await.unwrap();
    let before = store.postmortem_document(r).await.unwrap();
    let update = typed(&before.updates, "sneaky");
    assert!(
        store
            .append_postmortem_update(&viewer, r, &update)
            .await
            .is_err(),
        "viewers read only"
    );
    assert!(
        matches!(
            store.append_postmortem_update(&outsider, r, &update).await,
            Err(StoreError::NotFound(_))
        ),
        "a private incident's outsiders see nothing"
    );
    assert!(matches!(
        store.postmortem(&outsider, r).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(store.postmortem_document(r).await.unwrap(), before);
}

async fn the_review_lifecycle_is_enforced_and_versions_freeze(db: TestDb) {
    let (store, clock) = fixed_store(&db).await;
    let alice = user(&store, "Alice", UserRole::Member).await;
    let rita = user(&store, "Rita", UserRole::Member).await;
    let r = resolved_incident(&store, &clock, &alice).await;
    store.open_postmortem(&alice, r, false).await.unwrap();
    let publish_early = store
        .move_postmortem(&alice, r, ReviewAction::Publish, &[])
        .await;
    assert!(
        matches!(
            publish_early,
            Err(StoreError::Domain(DomainError::Conflict(_)))
        ),
        "{publish_early:?}"
    );
    let nobody = store
        .move_postmortem(&alice, r, ReviewAction::RequestReview, &[])
        .await;
    assert!(
        matches!(nobody, Err(StoreError::Domain(DomainError::Invalid { ref field, .. })) if field == "reviewers")
    );
    let pm = store
        .move_postmortem(&alice, r, ReviewAction::RequestReview, &[rita.user_id])
        .await
        .unwrap();
    assert_eq!(pm.state, ReviewState::InReview);
    assert_eq!(
        pm.reviewers
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>(),
        ["Rita"]
    );
    assert!(matches!(
        store
            .move_postmortem(&alice, r, ReviewAction::Approve, &[])
            .await,
        Err(StoreError::Domain(DomainError::Forbidden(_)))
    ));
    let thread = store
        .start_postmortem_thread(
            &rita,
            r,
            "Rolled back",
            &Body::parse("body", "Which deploy?").unwrap(),
        )
        .await
        .unwrap();
    let pm = store
        .move_postmortem(&rita, r, ReviewAction::Approve, &[])
        .await
        .unwrap();
    assert_eq!(
        (
            pm.state,
            pm.open_threads,
            pm.reviewers[0].verdict.as_deref()
        ),
        (ReviewState::Approved, 1, Some("approved"))
    );
    let blocked = store
        .move_postmortem(&alice, r, ReviewAction::Publish, &[])
        .await;
    assert!(
        matches!(blocked, Err(StoreError::Domain(DomainError::Conflict(ref m))) if m.contains("1 comment thread is still open")),
        "{blocked:?}"
    );
    store
        .reply_postmortem_thread(&alice, r, thread, &Body::parse("body", "4711").unwrap())
        .await
        .unwrap();
    store
        .resolve_postmortem_thread(&rita, r, thread, true)
        .await
        .unwrap();
    let threads = store.postmortem_threads(&alice, r).await.unwrap();
    assert_eq!(threads[0].replies.len(), 2);
    assert!(threads[0].resolved_at.is_some());
    let published = store
        .move_postmortem(&alice, r, ReviewAction::Publish, &[])
        .await
        .unwrap();
    assert_eq!(published.state, ReviewState::Published);
    let v1 = markdown(&store, r).await;
    let base = store.postmortem_document(r).await.unwrap().updates;
    let refused = store
        .append_postmortem_update(&alice, r, &typed(&base, "late edit"))
        .await;
    assert!(
        matches!(refused, Err(StoreError::Domain(DomainError::Conflict(_)))),
        "published is read-only: {refused:?}"
    );
    let amended = store
        .move_postmortem(&alice, r, ReviewAction::Amend, &[])
        .await
        .unwrap();
    assert_eq!((amended.state, amended.version), (ReviewState::Draft, 2));
    store
        .append_postmortem_update(&alice, r, &typed(&base, "second thoughts"))
        .await
        .unwrap();
    let versions = store.postmortem_versions(&alice, r).await.unwrap();
    assert_eq!(versions.iter().map(|v| v.version).collect::<Vec<_>>(), [1]);
    let frozen = store
        .postmortem_version(&alice, r, 1)
        .await
        .unwrap()
        .unwrap();
    let frozen_md = render_markdown(&read_document(&load(&[&frozen]).unwrap()), &ctx());
    assert_eq!(frozen_md, v1, "version 1 stays as published");
    assert!(markdown(&store, r).await.contains("second thoughts"));
    let moves: Vec<String> = store
        .timeline(&alice, r, 0, 100)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.record.payload.kind() == "postmortem_state_changed")
        .map(|e| e.record.payload.data_json().to_string())
        .collect();
    assert_eq!(moves.len(), 4, "review, approve, publish, amend: {moves:?}");
}

async fn templates_and_taxonomy_are_admin_edited_and_checked(db: TestDb) {
    let (store, clock) = fixed_store(&db).await;
    let admin = user(&store, "Ada", UserRole::Admin).await;
    let member = user(&store, "Max", UserRole::Member).await;
    let (template, edited) = store.postmortem_template("other").await.unwrap();
    assert!(!edited);
    let short = vec![template[0].clone(), template[2].clone()];
    assert!(store
        .set_postmortem_template(&member, "other", &short)
        .await
        .is_err());
    let mut bad = short.clone();
    bad[1].key = "Not A Key".into();
    assert!(store
        .set_postmortem_template(&admin, "other", &bad)
        .await
        .is_err());
    assert_eq!(
        store.postmortem_template("other").await.unwrap(),
        (template.clone(), false),
        "nothing half-written"
    );
    store
        .set_postmortem_template(&admin, "other", &short)
        .await
        .unwrap();
    let r = resolved_incident(&store, &clock, &member).await;
    store.open_postmortem(&member, r, false).await.unwrap();
    let md = markdown(&store, r).await;
    assert!(
        md.contains("## Summary") && md.contains("## Timeline") && !md.contains("## Impact"),
        "{md}"
    );
    let mut categories = store.factor_categories().await.unwrap();
    categories.truncate(3);
    store
        .set_factor_categories(&admin, &categories)
        .await
        .unwrap();
    assert_eq!(store.factor_categories().await.unwrap().len(), 3);
}

goldseam_testdb::on_both_databases!(
    opening_seeds_once_and_the_export_is_golden,
    updates_are_durable_through_compaction_and_a_second_instance,
    bad_updates_and_outsiders_change_nothing,
    the_review_lifecycle_is_enforced_and_versions_freeze,
    templates_and_taxonomy_are_admin_edited_and_checked
);
