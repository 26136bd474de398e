//! The delivery engine inside a real server, against the local fake providers, on both
//! databases: retries with backoff, a hanging provider, 429 Retry-After, rate limits with
//! bundling, the crashed-worker rule, and the dead-letter API.

mod common;

use common::TestApp;
use goldseam_core::delivery::{Delivery, SlackPost, SmsMessage, WebhookCall};
use goldseam_core::{JobId, JobState, RetryPolicy, UserRole};
use goldseam_integrations::fake::{FakeProvider, Mode};
use goldseam_integrations::{Channels, Secret, Slack, SlackConfig, Twilio, TwilioConfig};
use goldseam_server::engine::EngineConfig;
use goldseam_server::ServerConfig;
use goldseam_store::jobs::{Job, NewJob};
use goldseam_testdb::TestDb;
use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::json;
use std::time::{Duration, Instant};

const PROVIDER_TIMEOUT: Duration = Duration::from_millis(300);

fn channels(fake: &FakeProvider) -> Channels {
    Channels {
        twilio: Some(Twilio::new(TwilioConfig {
            base_url: fake.base.clone(),
            account_sid: "AC1".into(),
            auth_token: Secret::new("tok"),
            from: "+15550000000".into(),
            callback_base: "http://goldseam.test/api/v1/integrations/twilio".into(),
            timeout: Duration::from_secs(5),
        })),
        slack: Some(Slack::new(SlackConfig {
            base_url: fake.base.clone(),
            bot_token: Secret::new("xoxb-1"),
            timeout: Duration::from_secs(5),
        })),
        ..Channels::default()
    }
}

async fn spawn(db: &TestDb, fake: &FakeProvider, retry: RetryPolicy) -> TestApp {
    spawn_with_timeout(db, fake, retry, PROVIDER_TIMEOUT).await
}

async fn spawn_with_timeout(
    db: &TestDb,
    fake: &FakeProvider,
    retry: RetryPolicy,
    timeout: Duration,
) -> TestApp {
    TestApp::spawn_with(
        db,
        ServerConfig {
            delivery: EngineConfig {
                enabled: true,
                timeout,
                poll: Duration::from_millis(50),
                retry,
                channels: channels(fake),
                ..EngineConfig::default()
            },
            ..ServerConfig::default()
        },
    )
    .await
}

fn slow_retries() -> RetryPolicy {
    RetryPolicy {
        base: SignedDuration::from_secs(60),
        ..RetryPolicy::default()
    }
}

fn new_job(d: &Delivery, key: &str) -> NewJob {
    NewJob {
        kind: d.kind().into(),
        destination: d.destination(),
        idempotency_key: key.into(),
        payload: d.payload(),
        incident_id: None,
        run_at: None,
    }
}

fn sms(to: &str, body: &str) -> Delivery {
    Delivery::Sms(SmsMessage {
        to: to.into(),
        body: body.into(),
    })
}

fn slack(channel: &str, text: &str) -> Delivery {
    Delivery::Slack(SlackPost {
        channel: channel.into(),
        text: text.into(),
        page_id: None,
    })
}

async fn enqueue(app: &TestApp, d: &Delivery, key: &str) -> Job {
    app.store.enqueue(&new_job(d, key)).await.unwrap().0
}

