use super::{follow_up, Receiver, TIMEOUT};
use goldseam_fakes::github::FakeGitHub;
use goldseam_fakes::{hub_signature, Mode};
use goldseam_integrations::trackers::*;
use goldseam_integrations::{Secret, SendError};
use std::time::{Duration, Instant};

fn github(fake: &FakeGitHub, token: &str, repo: &str, timeout: Duration) -> GitHub {
    let (owner, repo) = repo.split_once('/').unwrap();
    GitHub::new(GitHubConfig {
        base_url: fake.base.clone(),
        owner: owner.into(),
        repo: repo.into(),
        token: Secret::new(token),
        labels: vec!["follow-up".into()],
        timeout,
    })
}

#[tokio::test]
async fn an_issue_is_filed_with_the_link_the_hidden_marker_and_githubs_headers() {
    let fake = FakeGitHub::spawn().await;
    let gh = github(&fake, "ghp_fake", "acme/api", TIMEOUT);
    let filed = gh.file(&follow_up(57), false).await.unwrap();
    assert_eq!(filed.key, "acme/api#1");
    assert_eq!(filed.url, format!("{}/acme/api/issues/1", fake.base));
    let issue = &fake.issues()[0];
    assert_eq!(issue.title, "Add a circuit breaker to checkout (57)");
    assert!(
        issue.body.starts_with("From INC-7's postmortem."),
        "{}",
        issue.body
    );
    assert!(issue
        .body
        .contains("https://goldseam.example.com/follow-ups/57"));
    assert!(issue
        .body
        .ends_with("<!-- goldseam:goldseam-follow-up-57 -->"));
    assert_eq!(issue.labels, ["follow-up"]);
    let h = &fake.received()[0].headers;
    assert_eq!(h["authorization"], "Bearer ghp_fake");
    assert_eq!(h["accept"], "application/vnd.github+json");
    assert_eq!(h["x-github-api-version"], "2022-11-28");
    assert!(h.contains_key("user-agent"));
}

#[tokio::test]
async fn a_retry_after_the_connection_died_on_a_created_issue_returns_it_without_a_second() {
    let fake = FakeGitHub::spawn().await;
    let gh = github(&fake, "ghp_fake", "acme/api", TIMEOUT);
    fake.set_mode(Mode::CreateThenDrop);
    let first = gh.file(&follow_up(57), false).await;
    assert!(matches!(first, Err(SendError::Retry(_))), "{first:?}");
    assert_eq!(
        fake.creates("goldseam-follow-up-57"),
        1,
        "the fake did create it"
    );
    // The mode still drops creates: the retry must find the issue, not make another.
    let again = gh.file(&follow_up(57), true).await.unwrap();
    assert_eq!(again.key, "acme/api#1");
    assert_eq!(fake.creates("goldseam-follow-up-57"), 1);
}

#[tokio::test]
async fn a_retry_looks_past_the_first_page_and_files_when_nothing_carries_the_marker() {
    let fake = FakeGitHub::spawn().await;
    let gh = github(&fake, "ghp_fake", "acme/api", TIMEOUT);
    gh.file(&follow_up(1), false).await.unwrap();
    for n in 2..=120 {
        gh.file(&follow_up(n), false).await.unwrap();
    }
    // Follow-up 1 is the oldest, on the second page of 100.
    assert_eq!(
        gh.file(&follow_up(1), true).await.unwrap().key,
        "acme/api#1"
    );
    assert!(fake.received().iter().any(|r| r.uri.contains("page=2")));
    // Nothing carries 1000's marker (100's is a prefix of it, and does not count): filed anew.
    assert_eq!(
        gh.file(&follow_up(1000), true).await.unwrap().key,
        "acme/api#121"
    );
    assert_eq!(fake.creates("goldseam-follow-up-1"), 1);
    assert_eq!(fake.creates("goldseam-follow-up-1000"), 1);
}

#[tokio::test]
async fn refusals_and_failures_map_to_the_right_kind_within_the_timeout() {
    let fake = FakeGitHub::spawn().await;
    let one = follow_up(1);
    let bad_token = github(&fake, "wrong", "acme/api", TIMEOUT);
    assert!(matches!(
        bad_token.file(&one, false).await,
        Err(SendError::Configuration(_))
    ));
    let no_repo = github(&fake, "ghp_fake", "acme/nope", TIMEOUT);
    assert!(matches!(
        no_repo.file(&one, false).await,
        Err(SendError::Configuration(_))
    ));
    let gh = github(&fake, "ghp_fake", "acme/api", TIMEOUT);
    let untitled = TrackerIssue {
        title: " ".into(),
        ..follow_up(1)
    };
    match gh.file(&untitled, false).await {
        Err(SendError::Permanent(why)) => assert!(why.contains("title missing_field"), "{why}"),
        other => panic!("expected a permanent refusal, got {other:?}"),
    }
    fake.set_mode(Mode::Fail);
    assert!(matches!(
        gh.file(&follow_up(1), true).await,
        Err(SendError::Retry(_))
    ));
    fake.set_mode(Mode::RateLimited(30));
    match gh.file(&follow_up(1), false).await {
        Err(SendError::RetryAfter { after, .. }) => assert!((28..=30).contains(&after.as_secs())),
        other => panic!("expected a wait, got {other:?}"),
    }
    fake.set_mode(Mode::Hang);
    let short = github(&fake, "ghp_fake", "acme/api", Duration::from_millis(300));
    let started = Instant::now();
    assert!(matches!(
        short.file(&follow_up(1), false).await,
        Err(SendError::Retry(_))
    ));
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(fake.issues().is_empty());
}

