//! `goldseam backup` as an operator uses it: taken from a running server while incidents keep
//! being declared, then restored (the file put in place of a database) under a new server,
//! which must have every incident acknowledged before the backup started. And its refusals.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// `goldseam` in `dir`, with none of the caller's GOLDSEAM_* variables leaking in.
fn goldseam(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_goldseam"));
    for (k, _) in std::env::vars() {
        if k.starts_with("GOLDSEAM_") {
            c.env_remove(k);
        }
    }
    c.current_dir(dir)
        .env("GOLDSEAM_DATA_DIR", dir.join("data"));
    c
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `goldseam serve` on a free port over `dir`'s data directory; killed when dropped.
struct Server {
    child: Child,
    url: String,
    log: PathBuf,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = dir.join("server.log");
        let child = goldseam(dir)
            .arg("serve")
            .env("GOLDSEAM_LISTEN", format!("127.0.0.1:{port}"))
            .env("GOLDSEAM_ADMIN_EMAIL", "ana@example.com")
            .env("GOLDSEAM_ADMIN_PASSWORD", "correct horse battery")
            .stderr(std::fs::File::create(&log).unwrap())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("starting goldseam serve");
        let server = Server {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
                let _ = s.set_read_timeout(Some(Duration::from_secs(1)));
                let _ =
                    s.write_all(b"GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                let mut answer = String::new();
                let _ = s.read_to_string(&mut answer);
                if answer.starts_with("HTTP/1.1 200") {
                    return server;
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "the server did not become ready: {}",
            std::fs::read_to_string(&server.log).unwrap_or_default()
        );
    }

    /// SIGTERM and wait: a graceful stop, as systemd does it.
    fn stop(mut self) {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "graceful stop exited with {status}");
                return;
            }
            assert!(Instant::now() < deadline, "the server ignored SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An incident the server answered 201 for, and when the answer arrived.
struct Acknowledged {
    reference: String,
    title: String,
    at: Instant,
}

/// Declares incidents one after another until told to stop, recording each acknowledgement.
async fn keep_declaring(
    url: String,
    token: String,
    writer: usize,
    acked: Arc<Mutex<Vec<Acknowledged>>>,
    stop: Arc<AtomicBool>,
) {
    let client = reqwest::Client::new();
    // Some bulk, so the copy is not over before it started.
    let summary = "Timeline notes. ".repeat(200);
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let title = format!("Writer {writer} incident {n}");
        let r = client
            .post(format!("{url}/api/v1/incidents"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"title": title, "severity": "SEV2", "summary": summary}))
            .send()
            .await
            .expect("the server keeps answering during the backup");
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
        let body: serde_json::Value = r.json().await.unwrap();
        acked.lock().unwrap().push(Acknowledged {
            reference: body["reference"].as_str().unwrap().to_string(),
            title,
            at: Instant::now(),
        });
    }
}

fn wait_for(acked: &Mutex<Vec<Acknowledged>>, what: impl Fn(&[Acknowledged]) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !what(&acked.lock().unwrap()) {
        assert!(Instant::now() < deadline, "the writers made no progress");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_backup_taken_under_writes_restores_every_incident_acknowledged_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let token = goldseam(dir.path())
        .args(["token", "create", "--email", "ana@example.com"])
        .args(["--name", "backup test"])
        .output()
        .unwrap();
    assert!(token.status.success(), "{}", text(&token.stderr));
    let token = text(&token.stdout).trim().to_string();

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let acked = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (1..=2)
        .map(|w| {
            runtime.spawn(keep_declaring(
                server.url.clone(),
                token.clone(),
                w,
                acked.clone(),
                stop.clone(),
            ))
        })
        .collect();
    wait_for(&acked, |a| a.len() >= 100);

    std::fs::create_dir(dir.path().join("backups")).unwrap();
    let backup_path = dir.path().join("backups/goldseam.db");
    let cutoff = Instant::now();
    let out = goldseam(dir.path())
        .arg("backup")
        .arg(&backup_path)
        .output()
        .unwrap();
    let finished = Instant::now();
    let acked_by_then = acked.lock().unwrap().len();
    // The server goes on taking writes after the backup, too.
    wait_for(&acked, |a| a.len() >= acked_by_then + 20);
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        runtime.block_on(w).unwrap();
    }
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}{stdout}", text(&out.stderr));
    assert!(
        stdout.starts_with("backed up sqlite: ") && stdout.contains("backups/goldseam.db: "),
        "{stdout}"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["goldseam.db"], "no temporary file is left");

    let acked = std::mem::take(&mut *acked.lock().unwrap());
    let before: Vec<&Acknowledged> = acked.iter().filter(|a| a.at < cutoff).collect();
    let during = acked
        .iter()
        .filter(|a| a.at >= cutoff && a.at < finished)
        .count();
    eprintln!(
        "{} incidents acknowledged before the backup, {during} while it ran, {} in all",
        before.len(),
        acked.len()
    );
    server.stop();

    // Restore as docs/install.md says: the copy becomes goldseam.db of an empty data directory.
    let restored_dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(restored_dir.path().join("data")).unwrap();
    std::fs::copy(&backup_path, restored_dir.path().join("data/goldseam.db")).unwrap();
    let restored = Server::start(restored_dir.path());
    // The token is in the backup like everything else.
    let list = goldseam(restored_dir.path())
        .args(["incidents", "--all-pages", "--json"])
        .env("GOLDSEAM_URL", &restored.url)
        .env("GOLDSEAM_TOKEN", &token)
        .output()
        .unwrap();
    assert!(list.status.success(), "{}", text(&list.stderr));
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let found: std::collections::HashMap<String, String> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["reference"].as_str().unwrap().to_string(),
                i["title"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for a in &before {
        assert_eq!(
            found.get(&a.reference),
            Some(&a.title),
            "{} was acknowledged before the backup started",
            a.reference
        );
    }
    // A snapshot as of one commit: references are allocated in commit order, so the copy
    // holds INC-1 to INC-n with no gap, and nothing the server never acknowledged.
    for n in 1..=found.len() {
        let reference = format!("INC-{n}");
        assert!(found.contains_key(&reference), "{reference} is missing");
        assert!(acked.iter().any(|a| a.reference == reference));
    }

    // The restored server carries on where the copy ends.
    let next = goldseam(restored_dir.path())
        .args(["declare", "After the restore", "--severity", "SEV3"])
        .env("GOLDSEAM_URL", &restored.url)
        .env("GOLDSEAM_TOKEN", &token)
        .output()
        .unwrap();
    assert!(next.status.success(), "{}", text(&next.stderr));
    assert!(
        text(&next.stdout).starts_with(&format!("INC-{} declared", found.len() + 1)),
        "{}",
        text(&next.stdout)
    );
    restored.stop();
}

/// Runs `goldseam backup ARGS` in `dir` and expects it to fail with exit status 1.
fn refused(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let out: Output = goldseam(dir)
        .arg("backup")
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{args:?}: {}",
        text(&out.stdout)
    );
    text(&out.stderr)
}

