//! Subscriptions on both databases: idempotent on and off, per user and target.

mod common;

use common::{open, user};
use goldseam_core::{SubscriptionTarget, Tag, UserRole};
use goldseam_testdb::TestDb;

async fn subscribing_is_idempotent_and_per_target(db: TestDb) {
    let store = open(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let bo = user(&store, "bo", UserRole::Viewer).await;
    let inc7 = SubscriptionTarget::Incident(7);
    let inc8 = SubscriptionTarget::Incident(8);

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

goldseam_testdb::on_both_databases!(subscribing_is_idempotent_and_per_target);
