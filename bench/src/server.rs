//! Running a real `goldseam serve`: spawning it with a clean environment on a free loopback
//! port, timing it to ready, reading its memory and metrics, making a token, stopping it.

use anyhow::{anyhow, bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

/// The first admin the server creates on a fresh database; the token belongs to them.
pub const ADMIN_EMAIL: &str = "bench@goldseam.local";
const ADMIN_PASSWORD: &str = "bench-password-not-secret";

/// How long a start may take before the bench gives up on it.
const READY_DEADLINE: Duration = Duration::from_secs(30);

/// What to run and against which database.
#[derive(Debug, Clone)]
pub struct Target {
    /// The `goldseam` release binary.
    pub bin: PathBuf,
    /// `None` runs on SQLite under the data directory; otherwise a PostgreSQL URL.
    pub database_url: Option<String>,
}

/// Extra GOLDSEAM_* settings for one start (delivery concurrency, the engine on or off).
pub type Env<'a> = &'a [(&'a str, String)];

impl Target {
    /// `goldseam ARGS` with only the bench's GOLDSEAM_* settings (never the caller's), so a
    /// GOLDSEAM_DATABASE_URL in the shell cannot point a SQLite run at PostgreSQL.
    fn command(&self, data_dir: &Path, listen: Option<u16>) -> Command {
        let mut cmd = Command::new(&self.bin);
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("GOLDSEAM_") {
                cmd.env_remove(key);
            }
        }
        cmd.env("GOLDSEAM_DATA_DIR", data_dir)
            .env("GOLDSEAM_ADMIN_EMAIL", ADMIN_EMAIL)
            .env("GOLDSEAM_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("GOLDSEAM_LOG", "warn")
            .stdin(Stdio::null())
            .kill_on_drop(true);
        // kill_on_drop covers errors and panics; this covers the bench itself being killed by a
        // signal, which runs no destructor: the kernel sends goldseam SIGKILL when its parent dies.
        // SAFETY: prctl is async-signal-safe, as pre_exec requires.
        unsafe {
            cmd.pre_exec(|| {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
        if let Some(port) = listen {
            cmd.env("GOLDSEAM_LISTEN", format!("127.0.0.1:{port}"));
        }
        if let Some(url) = &self.database_url {
            cmd.env("GOLDSEAM_DATABASE_URL", url);
        }
        cmd
    }

    /// The URL the bench itself opens the database with (SQLite: the file in `data_dir`).
    pub fn store_url(&self, data_dir: &Path) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!(
                "sqlite://{}?mode=rwc",
                data_dir.join("goldseam.db").display()
            ),
        }
    }

    /// `goldseam token create` for the admin: the token is all it prints on stdout.
    pub async fn create_token(&self, data_dir: &Path) -> Result<String> {
        let out = self
            .command(data_dir, None)
            .args(["token", "create", "--email", ADMIN_EMAIL, "--name", "bench"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .await
            .with_context(|| format!("running {} token create", self.bin.display()))?;
        if !out.status.success() {
            bail!(
                "`goldseam token create` failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        let token = String::from_utf8(out.stdout)?.trim().to_string();
        if token.is_empty() || token.contains(char::is_whitespace) {
            bail!("`goldseam token create` printed {token:?}, not a single token");
        }
        Ok(token)
    }
}

/// A running `goldseam serve`, killed if dropped without [`Goldseam::stop`].
pub struct Goldseam {
    child: Child,
    pub port: u16,
    pub pid: u32,
    log: PathBuf,
    /// Where this server's output starts in `log`, which several servers append to.
    log_from: usize,
    http: reqwest::Client,
}

impl Goldseam {
    /// Spawns the server on a free loopback port and waits for `/readyz` to answer 200, polling
    /// every 2 ms. Returns it with the time from spawn to ready.
    pub async fn start(
        target: &Target,
        data_dir: &Path,
        log: &Path,
    ) -> Result<(Goldseam, Duration)> {
        Self::start_with(target, data_dir, log, &[]).await
    }

    /// [`Goldseam::start`] with extra GOLDSEAM_* settings.
    pub async fn start_with(
        target: &Target,
        data_dir: &Path,
        log: &Path,
        env: Env<'_>,
    ) -> Result<(Goldseam, Duration)> {
        let port = free_port()?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)?;
        let log_from = file.metadata()?.len() as usize;
        let mut cmd = target.command(data_dir, Some(port));
        cmd.arg("serve").stdout(file.try_clone()?).stderr(file);
        for (key, value) in env {
            cmd.env(key, value);
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()?;
        let spawned = Instant::now();
        let child = cmd
            .spawn()
            .with_context(|| format!("spawning {}", target.bin.display()))?;
        let pid = child
            .id()
            .ok_or_else(|| anyhow!("goldseam exited at once"))?;
        let mut server = Goldseam {
            child,
            port,
            pid,
            log: log.to_path_buf(),
            log_from,
            http,
        };
        let ready = format!("http://127.0.0.1:{port}/readyz");
        loop {
            if let Ok(res) = server
                .http
                .get(&ready)
                .timeout(Duration::from_secs(1))
                .send()
                .await
            {
                if res.status() == 200 {
                    return Ok((server, spawned.elapsed()));
                }
            }
            if let Some(status) = server.child.try_wait()? {
                bail!(
                    "goldseam serve exited with {status} before it was ready:\n{}",
                    server.log_tail()
                );
            }
            if spawned.elapsed() > READY_DEADLINE {
                bail!(
                    "goldseam serve was not ready after {READY_DEADLINE:?}:\n{}",
                    server.log_tail()
                );
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }

    /// `http://127.0.0.1:PORT` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The server's resident memory (VmRSS), in KiB.
    pub fn rss_kib(&self) -> Result<u64> {
        rss_kib(self.pid)
    }

    /// `goldseam_open_streams` from `/metrics`.
    pub async fn open_streams(&self) -> Result<u64> {
        self.metric("goldseam_open_streams").await
    }

    /// The incident writer's (transactions, requests) so far, from `/metrics`.
    pub async fn write_counts(&self) -> Result<(u64, u64)> {
        Ok((
            self.metric("goldseam_write_batches_total").await?,
            self.metric("goldseam_write_requests_total").await?,
        ))
    }

    /// One unlabelled value from `/metrics`.
    async fn metric(&self, name: &str) -> Result<u64> {
        let text = self
            .http
            .get(self.url("/metrics"))
            .send()
            .await?
            .error_for_status()?
            .text()
            .await?;
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(' '))
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| anyhow!("/metrics has no {name} line"))
    }

    /// Count of responses with a 5xx status in `/metrics`, by route, for the report.
    pub async fn server_errors(&self) -> Result<Vec<String>> {
        let text = self
            .http
            .get(self.url("/metrics"))
            .send()
            .await?
            .error_for_status()?
            .text()
            .await?;
        Ok(text
            .lines()
            .filter(|l| l.starts_with("goldseam_http_requests_total{") && l.contains("status=\"5"))
            .map(str::to_string)
            .collect())
    }

    /// The last lines the server wrote (at GOLDSEAM_LOG=warn: warnings, errors, the first-admin
    /// banner, or why it would not start).
    pub fn log_tail(&self) -> String {
        let text = self.log_text();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }

    /// The warnings and errors the server logged so far (the last 20).
    pub fn log_problems(&self) -> String {
        let text = self.log_text();
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("WARN") || l.contains("ERROR") || l.contains("panicked"))
            .collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }

    fn log_text(&self) -> String {
        let bytes = std::fs::read(&self.log).unwrap_or_default();
        String::from_utf8_lossy(bytes.get(self.log_from..).unwrap_or_default()).into_owned()
    }

    /// SIGTERM, then up to 10 s for a graceful stop, then SIGKILL.
    pub async fn stop(mut self) -> Result<()> {
        // SAFETY: kill(2) on our own child's pid; it has not been reaped (we hold the Child).
        unsafe { libc::kill(self.pid as libc::pid_t, libc::SIGTERM) };
        match tokio::time::timeout(Duration::from_secs(10), self.child.wait()).await {
            Ok(status) => {
                status?;
            }
            Err(_) => {
                eprintln!(
                    "goldseam (pid {}) did not stop within 10 s of SIGTERM; killing it",
                    self.pid
                );
                self.child.kill().await?;
            }
        }
        Ok(())
    }
}

/// A loopback port nobody listens on right now: bind port 0, read it, release it.
pub fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// VmRSS of a process, in KiB.
pub fn rss_kib(pid: u32) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| anyhow!("no VmRSS in /proc/{pid}/status"))
}
