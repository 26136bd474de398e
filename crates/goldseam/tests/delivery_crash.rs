//! The delivery engine's proof: SIGKILL `goldseam serve` while 1,000 pages are in flight,
//! start it again, and every page is delivered, its effect once.
//!
//! What is asserted, precisely (counted by idempotency key at the fake provider):
//! 1. the keys the fake accepted are exactly the 1,000 enqueued (none lost);
//! 2. the fake, deduplicating by key as Twilio's status callbacks and webhook receivers can,
//!    records one effect per key: 1,000 effects;
//! 3. a key reaches the fake more than once on the wire only if its job was `running` (leased
//!    to the killed process) at the moment of the kill: the documented rule for a send whose
//!    outcome is unknown, and never more than the engine's concurrency;
//! 4. every job ends `done` in the database.

mod common;

use common::{serve, Server};
use goldseam_core::delivery::{Delivery, SmsMessage, WebhookCall};
use goldseam_core::JobState;
use goldseam_integrations::fake::{FakeProvider, Mode};
use goldseam_store::jobs::NewJob;
use goldseam_store::{Store, StoreOptions};
use goldseam_testdb::{Kind, TestDb};
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

const JOBS: usize = 1000;
const CONCURRENCY: usize = 8;
/// The engine's send timeout in these tests (the lease is twice as long).
const TIMEOUT_SECS: u64 = 5;

async fn start(db_url: &str, dir: &std::path::Path, fake: &FakeProvider) -> Server {
    let env = [
        (
            "GOLDSEAM_ADMIN_PASSWORD",
            "correct horse battery".to_string(),
        ),
        ("GOLDSEAM_DELIVERY_CONCURRENCY", CONCURRENCY.to_string()),
        // Long enough that a send held by the fake is still in flight when the test kills the
        // process, however busy the machine; the lease, which must exceed it, is how long the
        // restarted server waits before sending what the killed one held.
        ("GOLDSEAM_DELIVERY_TIMEOUT_SECS", TIMEOUT_SECS.to_string()),
        (
            "GOLDSEAM_DELIVERY_LEASE_SECS",
            (2 * TIMEOUT_SECS).to_string(),
        ),
        ("GOLDSEAM_TWILIO_BASE_URL", fake.base.clone()),
        ("GOLDSEAM_TWILIO_ACCOUNT_SID", "AC1".to_string()),
        ("GOLDSEAM_TWILIO_AUTH_TOKEN", "token".to_string()),
        ("GOLDSEAM_TWILIO_FROM", "+15550000000".to_string()),
    ];
    serve(db_url, dir, &env).await.0
}

/// Half SMS to distinct numbers through Twilio's shape, half webhooks.
fn pages(fake: &FakeProvider) -> Vec<NewJob> {
    (0..JOBS)
        .map(|i| {
            let d = if i % 2 == 0 {
                Delivery::Sms(SmsMessage {
                    to: format!("+1555{i:07}"),
                    body: format!("page {i}"),
                })
            } else {
                Delivery::Webhook(WebhookCall {
                    url: format!("{}/hook/{i}", fake.base),
                    body: serde_json::json!({"page": i}),
                })
            };
            NewJob {
                kind: d.kind().into(),
                destination: d.destination(),
                idempotency_key: format!("crash-{i}"),
                payload: d.payload(),
                incident_id: None,
                run_at: None,
            }
        })
        .collect()
}

async fn running_keys(store: &Store) -> HashSet<String> {
    let mut keys = HashSet::new();
    let page = store.dead_letters(None, 1).await.unwrap();
    assert!(page.items.is_empty(), "nothing may die: {:?}", page.items);
    // The pages are not the only jobs: the engine queues the follow-up reminders' tick when it
    // starts, so ids are looked at a little past the pages' count and only the pages kept.
    for id in 1..=(JOBS as i64 + 10) {
        let Ok(job) = store.job(goldseam_core::JobId::from_db(id)).await else {
            continue;
        };
        if job.state == JobState::Running && job.idempotency_key.starts_with("crash-") {
            keys.insert(job.idempotency_key);
        }
    }
    keys
}

