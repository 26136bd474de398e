//! Each channel against a real server or a fake that speaks the vendor's wire format: email
//! through a real SMTP server (aiosmtpd, started here), Twilio, Slack and webhooks through the
//! local fake.

use goldseam_core::delivery::{EmailMessage, SlackPost, SmsMessage, VoiceCall, WebhookCall};
use goldseam_integrations::fake::{FakeProvider, Mode};
use goldseam_integrations::*;
use goldseam_testdb::smtp::SmtpServer;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(5);

#[tokio::test]
async fn email_reaches_a_real_smtp_server_with_text_html_link_and_message_id() {
    let smtp = SmtpServer::start();
    let email = Email::new(SmtpConfig {
        url: Secret::new(format!("smtp://127.0.0.1:{}", smtp.port)),
        from: "Goldseam <goldseam@example.com>".into(),
        timeout: TIMEOUT,
    })
    .unwrap();
    let m = EmailMessage {
        to: "ana@example.com".into(),
        subject: "[SEV1] INC-7 Checkout is down".into(),
        text: "You are paged for INC-7.".into(),
        html: None,
        link: Some("https://goldseam.example.com/incidents/INC-7".into()),
        list_unsubscribe: None,
        calendar: None,
    };
    email.send(&m, "page:7:ana:email").await.unwrap();
    let mails = smtp.raw_messages();
    assert_eq!(mails.len(), 1, "one message in the maildir");
    let mail = &mails[0];
    assert!(
        mail.contains("Subject: [SEV1] INC-7 Checkout is down"),
        "{mail}"
    );
    assert!(mail.contains("To: ana@example.com"), "{mail}");
    assert!(mail.contains("Content-Type: text/plain"), "{mail}");
    assert!(mail.contains("Content-Type: text/html"), "{mail}");
    assert_eq!(
        mail.matches("https://goldseam.example.com/incidents/INC-7")
            .count(),
        2,
        "the link in both parts: {mail}"
    );
    let id = email::message_id("page:7:ana:email", "goldseam@example.com");
    assert!(mail.contains(&format!("Message-ID: {id}")), "{mail}");
}

#[tokio::test]
async fn mail_a_reader_may_stop_carries_one_click_unsubscribe_headers() {
    let smtp = SmtpServer::start();
    let email = Email::new(SmtpConfig {
        url: Secret::new(smtp.url()),
        from: "Goldseam <goldseam@example.com>".into(),
        timeout: TIMEOUT,
    })
    .unwrap();
    let leave = "https://goldseam.example.com/api/v1/read/r7.00ff/unsubscribe";
    let m = EmailMessage {
        to: "bo@example.com".into(),
        subject: "[Postmortem] INC-7 Checkout is down".into(),
        text: "The postmortem of INC-7 is published.".into(),
        html: Some("<p>The postmortem of INC-7 is published.</p>".into()),
        link: None,
        list_unsubscribe: Some(leave.into()),
        calendar: None,
    };
    email.send(&m, "pm:7:v1:r7").await.unwrap();
    let mail = &smtp.messages()[0];
    assert_eq!(
        mail.list_unsubscribe.as_deref(),
        Some(format!("<{leave}>").as_str())
    );
    assert!(
        mail.raw
            .contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
        "{}",
        mail.raw
    );
    assert!(mail
        .html
        .contains("<p>The postmortem of INC-7 is published.</p>"));
}

#[tokio::test]
async fn email_requiring_starttls_from_a_server_without_it_fails_instead_of_sending_in_clear() {
    let smtp = SmtpServer::start();
    let email = Email::new(SmtpConfig {
        url: Secret::new(format!("smtp://127.0.0.1:{}?tls=required", smtp.port)),
        from: "goldseam@example.com".into(),
        timeout: TIMEOUT,
    })
    .unwrap();
    let m = EmailMessage {
        to: "ana@example.com".into(),
        subject: "s".into(),
        text: "t".into(),
        html: None,
        link: None,
        list_unsubscribe: None,
        calendar: None,
    };
    assert!(email.send(&m, "k").await.is_err());
    assert!(smtp.raw_messages().is_empty());
    assert!(Email::new(SmtpConfig {
        url: Secret::new("mailto:nobody"),
        from: "x@example.com".into(),
        timeout: TIMEOUT,
    })
    .is_err());
}

fn twilio(fake: &FakeProvider) -> Twilio {
    Twilio::new(TwilioConfig {
        base_url: fake.base.clone(),
        account_sid: "AC123".into(),
        auth_token: Secret::new("tok"),
        from: "+15550000000".into(),
        callback_base: "https://goldseam.example.com/api/v1/integrations/twilio".into(),
        timeout: TIMEOUT,
    })
}

#[tokio::test]
async fn sms_and_calls_speak_twilios_rest_shape_with_the_key_in_the_status_callback() {
    let fake = FakeProvider::spawn().await;
    let t = twilio(&fake);
    let sms = SmsMessage {
        to: "+15551234567".into(),
        body: "INC-7 SEV1 Checkout is down".into(),
    };
    t.send_sms(&sms, "page:7/sms").await.unwrap();
    t.call(
        &VoiceCall {
            to: "+15551234567".into(),
            message: "Incident 7".into(),
        },
        "page:7/voice",
    )
    .await
    .unwrap();
    let got = fake.received();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].channel, "sms");
    assert_eq!(got[0].key, "page:7/sms");
    assert_eq!(got[0].to, "+15551234567");
    assert_eq!(got[0].text, "INC-7 SEV1 Checkout is down");
    // Basic auth with the account SID and auth token: "AC123:tok".
    assert_eq!(got[0].headers["authorization"], "Basic QUMxMjM6dG9r");
    assert_eq!(got[1].channel, "voice");
    assert_eq!(got[1].key, "page:7/voice");
    assert!(
        got[1].text.contains("<Gather numDigits=\"1\""),
        "{}",
        got[1].text
    );
    assert!(got[1].text.contains("Press 1 to acknowledge"));
}

