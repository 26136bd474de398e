//! A real SMTP server for tests: aiosmtpd (from PyPI; `.ci/run` installs it) on a free loopback
//! port, writing what it receives to a maildir, killed and removed on drop. Messages are read
//! back raw (headers as sent) or parsed by Python's own `email` package, so a test checks what a
//! mail client would show, whatever transfer encoding the sender chose.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running aiosmtpd.
pub struct SmtpServer {
    child: Child,
    /// Its port on 127.0.0.1.
    pub port: u16,
    dir: PathBuf,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// One received message, as a mail client reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// The whole message as received (headers, encoded parts).
    pub raw: String,
    /// The `To` header.
    pub to: String,
    /// The decoded `Subject`.
    pub subject: String,
    /// The decoded text/plain part ("" if none).
    pub text: String,
    /// The decoded text/html part ("" if none).
    pub html: String,
    /// The `List-Unsubscribe` header, if any.
    pub list_unsubscribe: Option<String>,
}

const PARSE: &str = r#"
import email, email.policy, json, sys
out = []
for path in sys.argv[1:]:
    with open(path, 'rb') as f:
        raw = f.read()
    m = email.message_from_bytes(raw, policy=email.policy.default)
    def part(kind):
        p = m.get_body(preferencelist=(kind,))
        return p.get_content() if p is not None else ''
    out.append({'raw': raw.decode('utf-8', 'replace'), 'to': str(m['To'] or ''),
                'subject': str(m['Subject'] or ''), 'text': part('plain'), 'html': part('html'),
                'list_unsubscribe': str(m['List-Unsubscribe']) if m['List-Unsubscribe'] else None})
print(json.dumps(out))
"#;

impl SmtpServer {
    /// Starts one; panics (naming the fix) when aiosmtpd is not installed.
    pub fn start() -> SmtpServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let dir = std::env::temp_dir().join(format!("goldseam-smtp-{port}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a maildir");
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.join("mail"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd (pip install aiosmtpd; .ci/run does)");
        let deadline = Instant::now() + Duration::from_secs(15);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "aiosmtpd did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        SmtpServer { child, port, dir }
    }

    /// The `smtp_url` that sends to it.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    fn files(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            if let Ok(entries) = std::fs::read_dir(self.dir.join("mail").join(sub)) {
                out.extend(entries.flatten().map(|e| e.path()));
            }
        }
        out.sort();
        out
    }

    /// How many messages arrived.
    pub fn count(&self) -> usize {
        self.files().len()
    }

    /// Every message, raw.
    pub fn raw_messages(&self) -> Vec<String> {
        self.files()
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect()
    }

    /// Every message, parsed as a mail client would.
    pub fn messages(&self) -> Vec<Mail> {
        let files = self.files();
        if files.is_empty() {
            return Vec::new();
        }
        let out = Command::new("python3")
            .args(["-c", PARSE])
            .args(&files)
            .output()
            .expect("python3 parses the maildir");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let parsed: Vec<serde_json::Value> =
            serde_json::from_slice(&out.stdout).expect("the parser's JSON");
        let text = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or_default().to_string();
        parsed
            .iter()
            .map(|v| Mail {
                raw: text(v, "raw"),
                to: text(v, "to"),
                subject: text(v, "subject"),
                text: text(v, "text"),
                html: text(v, "html"),
                list_unsubscribe: v["list_unsubscribe"].as_str().map(String::from),
            })
            .collect()
    }

    /// Waits until at least `n` messages arrived (or `timeout` passed); returns how many did.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> usize {
        let deadline = Instant::now() + timeout;
        loop {
            let count = self.count();
            if count >= n || Instant::now() > deadline {
                return count;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
