//! Two `goldseam serve` processes on one PostgreSQL database: an incident declared through one
//! reaches live streams on the other, both ways (LISTEN/NOTIFY between processes).

use futures::StreamExt;
use goldseam_testdb::{Kind, TestDb};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Instance {
    child: Child,
    url: String,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn goldseam(db_url: &str, dir: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_goldseam"));
    for (k, _) in std::env::vars() {
        if k.starts_with("GOLDSEAM_") {
            c.env_remove(k);
        }
    }
    c.current_dir(dir)
        .env("GOLDSEAM_DATABASE_URL", db_url)
        .env("GOLDSEAM_LOG", "warn");
    c
}

async fn start(db_url: &str, dir: &std::path::Path) -> Instance {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = goldseam(db_url, dir)
        .arg("serve")
        .env("GOLDSEAM_LISTEN", format!("127.0.0.1:{port}"))
        .env("GOLDSEAM_ADMIN_EMAIL", "ana@example.com")
        .env("GOLDSEAM_ADMIN_PASSWORD", "correct horse battery")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting goldseam serve");
    let instance = Instance {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(r) = reqwest::get(format!("{}/readyz", instance.url)).await {
            if r.status() == 200 {
                return instance;
            }
        }
        assert!(
            Instant::now() < deadline,
            "goldseam serve did not become ready"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Reads an SSE response until a `data:` line contains `needle`.
async fn wait_for(
    stream: &mut (impl futures::Stream<Item = reqwest::Result<bytes::Bytes>> + Unpin),
    needle: &str,
) {
    let mut seen = String::new();
    let found = tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(Ok(chunk)) = stream.next().await {
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if seen
                .lines()
                .any(|l| l.starts_with("data:") && l.contains(needle))
            {
                return true;
            }
        }
        false
    })
    .await;
    assert_eq!(
        found,
        Ok(true),
        "{needle:?} never arrived; the stream said: {seen}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_on_postgres_see_each_others_events_live() {
    let db = TestDb::new(Kind::Postgres).await;
    let dir = std::env::temp_dir().join(format!("goldseam-two-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let one = start(&db.url, &dir).await;
    let two = start(&db.url, &dir).await;
    let token = goldseam(&db.url, &dir)
        .args([
            "token",
            "create",
            "--email",
            "ana@example.com",
            "--name",
            "test",
        ])
        .output()
        .unwrap();
    assert!(
        token.status.success(),
        "{}",
        String::from_utf8_lossy(&token.stderr)
    );
    let token = String::from_utf8(token.stdout).unwrap().trim().to_string();
    let client = reqwest::Client::new();
    let open = |base: &str| {
        client
            .get(format!("{base}/api/v1/events"))
            .bearer_auth(&token)
            .send()
    };
    let mut on_one = open(&one.url).await.unwrap().bytes_stream();
    let mut on_two = open(&two.url).await.unwrap().bytes_stream();

    let declared = client
        .post(format!("{}/api/v1/incidents", one.url))
        .bearer_auth(&token)
        .json(&serde_json::json!({"title": "Declared through one", "severity": "SEV1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(declared.status(), 201);
    wait_for(&mut on_two, "Declared through one").await;

    let commented = client
        .post(format!("{}/api/v1/incidents/INC-1/comments", two.url))
        .bearer_auth(&token)
        .json(&serde_json::json!({"body": "Seen from two"}))
        .send()
        .await
        .unwrap();
    assert_eq!(commented.status(), 201);
    wait_for(&mut on_one, "Seen from two").await;
    let _ = std::fs::remove_dir_all(&dir);
}
