//! A property test of the postmortem log's compaction, on both databases: random interleavings of
//! editors' updates, compactions run by either of two instances (on PostgreSQL; one process owns
//! a SQLite file, so there the same store plays both) and restarts (an instance stopped with
//! nothing kept in memory, then opened again) always reload to the same document as a reference that applied
//! every acknowledged update. It is the cumora #262 scenario generalised: a compactor never
//! deletes an update it did not merge. Cases are drawn by proptest's runner with a fixed seed
//! count; each case is a fresh incident in the same database.

mod common;

use common::{declaration, user};
use goldseam_core::postmortem::document::{
    load, new_doc, read_document, render_markdown, RenderContext,
};
use goldseam_core::{Actor, IncidentId, UserRole};
use goldseam_store::{Dialect, Store, StoreOptions};
use goldseam_testdb::TestDb;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use yrs::updates::decoder::Decode;
use yrs::{
    Doc, ReadTxn, StateVector, Text, Transact, Update, XmlElementPrelim, XmlFragment, XmlTextPrelim,
};

/// How many interleavings each database gets.
const CASES: u32 = 12;

#[derive(Debug, Clone)]
enum Step {
    /// An editor connected to instance `0` or `1` types a paragraph (from what it last read).
    Type { instance: usize, reread: bool },
    /// Instance `0` or `1` compacts the log.
    Compact { instance: usize },
    /// Instance `0` or `1` stops and starts again.
    Crash { instance: usize },
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    let step = prop_oneof![
        6 => (0..2usize, any::<bool>()).prop_map(|(instance, reread)| Step::Type { instance, reread }),
        2 => (0..2usize).prop_map(|instance| Step::Compact { instance }),
        1 => (0..2usize).prop_map(|instance| Step::Crash { instance }),
    ];
    proptest::collection::vec(step, 5..40)
}

fn markdown(doc: &Doc) -> String {
    render_markdown(
        &read_document(doc),
        &RenderContext {
            zone: jiff::tz::TimeZone::UTC,
            categories: vec![],
            follow_ups: Default::default(),
        },
    )
}

/// A store with few connections: a case opens many over its restarts.
async fn open_small(db: &TestDb) -> Store {
    let mut opts = StoreOptions::new(&db.url);
    opts.max_connections = 3;
    Store::open(opts).await.unwrap()
}

async fn stored(store: &Store, r: IncidentId) -> Doc {
    let doc = store.postmortem_document(r).await.unwrap();
    let slices: Vec<&[u8]> = doc.updates.iter().map(Vec::as_slice).collect();
    load(&slices).unwrap()
}

async fn run_case(db: &TestDb, stores: &mut [Store; 2], actor: &Actor, steps: &[Step]) {
    let r = stores[0]
        .declare(actor, &declaration("Compaction", "SEV3"), None)
        .await
        .unwrap()
        .incident
        .id;
    stores[0].open_postmortem(actor, r, false).await.unwrap();
    // The reference applies exactly what the store acknowledged, in order.
    let reference = new_doc();
    {
        let seed = stored(&stores[0], r).await;
        let full = seed
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        reference
            .transact_mut()
            .apply_update(Update::decode_v1(&full).unwrap())
            .unwrap();
    }
    // Each editor's copy (one per instance), refreshed from the store when it rereads.
    let mut editors = [stored(&stores[0], r).await, stored(&stores[1], r).await];
    for (n, step) in steps.iter().enumerate() {
        match step {
            Step::Type { instance, reread } => {
                if *reread {
                    editors[*instance] = stored(&stores[*instance], r).await;
                }
                let editor = &editors[*instance];
                let body = editor.get_or_insert_xml_fragment("default");
                let update = {
                    let mut txn = editor.transact_mut();
                    let p = body.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
                    let t = p.push_back(&mut txn, XmlTextPrelim::new(""));
                    t.insert(&mut txn, 0, &format!("step {n}"));
                    txn.encode_update_v1()
                };
                stores[*instance]
                    .append_postmortem_update(actor, r, &update)
                    .await
                    .unwrap();
                reference
                    .transact_mut()
                    .apply_update(Update::decode_v1(&update).unwrap())
                    .unwrap();
            }
            Step::Compact { instance } => {
                stores[*instance].compact_postmortem(r).await.unwrap();
            }
            Step::Crash { instance } => {
                // Nothing in memory survives: only what was committed (a SIGKILL mid-write is
                // crates/goldseam/tests/postmortem_crash.rs).
                stores[*instance].close().await;
                let fresh = open_small(db).await;
                stores[*instance] = fresh;
                if stores[0].dialect() == Dialect::Sqlite {
                    // One store plays both instances there.
                    stores[1 - *instance] = stores[*instance].clone();
                }
            }
        }
    }
    let expected = markdown(&reference);
    for store in stores.iter() {
        assert_eq!(
            markdown(&stored(store, r).await),
            expected,
            "after {steps:?}"
        );
    }
    // And once more after a final compaction, from a store that never saw the case.
    stores[1].compact_postmortem(r).await.unwrap();
    let cold = open_small(db).await;
    assert_eq!(
        markdown(&stored(&cold, r).await),
        expected,
        "after {steps:?} and a compaction"
    );
    cold.close().await;
}

async fn any_interleaving_reloads_to_the_reference(db: TestDb) {
    let first = open_small(&db).await;
    let actor = user(&first, "Ana", UserRole::Member).await;
    let second = if first.dialect() == Dialect::Postgres {
        open_small(&db).await
    } else {
        first.clone()
    };
    let mut stores = [first, second];
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        ..Config::default()
    });
    let strategy = steps();
    for _ in 0..CASES {
        let case = strategy.new_tree(&mut runner).unwrap().current();
        run_case(&db, &mut stores, &actor, &case).await;
    }
}

goldseam_testdb::on_both_databases!(any_interleaving_reloads_to_the_reference);