/// Polls the job until `done` holds, or fails after `within`.
async fn wait_job(app: &TestApp, id: JobId, within: Duration, done: impl Fn(&Job) -> bool) -> Job {
    let deadline = Instant::now() + within;
    loop {
        let job = app.store.job(id).await.unwrap();
        if done(&job) {
            return job;
        }
        assert!(Instant::now() < deadline, "job never got there: {job:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn a_failed_send_is_retried_later_with_backoff(db: TestDb) {
    let fake = FakeProvider::spawn().await;
    fake.set_mode("sms", Mode::Status(503));
    let app = spawn(&db, &fake, slow_retries()).await;
    let job = enqueue(&app, &sms("+15551234567", "INC-1"), "k1").await;
    let job = wait_job(&app, job.id, Duration::from_secs(5), |j| {
        j.attempts == 1 && j.state == JobState::Queued
    })
    .await;
    // Equal jitter: between half and all of the 60 s base after the failure.
    let delay = job.run_at.duration_since(job.updated_at);
    assert!(
        delay >= SignedDuration::from_secs(30) && delay <= SignedDuration::from_secs(60),
        "retry in {delay:?}"
    );
    assert!(job.last_error.unwrap().contains("503"));
    assert_eq!(fake.received().len(), 1, "not retried before its time");
}

async fn a_hanging_provider_does_not_block_other_deliveries(db: TestDb) {
    let fake = FakeProvider::spawn().await;
    // The call hangs until the test lets it go, and the engine would wait a minute: the page can
    // only be delivered meanwhile if it does not queue behind the hung call. (Measured against
    // the clock instead, a busy machine could make the page late for reasons of its own.)
    fake.set_mode("slack", Mode::Hold);
    let app = spawn_with_timeout(&db, &fake, slow_retries(), Duration::from_secs(60)).await;
    let hung = enqueue(&app, &slack("C-HANG", "INC-1 declared"), "hang").await;
    assert_eq!(
        fake.wait_for_held(1, Duration::from_secs(10)).await,
        1,
        "the call reaches the provider and hangs"
    );
    let page = enqueue(&app, &sms("+15551234567", "INC-1 page"), "page").await;
    wait_job(&app, page.id, Duration::from_secs(10), |j| {
        j.state == JobState::Done
    })
    .await;
    assert_eq!(
        fake.held(),
        1,
        "the page went out while the call still hung"
    );
    assert_eq!(
        app.store.job(hung.id).await.unwrap().state,
        JobState::Running
    );
    fake.set_mode("slack", Mode::Accept(Duration::ZERO));
    wait_job(&app, hung.id, Duration::from_secs(10), |j| {
        j.state == JobState::Done
    })
    .await;
}

async fn a_hanging_provider_times_out_into_the_dead_letters(db: TestDb) {
    let fake = FakeProvider::spawn().await;
    fake.set_mode("slack", Mode::Hang);
    let retry = RetryPolicy {
        base: SignedDuration::from_millis(100),
        cap: SignedDuration::from_millis(100),
        max_attempts: 2,
    };
    let app = spawn(&db, &fake, retry).await;
    let admin = app.user("Ana", UserRole::Admin).await;
    let hung = enqueue(&app, &slack("C-HANG", "INC-1 declared"), "hang").await;
    let dead = wait_job(&app, hung.id, Duration::from_secs(10), |j| {
        j.state == JobState::Dead
    })
    .await;
    assert_eq!(dead.attempts, 2);
    let r = app.get(&admin, "/api/v1/admin/dead-letters").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let items = r.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], hung.id.get());
    assert_eq!(items[0]["destination"], "slack:C-HANG");
    let why = items[0]["last_error"].as_str().unwrap();
    assert!(why.contains("did not answer within 0.3 s"), "{why}");
}

async fn a_429_waits_its_retry_after_without_spending_an_attempt(db: TestDb) {
    let fake = FakeProvider::spawn().await;
    fake.set_mode("slack", Mode::RateLimit(1));
    let app = spawn(&db, &fake, slow_retries()).await;
    let job = enqueue(&app, &slack("C1", "hello"), "k429").await;
    let waiting = wait_job(&app, job.id, Duration::from_secs(5), |j| {
        j.state == JobState::Queued && !fake.received().is_empty()
    })
    .await;
    assert_eq!(waiting.attempts, 0, "a 429 is not a failed attempt");
    assert!(waiting.run_at > waiting.updated_at);
    fake.set_mode("slack", Mode::Accept(Duration::ZERO));
    let done = wait_job(&app, job.id, Duration::from_secs(5), |j| {
        j.state == JobState::Done
    })
    .await;
    assert_eq!(done.attempts, 1);
    let first = fake.received()[0].at;
    let second = fake.accepted()[0].at;
    assert!(second.duration_since(first) >= Duration::from_millis(900));
}

