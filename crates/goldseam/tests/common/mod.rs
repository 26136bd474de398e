//! A `goldseam serve` process for the crash tests: started on a free loopback port with only the
//! settings given (none inherited from the environment), ready when `/readyz` answers, and killed
//! with SIGKILL, never shut down, when dropped or killed.
#![allow(dead_code)]

use goldseam_core::text::{Email, PersonName};
use goldseam_core::UserRole;
use goldseam_store::users::NewUser;
use goldseam_store::{Store, StoreOptions};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The running server; dropping it kills it.
pub struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Server {
    /// SIGKILL: no shutdown, no outcome recorded for what is in flight.
    pub fn kill(mut self) {
        self.0.kill().unwrap();
        self.0.wait().unwrap();
    }
}

/// Starts `goldseam serve` on `db_url` in `dir` with extra GOLDSEAM_* settings; returns it and
/// its base URL once it is ready.
pub async fn serve(
    db_url: &str,
    dir: &std::path::Path,
    env: &[(&str, String)],
) -> (Server, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut c = Command::new(env!("CARGO_BIN_EXE_goldseam"));
    for (k, _) in std::env::vars() {
        if k.starts_with("GOLDSEAM_") {
            c.env_remove(k);
        }
    }
    c.current_dir(dir)
        .arg("serve")
        .env("GOLDSEAM_DATABASE_URL", db_url)
        .env("GOLDSEAM_LOG", "warn")
        .env("GOLDSEAM_LISTEN", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (k, v) in env {
        c.env(k, v);
    }
    let server = Server(c.spawn().expect("starting goldseam serve"));
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(r) = reqwest::get(format!("{url}/readyz")).await {
            if r.status() == 200 {
                return (server, url);
            }
        }
        assert!(
            Instant::now() < deadline,
            "goldseam serve did not become ready"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// An admin (ana@example.com) and an API token of hers named `label`, made in the database before
/// any server runs.
pub async fn admin_token(db_url: &str, label: &str) -> String {
    let store = Store::open(StoreOptions::new(db_url)).await.unwrap();
    let user = store
        .create_user(&NewUser {
            email: Email::parse("email", "ana@example.com").unwrap(),
            name: PersonName::parse("name", "Ana").unwrap(),
            role: UserRole::Admin,
            password: None,
        })
        .await
        .unwrap();
    let (_, token) = store.create_token(user.id, label).await.unwrap();
    store.close().await;
    token.expose().to_string()
}
