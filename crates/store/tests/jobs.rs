//! The delivery engine's job queue on both databases: idempotent enqueues, claiming in order
//! under leases, taking over a crashed worker's jobs, retries and the dead-letter list,
//! fairness between destinations, concurrent claimers, and waking idle workers.

use goldseam_core::{JobId, JobState, RetryPolicy};
use goldseam_store::jobs::{Job, NewJob, Settled, Wake, PER_DESTINATION};
use goldseam_store::time::FixedClock;
use goldseam_store::{Dialect, Store, StoreError, StoreOptions};
use goldseam_testdb::TestDb;
use jiff::{SignedDuration, Timestamp};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn t0() -> Timestamp {
    Timestamp::from_second(1_700_000_000).unwrap()
}

fn secs(s: i64) -> SignedDuration {
    SignedDuration::from_secs(s)
}

async fn open_at(db: &TestDb) -> (Store, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::at(t0()));
    let opts = StoreOptions {
        clock: clock.clone(),
        ..StoreOptions::new(&db.url)
    };
    (Store::open(opts).await.expect("opening the store"), clock)
}

fn job(key: &str, destination: &str, run_at: Option<Timestamp>) -> NewJob {
    NewJob {
        kind: "page".into(),
        destination: destination.into(),
        idempotency_key: key.into(),
        payload: serde_json::json!({ "key": key }),
        incident_id: Some(goldseam_core::IncidentId::from_db(7)),
        run_at,
    }
}

fn recorded(s: Settled) -> Job {
    match s {
        Settled::Recorded(j) => *j,
        Settled::LostLease => panic!("the worker should still hold the job"),
    }
}

fn ids(jobs: &[Job]) -> Vec<JobId> {
    jobs.iter().map(|j| j.id).collect()
}

async fn enqueuing_is_idempotent_by_key(db: TestDb) {
    let (store, _) = open_at(&db).await;
    let (first, created) = store
        .enqueue(&job("k1", "sms:+15550001", None))
        .await
        .unwrap();
    assert!(created);
    assert_eq!(first.state, JobState::Queued);
    assert_eq!((first.attempts, first.run_at), (0, t0()));
    assert_eq!(first.payload, serde_json::json!({ "key": "k1" }));

    // The same key again, even with other content, is the first job.
    let mut again = job("k1", "sms:+15559999", Some(t0() + secs(60)));
    again.payload = serde_json::json!({ "other": true });
    let (second, created) = store.enqueue(&again).await.unwrap();
    assert!(!created);
    assert_eq!(second, first);

    // A batch goes through the write plan in one transaction, in the order given.
    let batch = store
        .enqueue_all(&[
            job("k2", "email:a@example.com", None),
            job("k1", "ignored", None),
            job("k3", "slack:C1", None),
            job("k2", "ignored", None),
        ])
        .await
        .unwrap();
    let keys: Vec<&str> = batch.iter().map(|j| j.idempotency_key.as_str()).collect();
    assert_eq!(keys, ["k2", "k1", "k3"]);
    assert_eq!(batch[1], first);
    assert_eq!(batch[0].destination, "email:a@example.com");
    assert_eq!(store.job(batch[2].id).await.unwrap(), batch[2]);
    assert!(matches!(
        store.job(JobId::from_db(999_999)).await,
        Err(StoreError::NotFound(_))
    ));
}

async fn claims_take_due_jobs_oldest_first(db: TestDb) {
    let (store, _) = open_at(&db).await;
    let (later, _) = store
        .enqueue(&job("later", "d1", Some(t0() + secs(10))))
        .await
        .unwrap();
    let (now, _) = store.enqueue(&job("now", "d2", None)).await.unwrap();
    let (earlier, _) = store
        .enqueue(&job("earlier", "d3", Some(t0() - secs(5))))
        .await
        .unwrap();

    let claimed = store.claim("w1", t0(), secs(30), 10).await.unwrap();
    assert_eq!(ids(&claimed), [earlier.id, now.id]);
    for j in &claimed {
        assert_eq!(j.state, JobState::Running);
        assert_eq!(j.attempts, 1);
        assert_eq!(j.leased_by.as_deref(), Some("w1"));
        assert_eq!(j.lease_until, Some(t0() + secs(30)));
    }
    // Running jobs under a live lease and jobs not yet due stay where they are.
    assert!(store
        .claim("w2", t0() + secs(9), secs(30), 10)
        .await
        .unwrap()
        .is_empty());
    let claimed = store
        .claim("w2", t0() + secs(10), secs(30), 10)
        .await
        .unwrap();
    assert_eq!(ids(&claimed), [later.id]);
    // A limit is a limit.
    store.enqueue(&job("a", "d4", None)).await.unwrap();
    store.enqueue(&job("b", "d5", None)).await.unwrap();
    assert_eq!(store.claim("w3", t0(), secs(30), 1).await.unwrap().len(), 1);
    assert!(store
        .claim("w3", t0(), secs(30), 0)
        .await
        .unwrap()
        .is_empty());
}

