//! `goldseam oncall` against a real `goldseam serve` (fresh SQLite data directory): every
//! schedule with who is on call and until when, one schedule's shifts in the viewer's own time
//! zone across a daylight-saving change, `--json`, and an unknown schedule named.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

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

/// The server process; killed when dropped so a failing test leaves nothing running.
struct Server {
    child: Child,
    url: String,
    port: u16,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = goldseam(dir)
            .arg("serve")
            .env("GOLDSEAM_LISTEN", format!("127.0.0.1:{port}"))
            .env("GOLDSEAM_ADMIN_EMAIL", "ana@example.com")
            .env("GOLDSEAM_ADMIN_PASSWORD", "correct horse battery")
            .stdout(std::fs::File::create(dir.join("server.out")).unwrap())
            .stderr(std::fs::File::create(dir.join("server.log")).unwrap())
            .spawn()
            .expect("starting goldseam serve");
        let server = Server {
            child,
            url: format!("http://127.0.0.1:{port}"),
            port,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
                let _ = s.set_read_timeout(Some(Duration::from_secs(1)));
                let _ =
                    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                let mut answer = String::new();
                let _ = s.read_to_string(&mut answer);
                if answer.starts_with("HTTP/1.1 200") {
                    return server;
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the server did not become healthy");
    }

    /// One JSON request with a bearer token, over a plain socket (the CLI is what is tested).
    fn call(&self, token: &str, method: &str, path: &str, body: &str) -> serde_json::Value {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        s.write_all(req.as_bytes()).unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).unwrap();
        let (head, rest) = answer.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 2"), "{head}\n{rest}");
        serde_json::from_str(rest).unwrap_or(serde_json::Value::Null)
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

fn ok(cmd: &mut Command) -> String {
    let out: Output = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}{}",
        text(&out.stderr),
        text(&out.stdout)
    );
    text(&out.stdout)
}

#[test]
fn oncall_lists_schedules_and_shows_shifts_in_local_time() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let token = ok(goldseam(dir.path()).args([
        "token",
        "create",
        "--email",
        "ana@example.com",
        "--name",
        "cli",
    ]))
    .trim()
    .to_string();
    let bo: serde_json::Value = server.call(
        &token,
        "POST",
        "/api/v1/users",
        r#"{"email": "bo@example.com", "name": "Bo Diaz", "role": "member"}"#,
    );
    let me = server.call(&token, "GET", "/api/v1/me", "");
    let (ana_id, bo_id) = (me["id"].as_i64().unwrap(), bo["id"].as_i64().unwrap());
    server.call(
        &token,
        "POST",
        "/api/v1/schedules",
        &format!(
            r#"{{"name": "Payments", "time_zone": "America/New_York", "layers": [{{"name": "Primary",
                "start": "2026-03-06T09:00", "shift": {{"unit": "days", "count": 1}}, "participants": [{ana_id}, {bo_id}]}}]}}"#
        ),
    );
    server.call(
        &token,
        "POST",
        "/api/v1/schedules",
        &format!(
            r#"{{"name": "Ledger", "time_zone": "UTC", "layers": [{{"name": "Weekdays",
                "start": "2026-03-02T00:00", "shift": {{"unit": "weeks", "count": 1}}, "participants": [{ana_id}],
                "restrictions": [{{"kind": "weekly", "start_day": "monday", "start": "09:00", "end_day": "friday", "end": "17:00"}}]}}]}}"#
        ),
    );
    let cli = |tz: &str, args: &[&str]| {
        let mut c = goldseam(dir.path());
        c.args(args)
            .env("GOLDSEAM_URL", &server.url)
            .env("GOLDSEAM_TOKEN", &token)
            .env("TZ", tz);
        c
    };

    // Sunday 2026-03-08 12:00Z is 08:00 EDT: Bo's turn until the 09:00 handoff, which is
    // 13:00Z now that New York has sprung forward. Ledger covers weekdays only.
    let out = ok(&mut cli(
        "America/New_York",
        &["oncall", "--at", "2026-03-08T12:00:00Z"],
    ));
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("SCHEDULE")
            && lines[0].contains("ON CALL")
            && lines[0].ends_with("UNTIL"),
        "{out}"
    );
    assert!(
        lines[1].starts_with("Payments")
            && lines[1].contains("Bo Diaz")
            && lines[1].ends_with("Sun 2026-03-08 09:00 EDT"),
        "{out}"
    );
    assert!(
        lines[2].starts_with("Ledger") && lines[2].contains("nobody"),
        "{out}"
    );

    // One schedule's shifts, in the viewer's zone (Paris, still on winter time).
    let out = ok(&mut cli(
        "Europe/Paris",
        &[
            "oncall",
            "payments",
            "--at",
            "2026-03-07T00:00:00Z",
            "--days",
            "2",
        ],
    ));
    assert!(
        out.starts_with("Payments (America/New_York): the next 2 days, times in Europe/Paris"),
        "{out}"
    );
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert_eq!(rows.len(), 3, "{out}");
    assert!(
        rows[0].contains("Sat 2026-03-07 01:00 CET") && rows[0].contains("Admin"),
        "{out}"
    );
    assert!(
        rows[1].starts_with("Sat 2026-03-07 15:00 CET  Sun 2026-03-08 14:00 CET  Bo Diaz"),
        "{out}"
    );
    assert!(rows[1].ends_with("Primary"), "{out}");

    let json = ok(&mut cli(
        "UTC",
        &[
            "oncall",
            "Payments",
            "--at",
            "2026-03-07T00:00:00Z",
            "--days",
            "2",
            "--json",
        ],
    ));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["shifts"][1]["user"]["name"], "Bo Diaz");
    assert_eq!(v["shifts"][1]["end_local"], "2026-03-08T09:00:00-04:00");

    let out = cli("UTC", &["oncall", "Billing"]).output().unwrap();
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("no schedule is named \"Billing\"") && err.contains("Payments, Ledger"),
        "{err}"
    );
    let out = cli("UTC", &["oncall", "--at", "tomorrow"])
        .output()
        .unwrap();
    assert!(text(&out.stderr).contains("--at \"tomorrow\" is not an RFC 3339 time"));
}
