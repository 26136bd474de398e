//! Real CalDAV servers for tests, from PyPI (`.ci/run` installs them): Radicale with htpasswd
//! authentication (plain CalDAV: free/busy by REPORT, no scheduling) and Xandikos in its
//! single-user mode (RFC 6638 scheduling: outbox, inbox; RFC 7953 availability). Each runs on
//! a free loopback port with its data in a temporary directory, killed and removed on drop.
//! Events are seeded with the Python `caldav` package, as a calendar client would write them.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A server process and its directory, both gone on drop.
struct Running {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

fn temp_dir(kind: &str, port: u16) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("goldseam-{kind}-{port}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a directory for the server's data");
    dir
}

fn start(mut cmd: Command, what: &str, port: u16, dir: PathBuf) -> Running {
    let log = std::fs::File::create(dir.join("server.log")).expect("a log file");
    let child = cmd
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("starting {what} ({e}); pip install radicale xandikos caldav icalendar (.ci/run does)"));
    let mut running = Running { child, port, dir };
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = running.child.try_wait() {
            let log = std::fs::read_to_string(running.dir.join("server.log")).unwrap_or_default();
            panic!("{what} exited ({status}) before listening:\n{log}");
        }
        assert!(Instant::now() < deadline, "{what} did not start listening");
        std::thread::sleep(Duration::from_millis(50));
    }
    running
}

/// The Python with the `caldav` package: a virtual environment of its own
/// (`~/.cache/goldseam-venv-caldav`, which `.ci/run` makes; `GOLDSEAM_CALDAV_PYTHON` overrides
/// it). caldav brings niquests, whose urllib3-future takes the place of the urllib3 that
/// schemathesis (`make api-fuzz`) needs, so it must not be installed in the system's Python.
fn caldav_python() -> PathBuf {
    if let Some(p) = std::env::var_os("GOLDSEAM_CALDAV_PYTHON") {
        return PathBuf::from(p);
    }
    let venv = std::env::var_os("HOME")
        .map(|h| PathBuf::from(h).join(".cache/goldseam-venv-caldav/bin/python3"));
    match venv {
        Some(p) if p.exists() => p,
        _ => PathBuf::from("python3"),
    }
}

