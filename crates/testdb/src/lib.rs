//! Test support: every storage and API test runs once on SQLite and once on PostgreSQL, each
//! in a database of its own that is dropped afterwards; email tests send to a real SMTP server
//! ([`smtp`]), calendar tests read real CalDAV servers ([`caldav`]), alert tests post to a real
//! Prometheus Alertmanager ([`alertmanager`]).
//!
//! PostgreSQL is found through `GOLDSEAM_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/test`). When it cannot be reached the tests fail with a
//! message saying so; they never skip.
//!
//! ```ignore
//! async fn declares(db: TestDb) { /* open a store on db.url */ }
//! goldseam_testdb::on_both_databases!(declares);
//! ```

pub mod alertmanager;
pub mod caldav;
pub mod smtp;

use rand::Rng;
use sqlx::{Connection, Executor, PgConnection};
use std::path::PathBuf;

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A fresh SQLite file in a temporary directory.
    Sqlite,
    /// A fresh schema in the test PostgreSQL database.
    Postgres,
}

/// A database for one test; dropping it removes the file or schema.
pub struct TestDb {
    /// The URL to give `Store::open` or `GOLDSEAM_DATABASE_URL`.
    pub url: String,
    /// Which database.
    pub kind: Kind,
    cleanup: Cleanup,
}

enum Cleanup {
    Dir(PathBuf),
    Schema { admin_url: String, schema: String },
}

fn postgres_base() -> String {
    std::env::var("GOLDSEAM_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

fn random_suffix() -> String {
    format!("{:016x}", rand::thread_rng().gen::<u64>())
}

impl TestDb {
    /// A database of the given kind.
    pub async fn new(kind: Kind) -> TestDb {
        match kind {
            Kind::Sqlite => TestDb::sqlite(),
            Kind::Postgres => TestDb::postgres().await,
        }
    }

    /// A fresh SQLite database file.
    pub fn sqlite() -> TestDb {
        let dir = std::env::temp_dir().join(format!("goldseam-test-{}", random_suffix()));
        std::fs::create_dir_all(&dir).expect("creating a temporary directory for a test database");
        let url = format!("sqlite://{}?mode=rwc", dir.join("goldseam.db").display());
        TestDb {
            url,
            kind: Kind::Sqlite,
            cleanup: Cleanup::Dir(dir),
        }
    }

    /// A fresh PostgreSQL schema; panics with an explanation when PostgreSQL is unreachable.
    pub async fn postgres() -> TestDb {
        let admin_url = postgres_base();
        let schema = format!("gs_test_{}", random_suffix());
        let mut conn = PgConnection::connect(&admin_url).await.unwrap_or_else(|e| {
            panic!("PostgreSQL is required for the tests but {admin_url} is unreachable ({e}). Start it, or set GOLDSEAM_TEST_POSTGRES_URL.")
        });
        conn.execute(format!("CREATE SCHEMA {schema}").as_str())
            .await
            .expect("creating a test schema");
        let _ = conn.close().await;
        let sep = if admin_url.contains('?') { '&' } else { '?' };
        let url = format!("{admin_url}{sep}options=-c%20search_path%3D{schema}");
        TestDb {
            url,
            kind: Kind::Postgres,
            cleanup: Cleanup::Schema { admin_url, schema },
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Dir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Schema { admin_url, schema } => {
                // Drop runs inside the test's runtime, which cannot block on itself: use a thread
                // with a runtime of its own.
                let (admin_url, schema) = (admin_url.clone(), schema.clone());
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .expect("a runtime for cleanup");
                    rt.block_on(async {
                        if let Ok(mut conn) = PgConnection::connect(&admin_url).await {
                            let _ = conn
                                .execute(format!("DROP SCHEMA IF EXISTS {schema} CASCADE").as_str())
                                .await;
                            let _ = conn.close().await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// Generates `sqlite::NAME` and `postgres::NAME` tests for each `async fn NAME(db: TestDb)`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::TestDb::new($crate::Kind::Sqlite).await).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::TestDb::new($crate::Kind::Postgres).await).await
                }
            )*
        }
    };
}