async fn crash_and_recover(db: TestDb, instances: usize) {
    let fake = FakeProvider::spawn().await;
    // Each send takes a while, so many are in flight when the process dies.
    fake.set_mode("sms", Mode::Accept(Duration::from_millis(15)));
    fake.set_mode("webhook", Mode::Accept(Duration::from_millis(15)));
    let dir =
        std::env::temp_dir().join(format!("goldseam-crash-{}-{instances}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let victim = start(&db.url, &dir, &fake).await;
    let survivor = if instances > 1 {
        Some(start(&db.url, &dir, &fake).await)
    } else {
        None
    };
    let store = Store::open(StoreOptions::new(&db.url)).await.unwrap();
    let started = Instant::now();
    store.enqueue_all(&pages(&fake)).await.unwrap();
    let got = fake.wait_for_keys(JOBS / 4, Duration::from_secs(20)).await;
    assert!(
        (JOBS / 4..JOBS).contains(&got),
        "{got} delivered before the kill"
    );
    // From here the fake holds every send unanswered, so sends are certainly in flight when the
    // process dies, instead of hoping the kill falls between two of them.
    fake.set_mode("sms", Mode::Hold);
    fake.set_mode("webhook", Mode::Hold);
    let held = fake.wait_for_held(1, Duration::from_secs(20)).await;
    assert!(held >= 1, "no send reached the fake to be held");
    victim.kill();
    let in_flight = running_keys(&store).await;
    assert!(
        !in_flight.is_empty() || instances > 1,
        "nothing was in flight at the kill although {held} sends were held"
    );
    fake.set_mode("sms", Mode::Accept(Duration::from_millis(15)));
    fake.set_mode("webhook", Mode::Accept(Duration::from_millis(15)));
    let _restarted = match survivor {
        Some(s) => s,
        None => start(&db.url, &dir, &fake).await,
    };
    let got = fake
        .wait_for_keys(JOBS, Duration::from_secs(40 + 2 * TIMEOUT_SECS))
        .await;
    assert_eq!(got, JOBS, "every page is delivered");

    // 1 and 2: exactly the enqueued keys, one effect each.
    let per_key: HashMap<String, usize> = fake.accepted_per_key();
    let expected: HashSet<String> = (0..JOBS).map(|i| format!("crash-{i}")).collect();
    assert_eq!(per_key.keys().cloned().collect::<HashSet<_>>(), expected);
    let effects: HashSet<&String> = per_key.keys().collect();
    assert_eq!(effects.len(), JOBS);
    // 3: repeats on the wire only for jobs the killed process held.
    let repeated: Vec<&String> = per_key
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(k, _)| k)
        .collect();
    for k in &repeated {
        assert!(
            in_flight.contains(*k),
            "{k} was sent twice but was not in flight at the kill"
        );
    }
    assert!(repeated.len() <= CONCURRENCY, "{} repeats", repeated.len());
    // 4: all done.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mut counts = store.job_counts_of("sms").await.unwrap();
        counts.extend(store.job_counts_of("webhook").await.unwrap());
        let done: i64 = counts
            .iter()
            .filter(|(s, _)| s == "done")
            .map(|(_, n)| n)
            .sum();
        if done == JOBS as i64 && counts.iter().all(|(s, _)| s == "done") {
            break;
        }
        assert!(Instant::now() < deadline, "jobs left: {counts:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    eprintln!(
        "{instances} instance(s): {JOBS} delivered in {:?}, {} in flight at the kill, {} sent twice on the wire",
        started.elapsed(),
        in_flight.len(),
        repeated.len()
    );
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_sigkill_while_pages_are_in_flight_loses_none_and_doubles_none() {
    crash_and_recover(TestDb::new(Kind::Sqlite).await, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_sigkill_while_pages_are_in_flight_loses_none_and_doubles_none() {
    crash_and_recover(TestDb::new(Kind::Postgres).await, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_two_instances_one_killed_lose_none_and_double_none() {
    crash_and_recover(TestDb::new(Kind::Postgres).await, 2).await;
}