#[test]
fn backups_refuse_to_overwrite_to_copy_postgres_or_to_invent_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();

    let err = refused(d, &["first.db"], &[]);
    assert!(err.contains("there is no database at"), "{err}");
    assert!(!d.join("data").exists(), "no database was created");

    let made = goldseam(d)
        .args(["user", "add", "--email", "ana@example.com", "--name", "Ana"])
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", text(&made.stderr));

    std::fs::write(d.join("existing.db"), "yesterday's backup").unwrap();
    let err = refused(d, &["existing.db"], &[]);
    assert!(
        err.contains("existing.db already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("existing.db")).unwrap(),
        "yesterday's backup"
    );
    let forced = goldseam(d)
        .args(["backup", "--force", "existing.db"])
        .output()
        .unwrap();
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    let replaced = std::fs::read(d.join("existing.db")).unwrap();
    assert!(replaced.starts_with(b"SQLite format 3\0"), "a database now");

    let err = refused(d, &["--force", "data/goldseam.db"], &[]);
    assert!(err.contains("live database"), "{err}");
    let err = refused(d, &["data"], &[]);
    assert!(err.contains("is a directory"), "{err}");
    let err = refused(d, &["missing/dir/b.db"], &[]);
    assert!(err.contains("does not exist"), "{err}");

    let err = refused(
        d,
        &["pg.db"],
        &[(
            "GOLDSEAM_DATABASE_URL",
            "postgres://gs:hunter2@127.0.0.1:1/goldseam",
        )],
    );
    assert!(
        err.contains("PostgreSQL") && err.contains("pg_dump"),
        "{err}"
    );
    assert!(!err.contains("hunter2"), "the password leaked: {err}");
    assert!(!d.join("pg.db").exists());

    let mut names: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["data", "existing.db"],
        "no temporary files are left"
    );
}
