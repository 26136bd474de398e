use super::{follow_up, Receiver, TIMEOUT};
use goldseam_fakes::jira::FakeJira;
use goldseam_fakes::{hub_signature, Mode};
use goldseam_integrations::trackers::*;
use goldseam_integrations::{Secret, SendError};
use std::time::{Duration, Instant};

fn jira(fake: &FakeJira, token: &str, project: &str, timeout: Duration) -> Jira {
    Jira::new(JiraConfig {
        base_url: fake.base.clone(),
        email: "bot@example.com".into(),
        api_token: Secret::new(token),
        project_key: project.into(),
        issue_type: "Task".into(),
        timeout,
    })
}

#[tokio::test]
async fn an_issue_is_filed_with_an_adf_description_and_the_marker_as_a_label() {
    let fake = FakeJira::spawn().await;
    let j = jira(&fake, "fake-api-token", "OPS", TIMEOUT);
    let filed = j.file(&follow_up(57), false).await.unwrap();
    assert_eq!(filed.key, "OPS-1");
    assert_eq!(filed.url, format!("{}/browse/OPS-1", fake.base));
    let issue = &fake.issues()[0];
    assert_eq!(issue.summary, "Add a circuit breaker to checkout (57)");
    assert_eq!(issue.labels, ["goldseam-follow-up-57"]);
    assert_eq!(issue.description["type"], "doc");
    let text = issue.description.to_string();
    assert!(
        text.contains("https://goldseam.example.com/follow-ups/57"),
        "{text}"
    );
    // "bot@example.com:fake-api-token" in base64.
    let auth = &fake.received()[0].headers["authorization"];
    assert_eq!(auth, "Basic Ym90QGV4YW1wbGUuY29tOmZha2UtYXBpLXRva2Vu");
}

#[tokio::test]
async fn a_retry_after_the_connection_died_on_a_created_issue_returns_it_without_a_second() {
    let fake = FakeJira::spawn().await;
    let j = jira(&fake, "fake-api-token", "OPS", TIMEOUT);
    j.file(&follow_up(1), false).await.unwrap();
    fake.set_mode(Mode::CreateThenDrop);
    let first = j.file(&follow_up(57), false).await;
    assert!(matches!(first, Err(SendError::Retry(_))), "{first:?}");
    assert_eq!(
        fake.creates("goldseam-follow-up-57"),
        1,
        "the fake did create it"
    );
    let again = j.file(&follow_up(57), true).await.unwrap();
    assert_eq!(again.key, "OPS-2");
    assert_eq!(fake.creates("goldseam-follow-up-57"), 1);
    // A retry with nothing to find files it.
    fake.set_mode(Mode::Normal);
    assert_eq!(j.file(&follow_up(58), true).await.unwrap().key, "OPS-3");
}

#[tokio::test]
async fn refusals_and_failures_map_to_the_right_kind_within_the_timeout() {
    let fake = FakeJira::spawn().await;
    let one = follow_up(1);
    let bad_token = jira(&fake, "wrong", "OPS", TIMEOUT);
    assert!(matches!(
        bad_token.file(&one, false).await,
        Err(SendError::Configuration(_))
    ));
    let no_project = jira(&fake, "fake-api-token", "NOPE", TIMEOUT);
    match no_project.file(&one, false).await {
        Err(SendError::Configuration(why)) => assert!(why.contains("project"), "{why}"),
        other => panic!("expected a configuration failure, got {other:?}"),
    }
    let j = jira(&fake, "fake-api-token", "OPS", TIMEOUT);
    let untitled = TrackerIssue {
        title: String::new(),
        ..follow_up(1)
    };
    match j.file(&untitled, false).await {
        Err(SendError::Permanent(why)) => assert!(why.contains("summary: You must"), "{why}"),
        other => panic!("expected a permanent refusal, got {other:?}"),
    }
    fake.set_mode(Mode::Fail);
    assert!(matches!(
        j.file(&follow_up(1), true).await,
        Err(SendError::Retry(_))
    ));
    fake.set_mode(Mode::RateLimited(12));
    match j.file(&follow_up(1), false).await {
        Err(SendError::RetryAfter { after, .. }) => assert_eq!(after.as_secs(), 12),
        other => panic!("expected a wait, got {other:?}"),
    }
    fake.set_mode(Mode::Hang);
    let short = jira(&fake, "fake-api-token", "OPS", Duration::from_millis(300));
    let started = Instant::now();
    assert!(matches!(
        short.file(&follow_up(1), true).await,
        Err(SendError::Retry(_))
    ));
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(fake.issues().is_empty());
}