async fn a_storm_to_one_slack_channel_is_bundled_and_never_delays_another_destination(db: TestDb) {
    let fake = FakeProvider::spawn().await;
    let app = spawn(&db, &fake, slow_retries()).await;
    let storm: Vec<NewJob> = (0..200)
        .map(|i| {
            new_job(
                &slack("C-STORM", &format!("update {i}")),
                &format!("storm-{i}"),
            )
        })
        .collect();
    app.store.enqueue_all(&storm).await.unwrap();
    let enqueued = Instant::now();
    let page = enqueue(&app, &sms("+15551234567", "INC-9 SEV1"), "the-page").await;
    wait_job(&app, page.id, Duration::from_secs(10), |j| {
        j.state == JobState::Done
    })
    .await;
    // Behind the storm, the page would wait for its 200 jobs to pass the channel's one slot a
    // second, four at a time: close to a minute. The bound leaves room for a busy machine.
    assert!(
        enqueued.elapsed() < Duration::from_secs(5),
        "the page took {:?} behind the storm",
        enqueued.elapsed()
    );
    // The storm drains at one message a second, each a bundle of what waited.
    let deadline = Instant::now() + Duration::from_secs(10);
    while fake
        .accepted()
        .iter()
        .filter(|r| r.channel == "slack")
        .count()
        < 3
    {
        assert!(Instant::now() < deadline, "the storm does not drain");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let posts: Vec<_> = fake
        .accepted()
        .into_iter()
        .filter(|r| r.channel == "slack")
        .collect();
    for pair in posts.windows(2) {
        let gap = pair[1].at.duration_since(pair[0].at);
        assert!(gap >= Duration::from_millis(900), "two posts {gap:?} apart");
    }
    assert!(
        posts[1].text.starts_with("20 new messages:\n• update"),
        "{}",
        posts[1].text
    );
    // The page, then three posts of 20 storm jobs each, once the outcome of the last post's
    // jobs is recorded (the fake accepts a post before its jobs are marked done).
    loop {
        // The follow-up reminders' tick is done work too, but not this test's.
        let done = |counts: Vec<(String, i64)>| {
            counts
                .into_iter()
                .find(|(s, _)| s == "done")
                .map_or(0, |(_, n)| n)
        };
        let done = done(app.store.job_counts().await.unwrap())
            - done(
                app.store
                    .job_counts_of(goldseam_store::follow_ups::REMINDER_KIND)
                    .await
                    .unwrap(),
            );
        if done >= 61 {
            break;
        }
        assert!(Instant::now() < deadline, "{done} jobs done");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn a_job_claimed_too_often_by_crashing_workers_is_not_sent_again(db: TestDb) {
    let fake = FakeProvider::spawn().await;
    let retry = RetryPolicy {
        max_attempts: 2,
        ..slow_retries()
    };
    let job = {
        // Two workers claimed it and died (their leases end at once), before this server runs.
        let store = goldseam_store::Store::open(goldseam_store::StoreOptions::new(&db.url))
            .await
            .unwrap();
        let job = store
            .enqueue(&new_job(&sms("+15551234567", "x"), "crashy"))
            .await
            .unwrap()
            .0;
        for w in ["dead-1", "dead-2"] {
            let claimed = store
                .claim(w, store.now(), SignedDuration::ZERO, 10)
                .await
                .unwrap();
            assert_eq!(claimed.len(), 1);
        }
        job
    };
    let app = spawn(&db, &fake, retry).await;
    let dead = wait_job(&app, job.id, Duration::from_secs(5), |j| {
        j.state == JobState::Dead
    })
    .await;
    assert_eq!(dead.attempts, 3);
    assert!(dead.last_error.unwrap().contains("claimed 3 times"));
    assert!(fake.received().is_empty(), "not sent a third time");
}

async fn admins_list_and_retry_dead_letters_and_nobody_else_can(db: TestDb) {
    let fake = FakeProvider::spawn().await;
    fake.set_mode("webhook", Mode::Status(410));
    let app = spawn(&db, &fake, slow_retries()).await;
    let admin = app.user("Ana", UserRole::Admin).await;
    let member = app.user("Bo", UserRole::Member).await;
    let hook = Delivery::Webhook(WebhookCall {
        url: format!("{}/hook/gone", fake.base),
        body: json!({"type": "incident.declared"}),
    });
    let mut ids = Vec::new();
    for i in 0..3 {
        let j = enqueue(&app, &hook, &format!("gone-{i}")).await;
        wait_job(&app, j.id, Duration::from_secs(5), |j| {
            j.state == JobState::Dead
        })
        .await;
        ids.push(j.id);
    }
    for path in [
        "/api/v1/admin/dead-letters".to_string(),
        format!("/api/v1/admin/dead-letters/{}/retry", ids[0]),
    ] {
        let r = if path.ends_with("retry") {
            app.post(&member, &path, json!({})).await
        } else {
            app.get(&member, &path).await
        };
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}: {}", r.body);
    }
    let page1 = app.get(&admin, "/api/v1/admin/dead-letters?limit=2").await;
    assert_eq!(page1.status, StatusCode::OK);
    let got: Vec<i64> = page1.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert_eq!(got, [ids[2].get(), ids[1].get()], "newest first");
    assert!(page1.body["items"][0]["last_error"]
        .as_str()
        .unwrap()
        .contains("410"));
    let cursor = page1.body["next_cursor"].as_str().unwrap();
    let page2 = app
        .get(
            &admin,
            &format!("/api/v1/admin/dead-letters?limit=2&cursor={cursor}"),
        )
        .await;
    assert_eq!(page2.body["items"][0]["id"], ids[0].get());
    assert!(page2.body["next_cursor"].is_null());
    let bad = app
        .get(&admin, "/api/v1/admin/dead-letters?limit=0&colour=red")
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);

    // The receiver is back: a retry delivers it, with a whole set of attempts.
    fake.set_mode("webhook", Mode::Accept(Duration::ZERO));
    let r = app
        .post(
            &admin,
            &format!("/api/v1/admin/dead-letters/{}/retry", ids[0]),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["state"], "queued");
    assert_eq!(r.body["attempts"], 0);
    wait_job(&app, ids[0], Duration::from_secs(5), |j| {
        j.state == JobState::Done
    })
    .await;
    assert_eq!(fake.accepted_per_key().get("gone-0"), Some(&1));
    let again = app
        .post(
            &admin,
            &format!("/api/v1/admin/dead-letters/{}/retry", ids[0]),
            json!({}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert!(again.body["detail"]
        .as_str()
        .unwrap()
        .contains("only dead jobs"));
    let missing = app
        .post(&admin, "/api/v1/admin/dead-letters/999999/retry", json!({}))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let nonsense = app
        .post(&admin, "/api/v1/admin/dead-letters/abc/retry", json!({}))
        .await;
    assert_eq!(nonsense.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(nonsense.body["errors"][0]["field"], "id");
}

goldseam_testdb::on_both_databases!(
    a_failed_send_is_retried_later_with_backoff,
    a_hanging_provider_does_not_block_other_deliveries,
    a_hanging_provider_times_out_into_the_dead_letters,
    a_429_waits_its_retry_after_without_spending_an_attempt,
    a_storm_to_one_slack_channel_is_bundled_and_never_delays_another_destination,
    a_job_claimed_too_often_by_crashing_workers_is_not_sent_again,
    admins_list_and_retry_dead_letters_and_nobody_else_can,
);
