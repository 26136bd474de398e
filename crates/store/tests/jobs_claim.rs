//! Claims rank only the head of the queue, on both databases: the per-destination cap and
//! oldest-first order still hold against a model of the claim, a storm to one destination that
//! owns the head is moved out of it by `defer_destination`, moving it touches nothing else, and
//! a rate-limit slot is taken together with the bundle that goes out in it.

use goldseam_core::delivery::RateLimit;
use goldseam_core::{JobId, JobState};
use goldseam_store::jobs::{Job, NewJob, Settled, Slot, PER_DESTINATION, WINDOW_PER_PLACE};
use goldseam_store::time::FixedClock;
use goldseam_store::{Store, StoreOptions};
use goldseam_testdb::TestDb;
use jiff::{SignedDuration, Timestamp};
use std::collections::HashMap;
use std::sync::Arc;

fn t0() -> Timestamp {
    Timestamp::from_second(1_700_000_000).unwrap()
}

fn secs(s: i64) -> SignedDuration {
    SignedDuration::from_secs(s)
}

async fn open_at(db: &TestDb) -> Store {
    let opts = StoreOptions {
        clock: Arc::new(FixedClock::at(t0())),
        ..StoreOptions::new(&db.url)
    };
    Store::open(opts).await.expect("opening the store")
}

fn job(key: &str, destination: &str, run_at: Timestamp) -> NewJob {
    NewJob {
        kind: "slack".into(),
        destination: destination.into(),
        idempotency_key: key.into(),
        payload: serde_json::json!({ "key": key }),
        incident_id: None,
        run_at: Some(run_at),
    }
}

fn ids(jobs: &[Job]) -> Vec<JobId> {
    jobs.iter().map(|j| j.id).collect()
}

fn recorded(s: Settled) -> Job {
    match s {
        Settled::Recorded(j) => *j,
        Settled::LostLease => panic!("the worker should still hold the job"),
    }
}

/// What a claim of `limit` should take from `due` (run_at, id, destination): the oldest
/// `limit × WINDOW_PER_PLACE`, at most PER_DESTINATION of each destination, oldest first.
fn model(due: &[(Timestamp, JobId, String)], limit: u32) -> Vec<JobId> {
    let mut head = due.to_vec();
    head.sort();
    head.truncate((limit * WINDOW_PER_PLACE) as usize);
    let mut taken: HashMap<&str, u32> = HashMap::new();
    let mut out = Vec::new();
    for (_, id, destination) in &head {
        let n = taken.entry(destination).or_default();
        if *n < PER_DESTINATION && out.len() < limit as usize {
            *n += 1;
            out.push(*id);
        }
    }
    out
}

async fn the_head_is_capped_per_destination_and_taken_oldest_first(db: TestDb) {
    let store = open_at(&db).await;
    // Ids out of run_at order, pairs of jobs sharing a run_at (the id breaks the tie), and one
    // destination with most of the jobs, so the cap bites inside the window.
    let all: Vec<NewJob> = (0..400_i64)
        .map(|i| {
            let destination = match i % 10 {
                0..=6 => "slack:C-busy".to_string(),
                n => format!("sms:+1555000{n}"),
            };
            let offset = (i * 37 % 400) / 2;
            job(
                &format!("job-{i}"),
                &destination,
                t0() - secs(1000 - offset),
            )
        })
        .collect();
    let mut due: Vec<(Timestamp, JobId, String)> = Vec::new();
    for chunk in all.chunks(100) {
        for j in store.enqueue_all(chunk).await.unwrap() {
            due.push((j.run_at, j.id, j.destination));
        }
    }
    let mut claims = 0;
    while !due.is_empty() {
        let limit = [3, 8, 1][claims % 3];
        let claimed = store.claim("w", t0(), secs(600), limit).await.unwrap();
        assert_eq!(ids(&claimed), model(&due, limit), "claim {claims}");
        due.retain(|(_, id, _)| !claimed.iter().any(|j| j.id == *id));
        claims += 1;
    }
    assert!(store
        .claim("w", t0(), secs(600), 8)
        .await
        .unwrap()
        .is_empty());
}

async fn a_busy_destination_leaves_the_head_and_the_job_behind_it_goes_next(db: TestDb) {
    let store = open_at(&db).await;
    let storm: Vec<NewJob> = (0..5000)
        .map(|i| job(&format!("storm-{i}"), "slack:C-storm", t0() - secs(60)))
        .collect();
    for chunk in storm.chunks(1000) {
        store.enqueue_all(chunk).await.unwrap();
    }
    let (page, _) = store
        .enqueue(&job("page", "sms:+15550001", t0()))
        .await
        .unwrap();

    // The storm owns the head: a claim takes its cap of it and does not reach the page.
    let first = store.claim("w", t0(), secs(30), 8).await.unwrap();
    assert_eq!(first.len(), PER_DESTINATION as usize);
    assert!(first.iter().all(|j| j.destination == "slack:C-storm"));

    // The engine found the channel's slot busy for a second: everything waiting moves there.
    let opens = t0() + secs(1);
    let moved = store
        .defer_destination("slack:C-storm", t0(), opens)
        .await
        .unwrap();
    assert_eq!(moved, 5000 - u64::from(PER_DESTINATION));
    let next = store.claim("w", t0(), secs(30), 8).await.unwrap();
    assert_eq!(ids(&next), [page.id]);

    // When the slot opens the storm is due again, oldest first and capped as before.
    let back = store.claim("w", opens, secs(30), 8).await.unwrap();
    let keys: Vec<&str> = back.iter().map(|j| j.idempotency_key.as_str()).collect();
    assert_eq!(keys, ["storm-4", "storm-5", "storm-6", "storm-7"]);
    let bundle = store
        .claim_destination("w", "slack:C-storm", opens, secs(30), 19)
        .await
        .unwrap();
    assert_eq!(bundle.len(), 19);
    assert_eq!(bundle[0].idempotency_key, "storm-8");
}