#[tokio::test]
async fn moving_to_done_and_back_sends_signed_webhooks_that_verify_and_name_the_issue() {
    let fake = FakeJira::spawn().await;
    let (receiver, url) = Receiver::spawn().await;
    fake.set_webhook_url(Some(url));
    let filed = jira(&fake, "fake-api-token", "OPS", TIMEOUT)
        .file(&follow_up(57), false)
        .await
        .unwrap();
    let secret = Secret::new("fake-webhook-secret");

    assert_eq!(fake.close(&filed.key).await.unwrap().answered, Ok(202));
    let (headers, body) = receiver.last();
    let Ok(Inbound::Event(closed)) = verify_jira(&secret, &headers, &body) else {
        panic!("{:?}", verify_jira(&secret, &headers, &body));
    };
    assert_eq!((closed.key.as_str(), closed.closed), ("OPS-1", true));
    assert!(!closed.delivery_id.is_empty());

    fake.reopen(&filed.key).await.unwrap();
    let (headers, body) = receiver.last();
    let Ok(Inbound::Event(reopened)) = verify_jira(&secret, &headers, &body) else {
        panic!("a reopened event");
    };
    assert!(!reopened.closed);
    assert_ne!(reopened.delivery_id, closed.delivery_id);
}

#[tokio::test]
async fn forged_unsigned_wrongly_keyed_and_other_deliveries_are_refused_or_ignored() {
    let fake = FakeJira::spawn().await;
    let filed = jira(&fake, "fake-api-token", "OPS", TIMEOUT)
        .file(&follow_up(57), false)
        .await
        .unwrap();
    let sent = fake.close(&filed.key).await.unwrap();
    let secret = Secret::new("fake-webhook-secret");

    let forged = String::from_utf8(sent.body.clone())
        .unwrap()
        .replace("OPS-1", "OPS-9");
    let refused = verify_jira(&secret, &sent.headers, forged.as_bytes()).unwrap_err();
    assert_eq!(refused, WebhookRefusal::BadSignature("x-hub-signature"));
    let mut unsigned = sent.headers.clone();
    unsigned.remove("x-hub-signature");
    let missing = verify_jira(&secret, &unsigned, &sent.body).unwrap_err();
    assert_eq!(missing, WebhookRefusal::MissingSignature("x-hub-signature"));
    let other = verify_jira(&Secret::new("another"), &sent.headers, &sent.body);
    assert_eq!(other.unwrap_err().status(), 401);

    // Signed, but not a status change: a genuine delivery with nothing for Goldseam.
    let mut headers = sent.headers.clone();
    let comment = br#"{"webhookEvent":"comment_created","comment":{"body":"hi"}}"#;
    let sig = hub_signature("fake-webhook-secret", comment);
    headers.insert("x-hub-signature", sig.parse().unwrap());
    let ignored = verify_jira(&secret, &headers, comment);
    assert!(
        matches!(ignored, Ok(Inbound::Ignored { .. })),
        "{ignored:?}"
    );
    let garbage = b"not json";
    headers.insert(
        "x-hub-signature",
        hub_signature("fake-webhook-secret", garbage)
            .parse()
            .unwrap(),
    );
    assert_eq!(
        verify_jira(&secret, &headers, garbage)
            .unwrap_err()
            .status(),
        400
    );
}