#[tokio::test]
async fn twilio_errors_are_sorted_into_retry_wait_and_give_up() {
    let fake = FakeProvider::spawn().await;
    let t = twilio(&fake);
    let sms = SmsMessage {
        to: "+15551234567".into(),
        body: "x".into(),
    };
    fake.set_mode("sms", Mode::Status(503));
    assert!(matches!(
        t.send_sms(&sms, "k").await,
        Err(SendError::Retry(_))
    ));
    fake.set_mode("sms", Mode::Status(400));
    assert!(matches!(
        t.send_sms(&sms, "k").await,
        Err(SendError::Permanent(_))
    ));
    // Refused credentials are the server's settings, for admins, not the message's fault.
    fake.set_mode("sms", Mode::Status(401));
    assert!(matches!(
        t.send_sms(&sms, "k").await,
        Err(SendError::Configuration(_))
    ));
    fake.set_mode("sms", Mode::RateLimit(7));
    match t.send_sms(&sms, "k").await {
        Err(SendError::RetryAfter { after, .. }) => assert_eq!(after, Duration::from_secs(7)),
        other => panic!("expected a wait, got {other:?}"),
    }
    fake.set_mode("sms", Mode::Hang);
    let short = Twilio::new(TwilioConfig {
        timeout: Duration::from_millis(200),
        ..TwilioConfig {
            base_url: fake.base.clone(),
            account_sid: "AC1".into(),
            from: "+15550000000".into(),
            ..TwilioConfig::default()
        }
    });
    assert!(matches!(
        short.send_sms(&sms, "k").await,
        Err(SendError::Retry(_))
    ));
}

#[tokio::test]
async fn slack_posts_with_the_bot_token_and_honours_429_retry_after() {
    let fake = FakeProvider::spawn().await;
    let slack = Slack::new(SlackConfig {
        base_url: fake.base.clone(),
        bot_token: Secret::new("xoxb-test"),
        timeout: TIMEOUT,
    });
    let post = SlackPost {
        channel: "C024BE91L".into(),
        text: "INC-7 declared".into(),
        page_id: None,
    };
    let receipt = slack.post(&post, "announce:7").await.unwrap();
    assert_eq!(receipt.provider_id.as_deref(), Some("1700000000.000100"));
    let got = fake.received();
    assert_eq!(got[0].headers["authorization"], "Bearer xoxb-test");
    assert_eq!(
        (got[0].to.as_str(), got[0].key.as_str()),
        ("C024BE91L", "announce:7")
    );
    fake.set_mode("slack", Mode::RateLimit(3));
    match slack.post(&post, "announce:8").await {
        Err(SendError::RetryAfter { after, .. }) => assert_eq!(after, Duration::from_secs(3)),
        other => panic!("expected a wait, got {other:?}"),
    }
}

#[tokio::test]
async fn webhooks_are_signed_over_timestamp_and_body_and_carry_the_key() {
    let fake = FakeProvider::spawn().await;
    let hook = Webhook::new(WebhookConfig {
        secret: Some(Secret::new("whsec_test")),
        timeout: TIMEOUT,
    });
    let now = jiff::Timestamp::from_second(1_700_000_000).unwrap();
    let call = WebhookCall {
        url: format!("{}/hook/incidents", fake.base),
        body: serde_json::json!({"type": "incident.declared", "reference": "INC-7"}),
    };
    hook.send(&call, "event:42:hook:3", now).await.unwrap();
    let got = &fake.received()[0];
    assert_eq!(got.key, "event:42:hook:3");
    assert_eq!(got.headers["idempotency-key"], "event:42:hook:3");
    let sig = got.headers["goldseam-signature"].to_str().unwrap();
    assert!(sig.starts_with("t=1700000000,v1="), "{sig}");
    assert!(webhook::verify(
        "whsec_test",
        sig,
        &got.body,
        1_700_000_030,
        300
    ));
    assert!(!webhook::verify(
        "wrong",
        sig,
        &got.body,
        1_700_000_030,
        300
    ));
    fake.set_mode("webhook", Mode::Status(410));
    assert!(matches!(
        hook.send(&call, "k2", now).await,
        Err(SendError::Permanent(_))
    ));
}

#[tokio::test]
async fn a_channel_the_server_is_not_set_up_for_is_a_configuration_failure_naming_the_settings() {
    let email = goldseam_core::delivery::Delivery::Email(EmailMessage {
        to: "olivia@example.com".into(),
        subject: "s".into(),
        text: "t".into(),
        html: None,
        link: None,
        list_unsubscribe: None,
        calendar: None,
    });
    let now = jiff::Timestamp::UNIX_EPOCH;
    match Channels::default().send(&email, "k", now).await {
        Err(SendError::Configuration(why)) => assert!(why.contains("smtp_url"), "{why}"),
        other => panic!("expected a configuration failure, got {other:?}"),
    }
}
