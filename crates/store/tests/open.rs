//! Opening the store: concurrent first starts, and refused settings.

use goldseam_store::{Store, StoreError, StoreOptions};
use goldseam_testdb::{Kind, TestDb};

/// Two instances starting together on an empty PostgreSQL database both come up, and the
/// defaults are seeded once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_starting_on_an_empty_database_both_come_up() {
    let db = TestDb::new(Kind::Postgres).await;
    let (a, b) = tokio::join!(
        Store::open(StoreOptions::new(&db.url)),
        Store::open(StoreOptions::new(&db.url))
    );
    let (a, b) = (a.expect("first instance"), b.expect("second instance"));
    assert_eq!(a.catalog().severities.len(), 5);
    assert_eq!(b.refresh_catalog().await.unwrap().roles.len(), 4);
    // Reopening applies nothing twice.
    let c = Store::open(StoreOptions::new(&db.url)).await.unwrap();
    assert_eq!(c.catalog(), a.catalog());
}

#[tokio::test]
async fn an_unknown_sqlite_durability_setting_is_refused() {
    let db = TestDb::new(Kind::Sqlite).await;
    let opts = StoreOptions {
        sqlite_synchronous: "off".into(),
        ..StoreOptions::new(&db.url)
    };
    match Store::open(opts).await {
        Err(StoreError::Config(msg)) => assert!(msg.contains("\"normal\" or \"full\""), "{msg}"),
        other => panic!(
            "expected a configuration error, got {:?}",
            other.map(|_| ())
        ),
    }
}

#[tokio::test]
async fn an_unsupported_database_url_is_refused_without_its_password() {
    let err = Store::open(StoreOptions::new("mysql://root:hunter2@localhost/db"))
        .await
        .err()
        .expect("refused");
    let msg = err.to_string();
    assert!(
        msg.contains("unsupported database URL") && !msg.contains("hunter2"),
        "{msg}"
    );
}
