//! Chat direct messages wherever a person's contact methods are chosen, on both databases: a
//! verified Mattermost user id is paged (with the page for its Acknowledge button), hears of
//! what they subscribed to and gets the follow-up digest, as a verified Slack user does.

mod common;

use common::{declaration, user};
use goldseam_core::follow_up::{FollowUpStatus, NewFollowUp, Priority};
use goldseam_core::people::rules::RuleInput;
use goldseam_core::people::verification::VerificationCode;
use goldseam_core::people::{ContactAddress, ContactKind};
use goldseam_core::text::Title;
use goldseam_core::{Actor, SubscriptionChannel, SubscriptionTarget, UserRole};
use goldseam_store::jobs::{Job, Settled};
use goldseam_store::people::{ContactMethod, Issued};
use goldseam_store::response::{EscalateJob, RespondJob};
use goldseam_store::subscriptions_notify::NotifyJob;
use goldseam_store::time::FixedClock;
use goldseam_store::{Store, StoreOptions};
use goldseam_testdb::TestDb;
use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;

const URL: &str = "https://goldseam.example.com";
const MM_USER: &str = "8sd7hwgz9jfqtfpg8n3i5w7hbo";
const SLACK_USER: &str = "U024BE7LH";

/// Claims and completes everything due by `until`.
async fn drain(store: &Store, until: Timestamp) -> Vec<Job> {
    let mut all = Vec::new();
    loop {
        let got = store
            .claim("test", until, SignedDuration::from_mins(5), 100)
            .await
            .unwrap();
        if got.is_empty() {
            return all;
        }
        for j in &got {
            let settled = store.complete(j.id, "test").await.unwrap();
            assert!(matches!(settled, Settled::Recorded(_)));
        }
        all.extend(got);
    }
}

/// Runs Goldseam's own jobs due by `until` (responding, escalating, telling subscribers);
/// returns the deliveries they made.
async fn deliveries(store: &Store, until: Timestamp) -> Vec<Job> {
    let mut out = Vec::new();
    loop {
        let jobs = drain(store, until).await;
        if jobs.is_empty() {
            return out;
        }
        for j in jobs {
            match j.kind.as_str() {
                "respond" => {
                    let r: RespondJob = serde_json::from_value(j.payload).unwrap();
                    store.respond(r.incident_id, URL).await.unwrap();
                }
                "escalate" => {
                    let step: EscalateJob = serde_json::from_value(j.payload).unwrap();
                    store.escalate(&step, URL).await.unwrap();
                }
                "notify_subscribers" => {
                    let n: NotifyJob = serde_json::from_value(j.payload).unwrap();
                    store.notify_subscribers(&n, URL).await.unwrap();
                }
                _ => out.push(j),
            }
        }
    }
}

/// A contact method of `kind`, verified with the code its `verify` job carried.
async fn verified(store: &Store, who: &Actor, kind: ContactKind, address: &str) -> ContactMethod {
    let address = ContactAddress::parse("address", kind, address).unwrap();
    let m = store
        .add_contact_method(who.user_id, kind, &address)
        .await
        .unwrap();
    let code = VerificationCode::from_random(424_242);
    let Issued::Sent { job, .. } = store
        .issue_verification_with(who.user_id, m.id, &code)
        .await
        .unwrap()
    else {
        panic!("no code was sent");
    };
    // The code goes by the method's own channel, to its own address.
    assert_eq!(job.payload["channel"], kind.as_str());
    assert_eq!(
        job.destination,
        format!("{}:{}", kind.as_str(), address.as_str())
    );
    store
        .confirm_verification(who.user_id, m.id, &code)
        .await
        .unwrap()
}