async fn an_expired_lease_is_taken_over_and_the_stale_worker_refused(db: TestDb) {
    let (store, _) = open_at(&db).await;
    let (j, _) = store
        .enqueue(&job("page-1", "sms:+15550001", None))
        .await
        .unwrap();
    assert_eq!(
        store.claim("w1", t0(), secs(30), 10).await.unwrap().len(),
        1
    );

    // w1 "crashes" mid-send. Until its lease ends nobody else may take the job...
    assert!(store
        .claim("w2", t0() + secs(29), secs(30), 10)
        .await
        .unwrap()
        .is_empty());
    // ...then w2 does, as a second attempt with the same idempotency key.
    let taken = store
        .claim("w2", t0() + secs(30), secs(30), 10)
        .await
        .unwrap();
    assert_eq!(ids(&taken), [j.id]);
    assert_eq!(taken[0].attempts, 2);
    assert_eq!(taken[0].idempotency_key, "page-1");
    assert_eq!(taken[0].leased_by.as_deref(), Some("w2"));

    // w1 comes back: whatever it says, w2's attempt stands.
    assert_eq!(
        store.complete(j.id, "w1").await.unwrap(),
        Settled::LostLease
    );
    assert_eq!(
        store.fail(j.id, "w1", "timeout", None).await.unwrap(),
        Settled::LostLease
    );
    assert_eq!(store.job(j.id).await.unwrap().state, JobState::Running);
    let done = recorded(store.complete(j.id, "w2").await.unwrap());
    assert_eq!(done.state, JobState::Done);
    assert_eq!(done.finished_at, Some(t0()));
    assert_eq!(done.lease_until, None);
    // Settling twice is refused too, and a done job is never claimed again.
    assert_eq!(
        store.complete(j.id, "w2").await.unwrap(),
        Settled::LostLease
    );
    assert!(store
        .claim("w3", t0() + secs(3600), secs(30), 10)
        .await
        .unwrap()
        .is_empty());
    assert!(matches!(
        store.complete(JobId::from_db(424_242), "w2").await,
        Err(StoreError::NotFound(_))
    ));

    // A worker whose lease ended but was not taken over still records its outcome.
    let (k, _) = store
        .enqueue(&job("page-2", "sms:+15550002", None))
        .await
        .unwrap();
    store.claim("w1", t0(), secs(30), 10).await.unwrap();
    let k = recorded(store.complete(k.id, "w1").await.unwrap());
    assert_eq!(k.state, JobState::Done);
}

