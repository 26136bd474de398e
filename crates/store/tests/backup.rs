//! `backup::snapshot` on SQLite: a copy that opens as a store with everything committed before it,
//! private to its owner, and refusals that leave nothing behind. The copy under concurrent
//! writes from a running server is tested end to end in crates/goldseam/tests/backup.rs.

mod common;

use common::{declaration, open, user};
use goldseam_core::UserRole;
use goldseam_store::backup::{snapshot, BackupError};
use goldseam_store::incidents::IncidentFilter;
use goldseam_store::{Store, StoreOptions};
use goldseam_testdb::TestDb;
use std::os::unix::fs::PermissionsExt;

#[tokio::test]
async fn a_snapshot_opens_as_a_store_with_every_committed_incident() {
    let db = TestDb::sqlite();
    let store = open(&db).await;
    let ana = user(&store, "ana", UserRole::Admin).await;
    for n in 0..5 {
        store
            .declare(&ana, &declaration(&format!("Incident {n}"), "SEV2"), None)
            .await
            .unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("copy.db");
    let bytes = snapshot(&db.url, &dest).await.unwrap();
    assert_eq!(bytes, std::fs::metadata(&dest).unwrap().len());
    assert_eq!(
        std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777,
        0o600,
        "password hashes and secrets are readable by the owner only"
    );
    // Written while the store is open, and the store goes on writing afterwards.
    store
        .declare(&ana, &declaration("After the backup", "SEV3"), None)
        .await
        .unwrap();
    store.close().await;

    let copy = Store::open(StoreOptions::new(format!(
        "sqlite://{}?mode=rw",
        dest.display()
    )))
    .await
    .unwrap();
    let titles: Vec<String> = copy
        .list_incidents(&ana, &IncidentFilter::default(), None, 100)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|i| i.title)
        .collect();
    assert_eq!(
        titles,
        [
            "Incident 4",
            "Incident 3",
            "Incident 2",
            "Incident 1",
            "Incident 0"
        ]
    );
    copy.close().await;
}

#[tokio::test]
async fn refusals_leave_nothing_behind() {
    let db = TestDb::sqlite();
    open(&db).await.close().await;
    let dir = tempfile::tempdir().unwrap();

    let existing = dir.path().join("existing.db");
    std::fs::write(&existing, "keep me").unwrap();
    let err = snapshot(&db.url, &existing).await.unwrap_err();
    assert!(matches!(err, BackupError::DestinationExists(_)), "{err}");
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "keep me");

    let missing = format!("sqlite://{}/nothing.db?mode=rwc", dir.path().display());
    let dest = dir.path().join("copy.db");
    let err = snapshot(&missing, &dest).await.unwrap_err();
    assert!(matches!(err, BackupError::NoDatabase(_)), "{err}");
    assert!(
        !dir.path().join("nothing.db").exists(),
        "no database was created"
    );
    assert!(!dest.exists());

    let err = snapshot(&db.url, &dir.path().join("no/such/dir/copy.db"))
        .await
        .unwrap_err();
    assert!(matches!(err, BackupError::Io { .. }), "{err}");
}