async fn a_mattermost_user_is_paged_notified_and_reminded_by_direct_message(db: TestDb) {
    // 09:05 UTC: Ana's morning (she has no time zone), when digests go out.
    let t0: Timestamp = "2026-12-03T09:05:00Z".parse().unwrap();
    let clock = Arc::new(FixedClock::at(t0));
    let store = Store::open(StoreOptions {
        clock,
        ..StoreOptions::new(&db.url)
    })
    .await
    .unwrap();
    let admin = user(&store, "admin", UserRole::Admin).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let mm = verified(&store, &ana, ContactKind::Mattermost, MM_USER).await;
    let slack = verified(&store, &ana, ContactKind::Slack, SLACK_USER).await;
    drain(&store, t0).await; // the codes
    store
        .replace_notification_rules(
            ana.user_id,
            &[
                RuleInput {
                    contact_method_id: mm.id,
                    delay_minutes: 0,
                    urgency: None,
                },
                RuleInput {
                    contact_method_id: slack.id,
                    delay_minutes: 0,
                    urgency: None,
                },
            ],
        )
        .await
        .unwrap();

    // A page: one direct message on each platform, each naming the page for its button.
    let mut rule = store.response_rules().await.unwrap().remove(0);
    rule.then.responders = vec![ana.user_id];
    store.save_response_rule(&rule).await.unwrap();
    let mut d = declaration("Tokens leaked", "SEV1");
    d.incident_type = Some("security".into());
    let incident = store.declare(&admin, &d, None).await.unwrap().incident;
    let sent = deliveries(&store, t0).await;
    let page = store.pages_of(incident.id).await.unwrap().remove(0);
    let dm = sent
        .iter()
        .find(|j| j.kind == "mattermost")
        .unwrap_or_else(|| panic!("no Mattermost page: {sent:#?}"));
    assert_eq!(dm.destination, format!("mattermost:{MM_USER}"));
    assert_eq!(dm.payload["user"], MM_USER);
    assert_eq!(dm.payload["page_id"], page.id.get());
    let text = dm.payload["text"].as_str().unwrap();
    assert!(
        text.contains("Tokens leaked")
            && text.contains(&format!(
                "[Open the room]({URL}/incidents/{})",
                incident.id.reference()
            )),
        "Mattermost Markdown, not Slack's: {text}"
    );
    let slack_dm = sent.iter().find(|j| j.kind == "slack").unwrap();
    assert_eq!(slack_dm.payload["channel"], SLACK_USER);
    // What the store queued is what the delivery engine can send.
    let parsed = goldseam_core::delivery::Delivery::parse(&dm.kind, &dm.payload).unwrap();
    assert_eq!(parsed.destination(), dm.destination);

    // Subscribed by Mattermost only: a Mattermost direct message, nothing by Slack.
    store
        .subscribe_with(
            ana.user_id,
            &SubscriptionTarget::Severity("SEV2".parse().unwrap()),
            &[SubscriptionChannel::Mattermost],
        )
        .await
        .unwrap();
    let public = store
        .declare(&admin, &declaration("Search slow", "SEV2"), None)
        .await
        .unwrap()
        .incident;
    let told: Vec<(String, String)> = deliveries(&store, t0)
        .await
        .into_iter()
        .map(|j| (j.kind, j.destination))
        .collect();
    assert_eq!(
        told,
        [("mattermost".to_string(), format!("mattermost:{MM_USER}"))]
    );

    // The morning digest of follow-ups: by email and by each verified chat user.
    store
        .add_follow_up(
            &admin,
            public.id,
            NewFollowUp {
                title: Title::parse("title", "Rotate the keys").unwrap(),
                description: None,
                owner_id: Some(ana.user_id),
                team_id: None,
                due_on: Some(jiff::civil::date(2026, 12, 4)),
                priority: Priority::High,
                status: FollowUpStatus::Committed,
            },
            None,
        )
        .await
        .unwrap();
    store.run_reminder_tick(URL).await.unwrap();
    let mut digest: Vec<Job> = drain(&store, t0)
        .await
        .into_iter()
        .filter(|j| j.idempotency_key.starts_with("digest:"))
        .collect();
    digest.sort_by(|a, b| a.kind.cmp(&b.kind));
    let kinds: Vec<&str> = digest.iter().map(|j| j.kind.as_str()).collect();
    assert_eq!(kinds, ["email", "mattermost", "slack"]);
    let text = digest[1].payload["text"].as_str().unwrap();
    assert!(
        text.starts_with("**Follow-ups: 1 due soon**") && text.contains("Rotate the keys"),
        "{text}"
    );
}

goldseam_testdb::on_both_databases!(
    a_mattermost_user_is_paged_notified_and_reminded_by_direct_message
);