async fn failures_back_off_then_die_and_an_admin_retries_them(db: TestDb) {
    let (store, clock) = open_at(&db).await;
    let policy = RetryPolicy {
        base: secs(5),
        cap: secs(8),
        max_attempts: 3,
    };
    let (j, _) = store
        .enqueue(&job("hook-1", "webhook:https://example.com/h", None))
        .await
        .unwrap();
    let mut now = t0();
    for (attempt, wait) in [(1u32, 5i64), (2, 8)] {
        let claimed = store.claim("w", now, secs(30), 10).await.unwrap();
        assert_eq!(claimed[0].attempts, attempt);
        let retry_at = policy.retry_at(now, attempt, 1.0);
        assert_eq!(retry_at, Some(now + secs(wait)));
        let failed = recorded(store.fail(j.id, "w", "HTTP 503", retry_at).await.unwrap());
        assert_eq!(
            (failed.state, failed.run_at),
            (JobState::Queued, now + secs(wait))
        );
        assert_eq!(failed.last_error.as_deref(), Some("HTTP 503"));
        assert_eq!((failed.leased_by, failed.lease_until), (None, None));
        // Not before its time.
        assert!(store
            .claim("w", now + secs(wait - 1), secs(30), 10)
            .await
            .unwrap()
            .is_empty());
        now += secs(wait);
    }
    let claimed = store.claim("w", now, secs(30), 10).await.unwrap();
    assert_eq!(claimed[0].attempts, 3);
    clock.set(now);
    assert_eq!(policy.retry_at(now, 3, 0.5), None);
    let dead = recorded(store.fail(j.id, "w", "HTTP 410 Gone", None).await.unwrap());
    assert_eq!((dead.state, dead.finished_at), (JobState::Dead, Some(now)));
    assert!(store
        .claim("w", now + secs(3600), secs(30), 10)
        .await
        .unwrap()
        .is_empty());

    // The dead-letter list, newest first, in pages.
    for key in ["hook-2", "hook-3"] {
        let (d, _) = store
            .enqueue(&job(key, "webhook:x", Some(now)))
            .await
            .unwrap();
        store.claim("w", now, secs(30), 10).await.unwrap();
        let _ = store.fail(d.id, "w", "refused", None).await.unwrap();
    }
    let page = store.dead_letters(None, 2).await.unwrap();
    let keys: Vec<&str> = page
        .items
        .iter()
        .map(|j| j.idempotency_key.as_str())
        .collect();
    assert_eq!(keys, ["hook-3", "hook-2"]);
    let rest = store.dead_letters(page.next_cursor, 2).await.unwrap();
    assert_eq!(ids(&rest.items), [j.id]);
    assert_eq!(rest.items[0].last_error.as_deref(), Some("HTTP 410 Gone"));
    assert_eq!(rest.next_cursor, None);

    // An admin retries: queued now, with a whole new schedule of attempts.
    let later = now + secs(600);
    let retried = store.retry_dead(j.id, later).await.unwrap();
    assert_eq!((retried.state, retried.attempts), (JobState::Queued, 0));
    assert_eq!((retried.run_at, retried.finished_at), (later, None));
    assert!(matches!(
        store.retry_dead(j.id, later).await,
        Err(StoreError::JobNotDead { .. })
    ));
    assert!(matches!(
        store.retry_dead(JobId::from_db(99_999), later).await,
        Err(StoreError::NotFound(_))
    ));
    let again = store.claim("w", later, secs(30), 10).await.unwrap();
    assert_eq!((ids(&again), again[0].attempts), (vec![j.id], 1));
    assert_eq!(store.dead_letters(None, 10).await.unwrap().items.len(), 2);
    let counts = store.job_counts().await.unwrap();
    assert_eq!(
        counts,
        [("dead".to_string(), 2), ("running".to_string(), 1)]
    );
}

async fn one_destination_cannot_starve_the_others(db: TestDb) {
    let (store, _) = open_at(&db).await;
    let storm: Vec<NewJob> = (0..50)
        .map(|i| {
            job(
                &format!("storm-{i}"),
                "slack:C-storm",
                Some(t0() - secs(100 - i)),
            )
        })
        .collect();
    store.enqueue_all(&storm).await.unwrap();
    store
        .enqueue(&job("page", "sms:+15550001", None))
        .await
        .unwrap();
    store
        .enqueue(&job("mail-1", "email:a@example.com", Some(t0() - secs(1))))
        .await
        .unwrap();
    store
        .enqueue(&job("mail-2", "email:a@example.com", None))
        .await
        .unwrap();

    let per = PER_DESTINATION as usize;
    let claimed = store.claim("w", t0(), secs(30), 20).await.unwrap();
    let mut by_destination: HashMap<&str, usize> = HashMap::new();
    for j in &claimed {
        *by_destination.entry(j.destination.as_str()).or_default() += 1;
    }
    assert_eq!(by_destination["slack:C-storm"], per);
    assert_eq!(by_destination["sms:+15550001"], 1);
    assert_eq!(by_destination["email:a@example.com"], 2);
    // Within the storm, oldest first.
    let storm_keys: Vec<String> = claimed
        .iter()
        .filter(|j| j.destination == "slack:C-storm")
        .map(|j| j.idempotency_key.clone())
        .collect();
    let expected: Vec<String> = (0..per).map(|i| format!("storm-{i}")).collect();
    assert_eq!(storm_keys, expected);

    // The storm drains a few at a time, each claim taking the next oldest.
    let next = store.claim("w", t0(), secs(30), 20).await.unwrap();
    assert_eq!(next.len(), per);
    assert_eq!(next[0].idempotency_key, format!("storm-{per}"));
}