/// Runs a Python snippet (with the caldav package at hand) with `args`, `stdin` on its
/// standard input; panics with its error output when it fails. Returns its standard output.
fn python(script: &str, args: &[&str], stdin: &str) -> String {
    let mut child = Command::new(caldav_python())
        .args(["-c", script])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("writing to python3");
    let out = child.wait_with_output().expect("python3 runs");
    assert!(
        out.status.success(),
        "python3 failed (the caldav package lives in ~/.cache/goldseam-venv-caldav, which .ci/run makes): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Adds events (iCalendar texts, one JSON list on stdin) to the calendar named argv[4],
/// creating it if the account has none by that name.
const SEED: &str = r#"
import caldav, json, sys
url, user, password, name = sys.argv[1:5]
events = json.load(sys.stdin)
with caldav.DAVClient(url=url, username=user, password=password) as client:
    principal = client.principal()
    found = [c for c in principal.calendars()
             if name in (c.name, str(c.url).rstrip('/').rsplit('/', 1)[-1])]
    cal = found[0] if found else principal.make_calendar(name=name, cal_id=name)
    for ics in events:
        cal.add_event(ics)
    print(cal.url)
"#;

/// One HTTP request with urllib: method, url, user, password, content type; body on stdin.
/// Prints the status and the body.
const REQUEST: &str = r#"
import base64, sys, urllib.request, urllib.error
method, url, user, password, ctype = sys.argv[1:6]
body = sys.stdin.read().encode()
req = urllib.request.Request(url, data=body or None, method=method)
if ctype:
    req.add_header('Content-Type', ctype)
if user:
    token = base64.b64encode(f'{user}:{password}'.encode()).decode()
    req.add_header('Authorization', 'Basic ' + token)
try:
    with urllib.request.urlopen(req, timeout=10) as r:
        print(r.status); print(r.read().decode())
except urllib.error.HTTPError as e:
    print(e.code); print(e.read().decode())
"#;

fn json_list(items: &[&str]) -> String {
    serde_json::to_string(items).expect("JSON")
}

/// Radicale 3 with one user, `alice`, whose password is [`Radicale::PASSWORD`].
pub struct Radicale {
    running: Running,
}

impl Radicale {
    /// The user name.
    pub const USER: &'static str = "alice";
    /// The user's password.
    pub const PASSWORD: &'static str = "app-password-1";

    /// Starts one; panics (naming the fix) when Radicale is not installed.
    pub fn start() -> Radicale {
        let port = free_port();
        let dir = temp_dir("radicale", port);
        std::fs::write(
            dir.join("users"),
            format!("{}:{}\n", Self::USER, Self::PASSWORD),
        )
        .expect("an htpasswd file");
        let mut cmd = Command::new("python3");
        cmd.args(["-m", "radicale"])
            .args(["--hosts", &format!("127.0.0.1:{port}")])
            .args(["--auth-type", "htpasswd"])
            .arg("--auth-htpasswd-filename")
            .arg(dir.join("users"))
            .args(["--auth-htpasswd-encryption", "plain"])
            // Radicale waits after a refused password; tests need not.
            .args(["--auth-delay", "0"])
            .arg("--storage-filesystem-folder")
            .arg(dir.join("collections"))
            .args(["--rights-type", "owner_only"])
            .args(["--logging-level", "warning"])
            // Last, with no paths: no configuration file is read (not even /etc/radicale).
            .arg("--config");
        Radicale {
            running: start(cmd, "radicale", port, dir),
        }
    }

    /// Its address.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.running.port)
    }

    /// Adds events to alice's calendar `calendar` (created if needed); returns its URL.
    pub fn seed(&self, calendar: &str, events: &[&str]) -> String {
        let url = self.url();
        python(
            SEED,
            &[&url, Self::USER, Self::PASSWORD, calendar],
            &json_list(events),
        )
        .trim()
        .to_string()
    }
}

/// Xandikos serving one principal, `/user/`, whose calendar user address is
/// `mailto:` + [`Xandikos::EMAIL`], with a calendar, a scheduling inbox and outbox. It has no
/// authentication of its own (it asks for a reverse proxy in front for that).
pub struct Xandikos {
    running: Running,
}

impl Xandikos {
    /// The principal's email address.
    pub const EMAIL: &'static str = "alice@example.com";

    /// Starts one; panics (naming the fix) when Xandikos is not installed.
    pub fn start() -> Xandikos {
        let port = free_port();
        let dir = temp_dir("xandikos", port);
        let mut cmd = Command::new("python3");
        cmd.args(["-m", "xandikos", "serve", "--defaults"])
            .arg("-d")
            .arg(dir.join("data"))
            .arg("--state-dir")
            .arg(dir.join("state"))
            .args(["-l", "127.0.0.1", "-p", &port.to_string()])
            .arg("--no-detect-systemd")
            // The single-user principal's calendar-user-address-set comes from $EMAIL.
            .env("EMAIL", Self::EMAIL);
        Xandikos {
            running: start(cmd, "xandikos", port, dir),
        }
    }

    /// Its address.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.running.port)
    }

    /// Adds events to the default calendar.
    pub fn seed(&self, events: &[&str]) -> String {
        let url = self.url();
        python(SEED, &[&url, "", "", "calendar"], &json_list(events))
            .trim()
            .to_string()
    }

    /// Sends one request; returns the status and body.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        content_type: &str,
        body: &str,
    ) -> (u16, String) {
        let url = format!("{}{}", self.url(), path.trim_start_matches('/'));
        let out = python(REQUEST, &[method, &url, "", "", content_type], body);
        let (status, body) = out.split_once('\n').unwrap_or((&out, ""));
        (status.trim().parse().expect("a status"), body.to_string())
    }

    /// Sets the default calendar's `calendar-availability` (RFC 7953) to `ics`. Xandikos
    /// keeps availability on calendars; its inbox has the property but cannot store it.
    pub fn set_availability(&self, ics: &str) {
        let escaped = ics
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        let body = format!(
            r#"<?xml version="1.0" encoding="utf-8"?><D:propertyupdate xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><C:calendar-availability>{escaped}</C:calendar-availability></D:prop></D:set></D:propertyupdate>"#
        );
        let (status, said) = self.request(
            "PROPPATCH",
            "/user/calendars/calendar/",
            "application/xml",
            &body,
        );
        assert_eq!(status, 207, "PROPPATCH calendar-availability: {said}");
        assert!(
            said.contains("200 OK"),
            "PROPPATCH calendar-availability: {said}"
        );
    }

    /// Puts an iTIP message into the inbox as `name`, as the server does when an attendee's
    /// reply arrives.
    pub fn deliver_to_inbox(&self, name: &str, ics: &str) {
        let (status, said) =
            self.request("PUT", &format!("/user/inbox/{name}"), "text/calendar", ics);
        assert!(
            (200..300).contains(&status),
            "PUT into the inbox: {status} {said}"
        );
    }
}
