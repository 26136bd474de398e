//! After sending: required readers are reminded once, and an amendment tells those who read the
//! earlier version what changed.

use super::{
    admin, audience, days_later, fixed_store, policy, publish, published, rule, run_jobs, token_in,
    user,
};
use goldseam_core::postmortem::distribution::{AudienceKind, Rendering};
use goldseam_core::postmortem::ReviewAction;
use goldseam_core::UserRole;
use goldseam_testdb::TestDb;
use jiff::tz::TimeZone;
use yrs::{Text, Transact, XmlElementPrelim, XmlFragment, XmlTextPrelim};

pub async fn required_readers_are_reminded_once(db: TestDb) {
    let (store, clock) = fixed_store(&db).await;
    let root = admin(&store).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let rita = user(&store, "rita", UserRole::Member).await;
    user(&store, "bo", UserRole::Member).await;
    let set = policy(vec![rule(
        "All",
        vec![audience(AudienceKind::Everyone, Rendering::Summary, false)],
    )]);
    store.set_distribution_policy(&root, &set).await.unwrap();
    published(&store, &ana, &rita, "Checkout is down", false).await;
    let sent = run_jobs(&store).await;
    // Participants are required readers: rita acknowledges, ana only opens.
    store
        .acknowledge_reading(&token_in(sent.to("rita@example.com")))
        .await
        .unwrap();
    store
        .open_reading(&token_in(sent.to("ana@example.com")), TimeZone::UTC)
        .await
        .unwrap();

    days_later(&clock, 2);
    assert!(run_jobs(&store).await.emails.is_empty(), "not yet");
    days_later(&clock, 1);
    let reminded = run_jobs(&store).await;
    assert_eq!(
        reminded.recipients(),
        ["ana@example.com"],
        "not bo (not required), not rita (acknowledged)"
    );
    assert!(reminded.emails[0]
        .subject
        .starts_with("Reminder: [Postmortem] "));
    days_later(&clock, 10);
    assert!(run_jobs(&store).await.emails.is_empty(), "once");
}

/// A paragraph typed at the end of the document (its last section).
fn typed(updates: &[Vec<u8>], words: &str) -> Vec<u8> {
    let slices: Vec<&[u8]> = updates.iter().map(Vec::as_slice).collect();
    let doc = goldseam_core::postmortem::document::load(&slices).unwrap();
    let body = doc.get_or_insert_xml_fragment("default");
    let mut txn = doc.transact_mut();
    let p = body.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
    let t = p.push_back(&mut txn, XmlTextPrelim::new(""));
    t.insert(&mut txn, 0, words);
    txn.encode_update_v1()
}

pub async fn an_amendment_tells_those_who_read_it_what_changed(db: TestDb) {
    let (store, _clock) = fixed_store(&db).await;
    let root = admin(&store).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let rita = user(&store, "rita", UserRole::Member).await;
    let set = policy(vec![]);
    store.set_distribution_policy(&root, &set).await.unwrap();
    let r = published(&store, &ana, &rita, "Checkout is down", false).await;
    let sent = run_jobs(&store).await;
    let ana_token = token_in(sent.to("ana@example.com"));
    store.open_reading(&ana_token, TimeZone::UTC).await.unwrap();

    store
        .move_postmortem(&ana, r, ReviewAction::Amend, &[])
        .await
        .unwrap();
    let doc = store.postmortem_document(r).await.unwrap();
    store
        .append_postmortem_update(
            &ana,
            r,
            &typed(&doc.updates, "Add a canary for card payments."),
        )
        .await
        .unwrap();
    publish(&store, &ana, &rita, r).await;
    let amended = run_jobs(&store).await;
    // ana read version 1: she is told what changed. rita never opened it: she gets it anew.
    let to_ana = amended.to("ana@example.com");
    assert!(
        to_ana.subject.starts_with("Amended: [Postmortem v2] "),
        "{}",
        to_ana.subject
    );
    assert!(
        to_ana
            .text
            .contains("- “How we safeguard the future” changed"),
        "{}",
        to_ana.text
    );
    let to_rita = amended.to("rita@example.com");
    assert!(to_rita.subject.starts_with("[Postmortem v2] "));
    assert!(to_rita.text.contains("Add a canary for card payments."));

    let reading = store.open_reading(&ana_token, TimeZone::UTC).await.unwrap();
    assert_eq!(reading.version, 2);
    assert_eq!(
        reading.changes.as_deref(),
        Some(&["“How we safeguard the future” changed".to_string()][..])
    );
    assert_eq!(
        store
            .open_reading(&ana_token, TimeZone::UTC)
            .await
            .unwrap()
            .changes,
        None,
        "told once"
    );
}