#[tokio::test]
async fn closing_and_reopening_send_signed_webhooks_that_verify_and_name_the_issue() {
    let fake = FakeGitHub::spawn().await;
    let (receiver, url) = Receiver::spawn().await;
    fake.set_webhook_url(Some(url));
    let gh = github(&fake, "ghp_fake", "acme/api", TIMEOUT);
    let filed = gh.file(&follow_up(57), false).await.unwrap();
    let secret = Secret::new("fake-webhook-secret");

    assert_eq!(fake.close(&filed.key).await.unwrap().answered, Ok(202));
    let (headers, body) = receiver.last();
    let Ok(Inbound::Event(closed)) = verify_github(&secret, &headers, &body) else {
        panic!("{:?}", verify_github(&secret, &headers, &body));
    };
    assert_eq!((closed.key.as_str(), closed.closed), ("acme/api#1", true));
    assert!(!closed.delivery_id.is_empty());

    fake.reopen(&filed.key).await.unwrap();
    let (headers, body) = receiver.last();
    let Ok(Inbound::Event(reopened)) = verify_github(&secret, &headers, &body) else {
        panic!("a reopened event");
    };
    assert!(!reopened.closed);
    assert_ne!(reopened.delivery_id, closed.delivery_id);

    let ping = fake.ping().await;
    assert!(matches!(
        verify_github(&secret, &ping.headers, &ping.body),
        Ok(Inbound::Ignored { .. })
    ));
}

#[tokio::test]
async fn forged_unsigned_wrongly_keyed_oversized_and_malformed_deliveries_are_refused() {
    let fake = FakeGitHub::spawn().await;
    let gh = github(&fake, "ghp_fake", "acme/api", TIMEOUT);
    let filed = gh.file(&follow_up(57), false).await.unwrap();
    let sent = fake.close(&filed.key).await.unwrap();
    let secret = Secret::new("fake-webhook-secret");
    let refusal = |headers: &axum::http::HeaderMap, body: &[u8]| {
        verify_github(&secret, headers, body).unwrap_err()
    };

    let forged = String::from_utf8(sent.body.clone()).unwrap();
    let forged = forged.replace("\"closed\"", "\"reopened\"");
    assert_ne!(forged.as_bytes(), &sent.body[..]);
    assert_eq!(refusal(&sent.headers, forged.as_bytes()).status(), 401);
    let mut unsigned = sent.headers.clone();
    unsigned.remove("x-hub-signature-256");
    let missing = refusal(&unsigned, &sent.body);
    assert_eq!(
        missing,
        WebhookRefusal::MissingSignature("x-hub-signature-256")
    );
    assert_eq!(missing.status(), 401);
    let other = verify_github(&Secret::new("another secret"), &sent.headers, &sent.body);
    assert!(matches!(other, Err(WebhookRefusal::BadSignature(_))));
    let unset = verify_github(&Secret::new(""), &sent.headers, &sent.body);
    assert_eq!(unset.unwrap_err().status(), 401);

    let huge = vec![b' '; MAX_WEBHOOK_BODY + 1];
    assert_eq!(refusal(&sent.headers, &huge).status(), 413);
    let mut signed = sent.headers.clone();
    let garbage = b"{\"action\": \"closed\", ";
    signed.insert(
        "x-hub-signature-256",
        hub_signature("fake-webhook-secret", garbage)
            .parse()
            .unwrap(),
    );
    let malformed = refusal(&signed, garbage);
    assert!(
        matches!(malformed, WebhookRefusal::Malformed(_)),
        "{malformed}"
    );
    assert_eq!(malformed.status(), 400);
}

/// GitHub's published vector through the public entry point: a `ping` signed with it verifies
/// (and is ignored), and the same with any other secret is refused.
#[test]
fn githubs_published_vector_verifies() {
    let mut headers = axum::http::HeaderMap::new();
    let sig = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    headers.insert("x-hub-signature-256", sig.parse().unwrap());
    headers.insert("x-github-event", "ping".parse().unwrap());
    headers.insert("x-github-delivery", "d1".parse().unwrap());
    let secret = Secret::new("It's a Secret to Everybody");
    let ok = verify_github(&secret, &headers, b"Hello, World!");
    assert!(matches!(ok, Ok(Inbound::Ignored { .. })), "{ok:?}");
    let wrong = verify_github(&Secret::new("It's a Secret"), &headers, b"Hello, World!");
    assert!(matches!(wrong, Err(WebhookRefusal::BadSignature(_))));
}
