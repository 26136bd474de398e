//! People: found by address, described by id; Socket Mode's URL with the app-level token.

use super::support::*;
use goldseam_integrations::Secret;

#[tokio::test]
async fn people_are_found_by_address_or_not_at_all() {
    let fake = fake().await;
    let s = seed(&fake);
    let slack = client(&fake);
    let alice = slack
        .lookup_by_email("Alice@Example.com")
        .await
        .unwrap()
        .expect("alice");
    assert_eq!(
        (
            alice.id.as_str(),
            alice.name.as_str(),
            alice.email.as_deref()
        ),
        (s.alice.as_str(), "alice", Some("alice@example.com"))
    );
    assert!(!alice.is_bot && !alice.deleted);
    assert_eq!(slack.lookup_by_email("nobody@example.com").await, Ok(None));
    let bob = slack.user_info(&s.bob).await.unwrap();
    assert_eq!((bob.real_name.as_str(), bob.is_bot), ("bob", false));
    let bot = slack.user_info(&fake.options().bot_user_id).await.unwrap();
    assert!(bot.is_bot);
    assert_eq!(bot.email, None);
    fake.deactivate(&s.bob);
    assert!(slack.user_info(&s.bob).await.unwrap().deleted);
    let missing = slack.user_info("U404").await.unwrap_err();
    assert_eq!(missing.code(), Some("user_not_found"));
}

#[tokio::test]
async fn the_socket_mode_url_needs_the_app_level_token() {
    let fake = fake().await;
    let slack = client(&fake);
    let app = Secret::new(fake.options().app_token);
    let url = slack.socket_url(&app).await.unwrap();
    assert!(url.starts_with("ws://") && url.contains("ticket="), "{url}");
    let bot = Secret::new(fake.options().bot_token);
    let refused = slack.socket_url(&bot).await.unwrap_err();
    assert_eq!(refused.code(), Some("not_allowed_token_type"));
    assert!(refused.is_credentials());
}
