//! Subscriptions on both databases: idempotent on and off, per user and target.

mod common;

use common::{declaration, open, user};
use goldseam_core::{Command, IncidentId, SubscriptionChannel, SubscriptionTarget, Tag, UserRole};
use goldseam_store::incidents::Change;
use goldseam_store::jobs::Job;
use goldseam_store::subscriptions_notify::NotifyJob;
use goldseam_store::Store;
use goldseam_testdb::TestDb;
use jiff::{SignedDuration, Timestamp};

async fn drain(store: &Store) -> Vec<Job> {
    let until = Timestamp::now()
        .checked_add(SignedDuration::from_hours(1))
        .unwrap();
    let mut all = Vec::new();
    loop {
        let got = store
            .claim("test", until, SignedDuration::from_mins(5), 100)
            .await
            .unwrap();
        if got.is_empty() {
            return all;
        }
        all.extend(got);
    }
}

/// Runs the notification jobs waiting and returns the deliveries they make, as (kind, to).
async fn notified(store: &Store) -> Vec<(String, String)> {
    for job in drain(store).await {
        assert_eq!(job.kind, "notify_subscribers");
        let n: NotifyJob = serde_json::from_value(job.payload).unwrap();
        store
            .notify_subscribers(&n, "https://g.example")
            .await
            .unwrap();
        // A rerun (after a crash) sends nothing twice.
        store
            .notify_subscribers(&n, "https://g.example")
            .await
            .unwrap();
    }
    let mut out: Vec<(String, String)> = drain(store)
        .await
        .into_iter()
        .map(|j| {
            (
                j.kind,
                j.payload["to"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

async fn subscribers_hear_of_what_they_follow_and_may_see(db: TestDb) {
    let store = open(&db).await;
    let root = user(&store, "root", UserRole::Admin).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let bo = user(&store, "bo", UserRole::Viewer).await;
    let email = [SubscriptionChannel::Email];
    // Nobody subscribes yet: declarations write no notification jobs at all.
    store
        .declare(&root, &declaration("Before anyone follows", "SEV1"), None)
        .await
        .unwrap();
    assert!(drain(&store).await.is_empty());

    store
        .subscribe_with(
            ana.user_id,
            &SubscriptionTarget::Severity("SEV1".parse().unwrap()),
            &email,
        )
        .await
        .unwrap();
    store
        .subscribe_with(
            bo.user_id,
            &SubscriptionTarget::Tag(Tag::parse("tag", "payments").unwrap()),
            &email,
        )
        .await
        .unwrap();
    let public = store
        .declare(
            &root,
            &declaration("Checkout fails #payments", "SEV1"),
            None,
        )
        .await
        .unwrap()
        .incident;
    assert_eq!(
        notified(&store).await,
        [
            ("email".to_string(), "ana@example.com".to_string()),
            ("email".to_string(), "bo@example.com".to_string())
        ]
    );

    // Comments are for the room; a severity change is news (and SEV2 is no longer Ana's).
    let r = public.id;
    store
        .change(
            &root,
            r,
            &[Change::Core(Command::Comment(
                goldseam_core::text::Body::parse("body", "looking").unwrap(),
            ))],
            None,
            false,
        )
        .await
        .unwrap();
    assert!(drain(&store).await.is_empty());
    store
        .change(
            &root,
            r,
            &[Change::Core(Command::ChangeSeverity("SEV2".into()))],
            None,
            false,
        )
        .await
        .unwrap();
    assert_eq!(
        notified(&store).await,
        [("email".to_string(), "bo@example.com".to_string())]
    );

    // A private incident reaches only subscribers who may see it.
    let mut d = declaration("Leaked keys #payments", "SEV1");
    d.private = Some(true);
    store.declare(&root, &d, None).await.unwrap();
    assert!(
        notified(&store).await.is_empty(),
        "neither Ana nor Bo takes part in it"
    );
}

async fn subscribing_is_idempotent_and_per_target(db: TestDb) {
    let store = open(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let bo = user(&store, "bo", UserRole::Viewer).await;
    let inc7 = SubscriptionTarget::Incident(IncidentId::from_db(7));
    let inc8 = SubscriptionTarget::Incident(IncidentId::from_db(8));

    assert!(!store.is_subscribed(ana.user_id, &inc7).await.unwrap());
    assert!(store.subscribe(ana.user_id, &inc7).await.unwrap());
    // A second subscribe changes nothing and says so.
    assert!(!store.subscribe(ana.user_id, &inc7).await.unwrap());
    assert!(store.subscribe(bo.user_id, &inc7).await.unwrap());
    assert!(store.is_subscribed(ana.user_id, &inc7).await.unwrap());
    assert!(!store.is_subscribed(ana.user_id, &inc8).await.unwrap());
    assert_eq!(
        store.subscribers(&inc7).await.unwrap(),
        vec![ana.user_id, bo.user_id]
    );

    // The same key under another kind is another target.
    let tag = SubscriptionTarget::Tag(Tag::parse("tag", "7x").unwrap());
    assert!(store.subscribe(ana.user_id, &tag).await.unwrap());
    assert_eq!(store.subscribers(&tag).await.unwrap(), vec![ana.user_id]);

    assert!(store.unsubscribe(ana.user_id, &inc7).await.unwrap());
    assert!(!store.unsubscribe(ana.user_id, &inc7).await.unwrap());
    assert_eq!(store.subscribers(&inc7).await.unwrap(), vec![bo.user_id]);
    assert!(store.is_subscribed(ana.user_id, &tag).await.unwrap());
}

async fn deleting_a_team_or_service_removes_what_follows_it(db: TestDb) {
    use goldseam_core::people::{Description, Name};
    use goldseam_store::people::{NewService, NewTeam};
    let store = open(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let name = |n: &str| Name::parse("name", n).unwrap();
    let team = |n: &str| NewTeam {
        name: name(n),
        description: Description::default(),
        schedule_id: None,
        escalation_policy_id: None,
        members: vec![],
    };
    let payments = store.create_team(&team("Payments")).await.unwrap();
    let search = store.create_team(&team("Search")).await.unwrap();
    let checkout = store
        .create_service(&NewService {
            name: name("Checkout"),
            description: Description::default(),
            team_id: search.id,
            tags: vec![],
        })
        .await
        .unwrap();
    let email = [SubscriptionChannel::Email];
    let sev = SubscriptionTarget::Severity("SEV1".parse().unwrap());
    for target in [
        SubscriptionTarget::Service(checkout.id),
        SubscriptionTarget::Team(payments.id),
        sev.clone(),
    ] {
        store
            .subscribe_with(ana.user_id, &target, &email)
            .await
            .unwrap();
        store
            .team_subscribe(search.id, &target, &email)
            .await
            .unwrap();
    }
    store
        .team_subscribe(payments.id, &sev, &email)
        .await
        .unwrap();

    store.delete_service(checkout.id).await.unwrap();
    store.delete_team(payments.id).await.unwrap();
    let kinds = |subs: Vec<goldseam_store::subscriptions::Subscription>| {
        subs.into_iter().map(|s| s.target_kind).collect::<Vec<_>>()
    };
    assert_eq!(
        kinds(store.subscriptions_of(ana.user_id).await.unwrap()),
        ["severity"]
    );
    assert_eq!(
        kinds(store.team_subscriptions(search.id).await.unwrap()),
        ["severity"]
    );
    assert!(store
        .team_subscriptions(payments.id)
        .await
        .unwrap()
        .is_empty());
}

goldseam_testdb::on_both_databases!(
    subscribing_is_idempotent_and_per_target,
    subscribers_hear_of_what_they_follow_and_may_see,
    deleting_a_team_or_service_removes_what_follows_it
);