async fn concurrent_claimers_take_each_job_exactly_once(db: TestDb) {
    const JOBS: usize = 600;
    let (store, _) = open_at(&db).await;
    let all: Vec<NewJob> = (0..JOBS)
        .map(|i| {
            job(
                &format!("job-{i}"),
                &format!("dest-{}", i % 40),
                Some(t0() - secs(i as i64 % 7)),
            )
        })
        .collect();
    for chunk in all.chunks(100) {
        store.enqueue_all(chunk).await.unwrap();
    }
    // On PostgreSQL a second store stands for a second instance, with a pool of its own.
    let other = match store.dialect() {
        Dialect::Postgres => open_at(&db).await.0,
        Dialect::Sqlite => store.clone(),
    };
    let seen = Arc::new(Mutex::new(HashSet::new()));
    let total = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for w in 0..8 {
        let s = if w % 2 == 0 {
            store.clone()
        } else {
            other.clone()
        };
        let (seen, total) = (seen.clone(), total.clone());
        tasks.push(tokio::spawn(async move {
            let worker = format!("worker-{w}");
            while total.load(Ordering::SeqCst) < JOBS {
                let claimed = s.claim(&worker, t0(), secs(600), 7).await.unwrap();
                if claimed.is_empty() {
                    // Others hold the rest for the moment.
                    tokio::task::yield_now().await;
                    continue;
                }
                for j in claimed {
                    assert!(
                        seen.lock().unwrap().insert(j.id),
                        "job {} claimed twice",
                        j.id
                    );
                    assert_eq!(j.attempts, 1);
                    total.fetch_add(1, Ordering::SeqCst);
                    let _ = recorded(s.complete(j.id, &worker).await.unwrap());
                }
            }
        }));
    }
    for t in tasks {
        tokio::time::timeout(Duration::from_secs(120), t)
            .await
            .expect("claimers finish")
            .unwrap();
    }
    assert_eq!(seen.lock().unwrap().len(), JOBS);
    assert_eq!(total.load(Ordering::SeqCst), JOBS);
    assert!(store
        .claim("late", t0(), secs(600), 100)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        store.job_counts().await.unwrap(),
        [("done".to_string(), JOBS as i64)]
    );
}

async fn an_enqueue_wakes_an_idle_worker(db: TestDb) {
    let (store, _) = open_at(&db).await;
    // On PostgreSQL the enqueue comes from another instance (a store on a URL of its own, so
    // only the NOTIFY can carry the wake-up); on SQLite from the same process.
    let producer = match store.dialect() {
        Dialect::Postgres => {
            let opts = StoreOptions::new(format!("{}&application_name=goldseam_producer", db.url));
            Store::open(opts).await.unwrap()
        }
        Dialect::Sqlite => {
            let mut waker = store.job_waker().await.unwrap();
            assert_eq!(waker.wait(Duration::from_millis(50)).await, Wake::TimedOut);
            store.clone()
        }
    };
    let mut waker = store.job_waker().await.unwrap();
    let waiting = tokio::spawn(async move {
        let woke = waker.wait(Duration::from_secs(60)).await;
        (woke, waker)
    });
    producer
        .enqueue(&job("wake-1", "sms:+15550001", Some(t0())))
        .await
        .unwrap();
    let (woke, mut waker) = waiting.await.unwrap();
    assert_eq!(woke, Wake::Enqueued);
    assert_eq!(store.claim("w", t0(), secs(30), 10).await.unwrap().len(), 1);

    // An enqueue between a worker's empty claim and its wait is not lost.
    producer
        .enqueue(&job("wake-2", "sms:+15550001", Some(t0())))
        .await
        .unwrap();
    assert_eq!(waker.wait(Duration::from_secs(60)).await, Wake::Enqueued);
    // A repeated key wakes nobody on SQLite (nothing new); PostgreSQL is not asserted, as
    // other tests' schemas share the channel.
    if store.dialect() == Dialect::Sqlite {
        producer
            .enqueue(&job("wake-2", "sms:+15550001", Some(t0())))
            .await
            .unwrap();
        assert_eq!(waker.wait(Duration::from_millis(50)).await, Wake::TimedOut);
    }
}

goldseam_testdb::on_both_databases!(
    enqueuing_is_idempotent_by_key,
    claims_take_due_jobs_oldest_first,
    an_expired_lease_is_taken_over_and_the_stale_worker_refused,
    failures_back_off_then_die_and_an_admin_retries_them,
    one_destination_cannot_starve_the_others,
    concurrent_claimers_take_each_job_exactly_once,
    an_enqueue_wakes_an_idle_worker,
);