async fn deferring_a_destination_moves_only_its_due_queued_jobs(db: TestDb) {
    let store = open_at(&db).await;
    let d = "slack:C1";
    let one = |key: &'static str, at: Timestamp| {
        let store = store.clone();
        async move { store.enqueue(&job(key, d, at)).await.unwrap().0 }
    };
    // Running under a live lease.
    let held = one("held", t0() - secs(100)).await;
    assert_eq!(
        ids(&store.claim("w1", t0(), secs(600), 1).await.unwrap()),
        [held.id]
    );
    // Running with a lease that ended at t0 - 45 (its worker crashed).
    let crashed = one("crashed", t0() - secs(90)).await;
    let at = t0() - secs(50);
    assert_eq!(
        ids(&store.claim("w2", at, secs(5), 1).await.unwrap()),
        [crashed.id]
    );
    // Failed once, queued for its retry at t0 - 20.
    let retried = one("retried", t0() - secs(80)).await;
    let at = t0() - secs(46);
    assert_eq!(
        ids(&store.claim("w3", at, secs(600), 1).await.unwrap()),
        [retried.id]
    );
    let retried = recorded(
        store
            .fail(retried.id, "w3", "boom", Some(t0() - secs(20)))
            .await
            .unwrap(),
    );
    assert_eq!((retried.state, retried.attempts), (JobState::Queued, 1));
    let waiting = one("waiting", t0() - secs(10)).await;
    let future = one("future", t0() + secs(30)).await;
    let (other, _) = store
        .enqueue(&job("other", "slack:C2", t0() - secs(10)))
        .await
        .unwrap();

    let untouched = [held.id, crashed.id, future.id, other.id];
    let mut before = Vec::new();
    for id in untouched {
        before.push(store.job(id).await.unwrap());
    }
    let until = t0() + secs(5);
    let moved = store.defer_destination(d, t0(), until).await.unwrap();
    assert_eq!(moved, 2);
    for (id, was) in untouched.iter().zip(before) {
        assert_eq!(store.job(*id).await.unwrap(), was);
    }
    for (id, attempts) in [(retried.id, 1), (waiting.id, 0)] {
        let j = store.job(id).await.unwrap();
        assert_eq!(
            (j.state, j.run_at, j.attempts, j.lease_until),
            (JobState::Queued, until, attempts, None)
        );
    }
    // Nothing is due for the destination but the crashed attempt, taken over as it is.
    let mut claimed = ids(&store.claim("w4", t0(), secs(30), 10).await.unwrap());
    claimed.sort_unstable();
    assert_eq!(claimed, [crashed.id, other.id]);
    // A second busy worker finds nothing left to move.
    assert_eq!(store.defer_destination(d, t0(), until).await.unwrap(), 0);
}

async fn a_taken_slot_bundles_what_waits_and_a_busy_one_takes_nothing(db: TestDb) {
    let store = open_at(&db).await;
    let d = "slack:C-bundle";
    let all: Vec<NewJob> = (0..30)
        .map(|i| job(&format!("b-{i}"), d, t0() - secs(30 - i)))
        .collect();
    store.enqueue_all(&all).await.unwrap();
    let limit = RateLimit {
        interval: secs(1),
        max_bundle: 20,
    };
    let claimed = store.claim("w1", t0(), secs(30), 2).await.unwrap();
    assert_eq!(claimed.len(), 2);

    let (slot, bundle) = store
        .take_slot_and_bundle("w1", &claimed[0], t0(), secs(30), limit)
        .await
        .unwrap();
    assert_eq!(slot, Slot::Taken);
    let keys: Vec<String> = bundle.iter().map(|j| j.idempotency_key.clone()).collect();
    let expected: Vec<String> = (2..21).map(|i| format!("b-{i}")).collect();
    assert_eq!(keys, expected);
    assert!(bundle
        .iter()
        .all(|j| j.state == JobState::Running && j.leased_by.as_deref() == Some("w1")));

    let (slot, bundle) = store
        .take_slot_and_bundle("w1", &claimed[1], t0(), secs(30), limit)
        .await
        .unwrap();
    assert_eq!(slot, Slot::Busy(t0() + secs(1)));
    assert!(bundle.is_empty());
    // The busy worker moves the rest to when the slot opens; the bundle keeps its jobs.
    let moved = store
        .defer_destination(d, t0(), t0() + secs(1))
        .await
        .unwrap();
    assert_eq!(moved, 9);
}

goldseam_testdb::on_both_databases!(
    a_taken_slot_bundles_what_waits_and_a_busy_one_takes_nothing,
    the_head_is_capped_per_destination_and_taken_oldest_first,
    a_busy_destination_leaves_the_head_and_the_job_behind_it_goes_next,
    deferring_a_destination_moves_only_its_due_queued_jobs,
);
