//! Rate limiting, injected faults, and the server going away.

use crate::support::*;
use goldseam_fakes::mattermost::{Down, Fault, RateLimit};
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test]
async fn over_the_rate_limit_a_call_gets_429_with_retry_after_and_has_no_effect() {
    let fake = fake().await;
    let id = channel(&fake, "inc-1", "O").await;
    fake.set_rate_limit(Some(RateLimit {
        per_sec: 1,
        max_burst: 1,
    }));
    let body = json!({"channel_id": id, "message": "x"});
    let first = call(&fake, "POST", "/posts", Some(body.clone())).await;
    assert_eq!(first.status, 201);
    assert_eq!(
        (
            first.header("x-ratelimit-limit"),
            first.header("x-ratelimit-remaining")
        ),
        ("2", "1")
    );
    assert_eq!(
        call(&fake, "POST", "/posts", Some(body.clone()))
            .await
            .status,
        201
    );
    let refused = call(&fake, "POST", "/posts", Some(body)).await;
    assert_eq!(refused.status, 429);
    assert_eq!(refused.body, "limit exceeded\n");
    assert_eq!(
        (
            refused.header("retry-after"),
            refused.header("x-ratelimit-remaining")
        ),
        ("1", "0")
    );
    let reset: u64 = refused.header("x-ratelimit-reset").parse().unwrap();
    assert!((1..=2).contains(&reset), "{reset}");
    assert_eq!(fake.messages(&id).len(), 2, "the refused post was not made");
    assert_eq!(
        fake.calls_to("POST /posts").last().map(|c| c.status),
        Some(429)
    );
    fake.set_rate_limit(None);
    assert_eq!(
        call(&fake, "GET", "/users/me", None)
            .await
            .header("x-ratelimit-limit"),
        ""
    );
}

#[tokio::test]
async fn an_injected_error_answers_like_mattermost_for_its_count_then_the_endpoint_works() {
    let fake = fake().await;
    let id = channel(&fake, "inc-2", "O").await;
    fake.inject(
        "POST /posts",
        2,
        Fault::error(500, "app.post.save.app_error"),
    );
    fake.inject("GET /users/me", 1, Fault::Status(502));
    let body = json!({"channel_id": id, "message": "x"});
    for _ in 0..2 {
        let res = call(&fake, "POST", "/posts", Some(body.clone())).await;
        assert_eq!(
            (res.status, res.body["id"].as_str()),
            (500, Some("app.post.save.app_error"))
        );
        assert_eq!(res.body["status_code"], 500);
    }
    assert_eq!(call(&fake, "POST", "/posts", Some(body)).await.status, 201);
    assert_eq!(fake.messages(&id).len(), 1);
    let proxy = call(&fake, "GET", "/users/me", None).await;
    assert_eq!(
        (proxy.status, proxy.body.as_str()),
        (502, Some("Bad Gateway"))
    );
    assert_eq!(call(&fake, "GET", "/users/me", None).await.status, 200);
}

#[tokio::test]
async fn a_hanging_call_is_logged_unanswered_and_a_delayed_one_answers_late() {
    let fake = fake().await;
    fake.inject("GET /users/me", 1, Fault::Hang);
    fake.inject(
        "GET /users/{id}",
        1,
        Fault::Delay(Duration::from_millis(300)),
    );
    let client = reqwest::Client::new();
    let url = format!("{}/api/v4/users/me", fake.url());
    let hung = client
        .get(&url)
        .bearer_auth(fake.bot_token())
        .timeout(Duration::from_millis(200))
        .send()
        .await;
    assert!(hung.unwrap_err().is_timeout());
    assert_eq!(fake.calls_to("GET /users/me")[0].status, 0);
    let started = Instant::now();
    let res = call(&fake, "GET", &format!("/users/{}", fake.bot_id()), None).await;
    assert_eq!(res.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn down_refused_closes_the_port_and_sockets_and_up_serves_again_on_the_same_port() {
    let fake = fake().await;
    let (mut ws, _) = connect(&fake).await;
    fake.set_down(Down::Refused).await;
    let closed = tokio::time::timeout(PATIENCE, futures::StreamExt::next(&mut ws))
        .await
        .unwrap();
    assert!(closed.is_none_or(|m| m.is_err() || m.unwrap().is_close()));
    let url = format!("{}/api/v4/users/me", fake.url());
    let err = reqwest::Client::new().get(&url).send().await.unwrap_err();
    assert!(err.is_connect(), "{err}");
    fake.set_down(Down::Unavailable).await;
    let res = call(&fake, "GET", "/users/me", None).await;
    assert_eq!(res.status, 503);
    let upgrade = tokio_tungstenite::connect_async(fake.ws_url()).await;
    assert!(upgrade.is_err(), "the upgrade is refused with 503");
    fake.set_down(Down::Up).await;
    assert_eq!(call(&fake, "GET", "/users/me", None).await.status, 200);
    ws_raw(&fake).await;
}

#[tokio::test]
async fn a_throttled_route_answers_429_like_a_proxy_and_other_routes_go_on() {
    let fake = fake().await;
    fake.set_rate_limit(Some(RateLimit::MATTERMOST));
    let id = channel(&fake, "inc-3", "O").await;
    let posted = post(&fake, &id, "v1", json!({})).await;
    let patch = format!("/posts/{}/patch", posted["id"].as_str().unwrap());
    fake.inject(
        "PUT /posts/{id}/patch",
        2,
        Fault::Throttled(Duration::from_secs(120)),
    );
    for _ in 0..2 {
        let refused = call(&fake, "PUT", &patch, Some(json!({"message": "v2"}))).await;
        assert_eq!(refused.status, 429);
        assert_eq!(refused.header("retry-after"), "120");
        assert_eq!(
            refused.header("x-ratelimit-limit"),
            "",
            "a proxy does not speak for Mattermost's bucket"
        );
        // Meanwhile new posts go through, with Mattermost's own headers.
        let other = call(
            &fake,
            "POST",
            "/posts",
            Some(json!({"channel_id": id, "message": "still here"})),
        )
        .await;
        assert_eq!(other.status, 201);
        assert_eq!(other.header("x-ratelimit-limit"), "101");
    }
    assert_eq!(
        fake.messages(&id)[0].message,
        "v1",
        "a refused edit changes nothing"
    );
    let edited = call(&fake, "PUT", &patch, Some(json!({"message": "v2"}))).await;
    assert_eq!(edited.status, 200);
    assert_eq!(fake.messages(&id)[0].message, "v2");
}
