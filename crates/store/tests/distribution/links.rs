//! Personal links: the first open and the acknowledgement are recorded, a forged or altered link
//! opens nothing, and a link stops working when its reader may no longer read the postmortem.

use super::{admin, audience, fixed_store, policy, published, rule, run_jobs, token_in, user};
use goldseam_core::postmortem::distribution::{AudienceKind, Rendering};
use goldseam_core::{Command, DomainError, UserRole};
use goldseam_store::distribution::ReaderStatus;
use goldseam_store::incidents::Change;
use goldseam_store::StoreError;
use goldseam_testdb::TestDb;
use jiff::tz::TimeZone;

/// Everyone reads the summary, and so does the list all@example.com.
async fn everyone_and_a_list(store: &goldseam_store::Store, root: &goldseam_core::Actor) {
    let mut list = audience(AudienceKind::MailingList, Rendering::Summary, false);
    list.address = Some("all@example.com".into());
    let everyone = audience(AudienceKind::Everyone, Rendering::Summary, false);
    let set = policy(vec![rule("Everyone", vec![everyone, list])]);
    store.set_distribution_policy(root, &set).await.unwrap();
}

pub async fn opening_and_acknowledging_are_recorded_and_forgeries_refused(db: TestDb) {
    let (store, _clock) = fixed_store(&db).await;
    let root = admin(&store).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let rita = user(&store, "rita", UserRole::Member).await;
    user(&store, "bo", UserRole::Viewer).await;
    everyone_and_a_list(&store, &root).await;
    let r = published(&store, &ana, &rita, "Checkout is down", false).await;
    let sent = run_jobs(&store).await;
    let bo_token = token_in(sent.to("bo@example.com"));
    assert!(sent
        .to("bo@example.com")
        .list_unsubscribe
        .as_deref()
        .unwrap()
        .ends_with(&format!("/api/v1/read/{bo_token}/unsubscribe")));

    let reading = store.open_reading(&bo_token, TimeZone::UTC).await.unwrap();
    assert_eq!(
        (reading.rendering, reading.version),
        (Rendering::Summary, 1)
    );
    assert!(
        reading.html.contains("<h2>Summary</h2>") && !reading.html.contains("<h2>Timeline</h2>")
    );
    assert_eq!(
        (reading.reader_name.as_str(), reading.acknowledged_at),
        ("bo", None)
    );
    let first_open = reading.opened_at;
    let page = store
        .postmortem_readers(&root, r, Some(ReaderStatus::Opened), 0, 10)
        .await
        .unwrap();
    assert_eq!(page.readers.len(), 1);
    assert_eq!(page.readers[0].name, "bo");

    store.acknowledge_reading(&bo_token).await.unwrap();
    store.acknowledge_reading(&bo_token).await.unwrap();
    let again = store.open_reading(&bo_token, TimeZone::UTC).await.unwrap();
    assert_eq!(again.opened_at, first_open, "the first open is kept");
    assert!(again.acknowledged_at.is_some());
    let page = store
        .postmortem_readers(&root, r, None, 0, 10)
        .await
        .unwrap();
    assert_eq!((page.counts.opened, page.counts.acknowledged), (1, 1));
    let acked = store
        .postmortem_readers(&root, r, Some(ReaderStatus::Acknowledged), 0, 10)
        .await
        .unwrap();
    assert_eq!(
        acked
            .readers
            .iter()
            .map(|x| x.name.as_str())
            .collect::<Vec<_>>(),
        ["bo"]
    );
    // Pages follow one another by id.
    let first = store
        .postmortem_readers(&root, r, None, 0, 2)
        .await
        .unwrap();
    let rest = store
        .postmortem_readers(&root, r, None, first.next.unwrap(), 10)
        .await
        .unwrap();
    assert_eq!(first.readers.len() + rest.readers.len(), 5);
    assert_eq!(rest.next, None);

    // Forged, altered or another reader's id under this mac: nothing opens, nothing is recorded.
    let (id, mac) = bo_token.trim_start_matches('r').split_once('.').unwrap();
    let other = format!("r{}.{mac}", id.parse::<i64>().unwrap() + 1);
    let mut flipped = bo_token.clone();
    let last = flipped.pop().unwrap();
    flipped.push(if last == '0' { '1' } else { '0' });
    for forged in [other.as_str(), flipped.as_str(), "r1.", "nonsense", "r1.zz"] {
        assert!(
            matches!(
                store.open_reading(forged, TimeZone::UTC).await,
                Err(StoreError::NotFound(_))
            ),
            "{forged}"
        );
        assert!(matches!(
            store.acknowledge_reading(forged).await,
            Err(StoreError::NotFound(_))
        ));
    }
    let page = store
        .postmortem_readers(&root, r, None, 0, 10)
        .await
        .unwrap();
    assert_eq!(page.counts.opened, 1, "a forgery records nothing");

    // A list reads, but cannot acknowledge for its members nor be left by one of them.
    let list_token = token_in(sent.to("all@example.com"));
    store
        .open_reading(&list_token, TimeZone::UTC)
        .await
        .unwrap();
    assert!(matches!(
        store.acknowledge_reading(&list_token).await,
        Err(StoreError::Domain(DomainError::Conflict(_)))
    ));
    assert!(matches!(
        store.unsubscribe_reading(&list_token).await,
        Err(StoreError::Domain(DomainError::Conflict(_)))
    ));

    // Unsubscribed: the next postmortem does not reach bo, though everyone else gets it.
    store.unsubscribe_reading(&bo_token).await.unwrap();
    published(&store, &ana, &rita, "Search is slow", false).await;
    let next = run_jobs(&store).await;
    assert!(
        !next.recipients().contains(&"bo@example.com"),
        "{:?}",
        next.recipients()
    );
    assert!(next.recipients().contains(&"root@example.com"));
}

pub async fn a_link_stops_working_when_its_reader_may_no_longer_read(db: TestDb) {
    let (store, _clock) = fixed_store(&db).await;
    let root = admin(&store).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let rita = user(&store, "rita", UserRole::Member).await;
    user(&store, "bo", UserRole::Member).await;
    everyone_and_a_list(&store, &root).await;
    let r = published(&store, &ana, &rita, "Payroll data exposed", false).await;
    let sent = run_jobs(&store).await;
    let (bo, list, ana_token) = (
        token_in(sent.to("bo@example.com")),
        token_in(sent.to("all@example.com")),
        token_in(sent.to("ana@example.com")),
    );
    store.open_reading(&bo, TimeZone::UTC).await.unwrap();

    // It turns out to be sensitive: made private, only those who may see it keep reading.
    let private = Change::Core(Command::SetPrivate {
        private: true,
        reason: Some(goldseam_core::text::Reason::parse("reason", "employee data").unwrap()),
    });
    store
        .change(&ana, r, &[private], None, false)
        .await
        .unwrap();
    for gone in [&bo, &list] {
        assert!(matches!(
            store.open_reading(gone, TimeZone::UTC).await,
            Err(StoreError::NotFound(_))
        ));
    }
    store.open_reading(&ana_token, TimeZone::UTC).await.unwrap();
}
