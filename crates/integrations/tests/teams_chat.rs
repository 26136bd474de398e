//! The Teams adapter against the fake Workflows webhook: every card it renders passes the
//! Adaptive Card checks, updates are new cards, nothing but posting is attempted, and the
//! URL's signature never shows in an error.

use goldseam_core::chat::card::{Accent, Button, ButtonAction, Card};
use goldseam_fakes::teams::{FakeTeams, Fault, TeamsOptions};
use goldseam_integrations::chat::api::{ChatApi, ChatError, Outgoing};
use goldseam_integrations::chat::teams::adapter::{TeamsChat, NOT_HERE, WEBHOOK_DESTINATION};
use goldseam_integrations::chat::teams::card::CARD_VERSION;
use goldseam_integrations::chat::teams::webhook::TeamsWebhook;
use std::time::Duration;

fn card(accent: Accent, link: &str) -> Card {
    Card {
        title: "INC-3 · Login errors for _some_ users".into(),
        link: link.into(),
        accent,
        fields: vec![
            ("Severity".into(), "SEV2 · Major".into()),
            ("Status".into(), "Active".into()),
            ("Type".into(), "Default".into()),
            ("Communications lead".into(), "Bo".into()),
            ("Scribe".into(), String::new()),
        ],
        body: Some("**Latest update:** a fix is rolling out\n\n- eu: done\n- us: 40%".into()),
        buttons: vec![Button {
            action: ButtonAction::Resolve,
            label: "Resolve".into(),
            value: "INC-3".into(),
            danger: true,
        }],
        footer: Some("Declared 2026-12-04 10:00 UTC".into()),
    }
}

async fn setup() -> (FakeTeams, TeamsChat) {
    let fake = FakeTeams::start(TeamsOptions::default()).await.unwrap();
    let webhook = TeamsWebhook::new(&fake.url(), Duration::from_secs(2)).unwrap();
    (fake, TeamsChat::new(&webhook))
}

#[tokio::test]
async fn every_card_the_adapter_renders_is_one_teams_shows() {
    let (fake, chat) = setup().await;
    assert!(!chat.supports_channels());
    assert_eq!(chat.announcement_destination(), Some(WEBHOOK_DESTINATION));
    let mut ids = Vec::new();
    for accent in [Accent::Critical, Accent::Active, Accent::Calm, Accent::Done] {
        let m = Outgoing::card(
            WEBHOOK_DESTINATION,
            card(accent, "https://gs.example/incidents/3"),
        );
        ids.push(chat.post(&m).await.unwrap());
    }
    // No public URL: no link, still a valid card.
    let m = Outgoing::card(WEBHOOK_DESTINATION, card(Accent::Done, "/incidents/3"));
    ids.push(chat.post(&m).await.unwrap());
    let m = Outgoing::text(WEBHOOK_DESTINATION, "a plain line");
    ids.push(chat.post(&m).await.unwrap());
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 6, "each post has its own id");
    let m = Outgoing::card(
        WEBHOOK_DESTINATION,
        card(Accent::Calm, "https://gs.example/incidents/3"),
    );
    chat.update(WEBHOOK_DESTINATION, &ids[0], &m).await.unwrap();
    let calls = fake.calls();
    assert!(
        calls.iter().all(|c| c.status == 202),
        "{:#?}",
        calls
            .iter()
            .filter_map(|c| c.reason.clone())
            .collect::<Vec<_>>()
    );
    let cards = fake.cards();
    assert_eq!(cards.len(), 7, "an update is a new card");
    assert!(cards.iter().all(|c| c.version() == CARD_VERSION));
    let update = cards.last().unwrap();
    assert_eq!(update.texts()[0], "Update");
    assert_eq!(update.fact("Communications lead").as_deref(), Some("Bo"));
    assert_eq!(update.fact("Scribe"), None, "an empty fact is left out");
    assert_eq!(
        update.links(),
        vec![(
            "Open in Goldseam".to_string(),
            "https://gs.example/incidents/3".to_string()
        )],
        "the Resolve button is not carried over"
    );
}

#[tokio::test]
async fn deleting_does_nothing_and_everything_else_is_refused_without_a_call() {
    let (fake, chat) = setup().await;
    chat.delete(WEBHOOK_DESTINATION, "teams-1").await.unwrap();
    let refused = ChatError::Refused(NOT_HERE.into());
    assert_eq!(
        chat.create_channel("inc-1", false).await,
        Err(refused.clone())
    );
    assert_eq!(chat.invite("c", &["u".into()]).await, Err(refused.clone()));
    assert_eq!(chat.archive("c").await, Err(refused.clone()));
    assert_eq!(chat.pin("c", "m").await, Err(refused.clone()));
    assert_eq!(chat.find_by_email("a@b.c").await, Err(refused.clone()));
    assert_eq!(chat.ephemeral("c", "u", "hi").await, Err(refused));
    assert!(fake.calls().is_empty(), "the webhook was never called");
}

#[tokio::test]
async fn failures_are_sorted_for_the_engine_and_never_show_the_signature() {
    let (fake, chat) = setup().await;
    let m = Outgoing::card(
        WEBHOOK_DESTINATION,
        card(Accent::Active, "https://gs.example/i/3"),
    );
    fake.inject(Fault::RateLimited(12), 1);
    assert_eq!(
        chat.post(&m).await,
        Err(ChatError::Limited(Duration::from_secs(12)))
    );
    fake.inject(Fault::Status(503), 1);
    let down = chat.post(&m).await.unwrap_err();
    assert!(down.is_transient(), "{down:?}");
    let sig = "fAkE-SiGnAtUrE";
    // A revoked URL: the workflow's signature changed.
    let revoked = TeamsWebhook::new(&fake.url_signed("old-signature"), Duration::from_secs(2));
    let revoked = TeamsChat::new(&revoked.unwrap());
    let refused = revoked.post(&m).await.unwrap_err();
    assert!(matches!(&refused, ChatError::Credentials(_)), "{refused:?}");
    // Nothing listening: the transport error names the host only.
    let gone = TeamsWebhook::new(
        "http://127.0.0.1:9/workflows/x/triggers/manual/paths/invoke?sig=fAkE-SiGnAtUrE",
        Duration::from_secs(2),
    )
    .unwrap();
    let e = TeamsChat::new(&gone).post(&m).await.unwrap_err();
    assert!(e.is_transient(), "{e:?}");
    for shown in [
        format!("{down} {down:?}"),
        format!("{refused} {refused:?}"),
        format!("{e} {e:?}"),
    ] {
        assert!(
            !shown.contains(sig) && !shown.contains("old-signature"),
            "{shown}"
        );
    }
    assert_eq!(fake.cards().len(), 0);
}
