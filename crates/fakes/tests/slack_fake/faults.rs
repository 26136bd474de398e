//! Injected faults and the down switch.

use super::support::*;
use goldseam_fakes::slack::{Down, Fault};
use serde_json::json;

#[tokio::test]
async fn injected_faults_answer_then_wear_off() {
    let fake = fake().await;
    fake.fail_next(
        "conversations.create",
        1,
        Fault::Error("fatal_error".into()),
    );
    fake.fail_next("conversations.create", 1, Fault::Status(503));
    assert_eq!(
        err(&fake, "conversations.create", json!({"name": "a"})).await,
        "fatal_error"
    );
    let (status, _, _) = call(&fake, "conversations.create", json!({"name": "a"})).await;
    assert_eq!(status, 503);
    assert!(fake.channels().is_empty(), "failed calls have no effect");
    ok(&fake, "conversations.create", json!({"name": "a"})).await;
    fake.fail_next(
        "auth.test",
        1,
        Fault::Delay(std::time::Duration::from_millis(200)),
    );
    let started = std::time::Instant::now();
    ok(&fake, "auth.test", json!({})).await;
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(200),
        "a delayed call answers late"
    );
    fake.fail_next("auth.test", 1, Fault::Hang);
    let hung = tokio::time::timeout(
        std::time::Duration::from_millis(300),
        call(&fake, "auth.test", json!({})),
    )
    .await;
    assert!(hung.is_err(), "a hanging call never answers");
}

#[tokio::test]
async fn down_refuses_connections_or_answers_503_until_it_is_up_again() {
    let fake = fake().await;
    let http = reqwest::Client::new();
    let url = format!("{}/api/auth.test", fake.url());
    fake.set_down(Down::Unavailable);
    assert_eq!(http.post(&url).send().await.unwrap().status(), 503);
    fake.set_down(Down::Refused);
    let mut refused = false;
    for _ in 0..200 {
        match reqwest::Client::new().post(&url).send().await {
            Err(e) if e.is_connect() => {
                refused = true;
                break;
            }
            _ => tokio::time::sleep(std::time::Duration::from_millis(10)).await,
        }
    }
    assert!(refused, "connections are refused while down");
    fake.set_down(Down::Up);
    let mut back = false;
    for _ in 0..200 {
        if let Ok(r) = reqwest::Client::new()
            .post(&url)
            .bearer_auth(fake.options().bot_token)
            .send()
            .await
        {
            back = r.status() == 200;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(back, "the same port answers again once up");
}
