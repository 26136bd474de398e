//! The incident commands end to end: `goldseam serve` on a free port with a fresh SQLite data
//! directory, a token made with `token create`, then declare, list, show, comment, status and
//! resolve as a person would type them.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Output};
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

/// The server process; stopped when dropped, so a failing test leaves nothing running.
struct Server {
    child: Child,
    url: String,
    log: std::path::PathBuf,
}

impl Server {
    fn start(dir: &Path) -> Server {
        // The port is chosen here because `serve` on port 0 would leave the test to discover it.
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
            .stdout(std::fs::File::create(dir.join("server.out")).unwrap())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("starting goldseam serve");
        let server = Server {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
        };
        server.wait_healthy(port);
        server
    }

    fn wait_healthy(&self, port: u16) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
                // A listener that never accepts would otherwise block this read forever.
                let _ = s.set_read_timeout(Some(Duration::from_secs(1)));
                let _ =
                    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                let mut answer = String::new();
                let _ = s.read_to_string(&mut answer);
                if answer.starts_with("HTTP/1.1 200") {
                    return;
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the server did not become healthy: {}", self.log_text());
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGTERM, then the exit status: a graceful stop must exit 0.
    fn stop(mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
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

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Runs a client command and returns stdout, failing with stderr when it fails.
fn ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}{}",
        text(&out.stderr),
        text(&out.stdout)
    );
    text(&out.stdout)
}

fn failed(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{cmd:?}: {}", text(&out.stdout));
    out
}

#[test]
fn incidents_are_worked_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    assert!(
        !server.log_text().contains("correct horse"),
        "the admin password was logged"
    );
    let token = ok(goldseam(dir.path()).args([
        "token",
        "create",
        "--email",
        "ana@example.com",
        "--name",
        "e2e",
    ]))
    .trim()
    .to_string();
    let cli = |args: &[&str]| {
        let mut c = goldseam(dir.path());
        c.args(args)
            .env("GOLDSEAM_URL", &server.url)
            .env("GOLDSEAM_TOKEN", &token);
        c
    };

    let out = ok(&mut cli(&[
        "declare",
        "Checkout is down",
        "--severity",
        "sev2",
        "--type",
        "outage",
        "--tag",
        "payments",
    ]));
    let reference = out.split_whitespace().next().unwrap().to_string();
    assert!(reference.starts_with("INC-"), "{out}");
    assert!(
        out.contains("declared: Checkout is down (SEV2, triage)"),
        "{out}"
    );
    assert!(out.contains(&format!("{}/incidents/{reference}", server.url)));

    // The same idempotency key twice declares once.
    let again = |key: &str| {
        ok(&mut cli(&[
            "declare",
            "Retried",
            "--severity",
            "SEV3",
            "--idempotency-key",
            key,
        ]))
    };
    assert_eq!(again("k-1"), again("k-1"));

    let list = ok(&mut cli(&["incidents", "--status", "triage"]));
    let header = list.lines().next().unwrap();
    assert!(
        header.starts_with("REF") && header.contains("AGE") && header.ends_with("TITLE"),
        "{list}"
    );
    assert!(list.contains("Checkout is down"), "{list}");
    assert_eq!(list.lines().count(), 3, "{list}");
    let page = ok(&mut cli(&["incidents", "--limit", "1", "--all-pages"]));
    assert_eq!(page.lines().count(), 3, "{page}");

    ok(&mut cli(&["comment", &reference, "rolling back #deploy"]));
    let out = ok(&mut cli(&["status", &reference, "mitigated"]));
    assert!(out.contains("is now mitigated"), "{out}");
    let out = ok(&mut cli(&[
        "resolve",
        &reference,
        "--reason",
        "rolled back",
    ]));
    assert!(out.contains("is now resolved"), "{out}");

    let show = ok(&mut cli(&["incident", "show", &reference]));
    for expected in [
        "Checkout is down",
        "Severity:    SEV2",
        "Status:      resolved",
        "#payments",
        "declared the incident \"Checkout is down\" (SEV2, outage)",
        "commented: rolling back #deploy",
        "marked the incident mitigated",
        "resolved the incident: rolled back",
    ] {
        assert!(
            show.contains(expected),
            "{expected:?} missing from:\n{show}"
        );
    }
    // The actor's column (as wide as its widest name: Goldseam itself appears once the SEV2's
    // postmortem opens by itself).
    assert!(
        show.lines()
            .any(|l| l.contains("  Admin ") && l.contains("declared the incident")),
        "{show}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&mut cli(&["incident", "show", &reference, "--json"]))).unwrap();
    assert_eq!(json["incident"]["reference"], reference.as_str());
    assert!(json["timeline"].as_array().unwrap().len() >= 4, "{json}");

    // Errors: the server's detail and fields, exit code 1.
    let out = failed(&mut cli(&["declare", "Bad", "--severity", "SEV9"]));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("error: ") && stderr.contains("SEV9"),
        "{stderr}"
    );
    let out = failed(&mut cli(&["declare", "", "--severity", "SEV1"]));
    assert!(text(&out.stderr).contains("title"), "{}", text(&out.stderr));
    let out = failed(&mut cli(&["status", &reference, "triage"]));
    assert!(
        text(&out.stderr).contains("resolved"),
        "{}",
        text(&out.stderr)
    );
    let out = failed(cli(&["incidents"]).env("GOLDSEAM_TOKEN", "gs_wrong"));
    assert!(
        text(&out.stderr).contains("GOLDSEAM_TOKEN"),
        "{}",
        text(&out.stderr)
    );

    let status = server.stop();
    assert!(status.success(), "graceful shutdown exited with {status}");
}
