//! A real Prometheus Alertmanager for tests: Debian's `prometheus-alertmanager` (`.ci/run`
//! installs it), alone or as a gossiping cluster, on free loopback ports with its configuration
//! and data in a temporary directory, killed and removed on drop. Tests post alerts to it as
//! Prometheus would and see what it sends to the receivers they chose; [`Recorder`] stands in
//! for those receivers when a test wants the raw requests.
//!
//! Timings are short (group_wait 500 ms, group_interval 1 s) so a notification follows a post
//! within about a second; see [`Receivers`].

mod config;
mod recorder;

pub use config::{Receivers, TestAlert};
pub use recorder::{Recorded, Recorder};

use config::duration;
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The binary; `GOLDSEAM_ALERTMANAGER` overrides it.
fn binary() -> PathBuf {
    std::env::var_os("GOLDSEAM_ALERTMANAGER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/prometheus-alertmanager"))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// One HTTP/1.0 exchange with a server on loopback (1.0: the answer is never chunked and the
/// connection closes after it). Returns the status and the body; None when unreachable.
fn http(port: u16, method: &str, path: &str, body: Option<&str>) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let body = body.unwrap_or("");
    let request = format!(
        "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    let (head, body) = answer.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some((status, body.to_string()))
}

/// One running Alertmanager; killed and its directory removed on drop.
pub struct Alertmanager {
    child: Child,
    port: u16,
    cluster_port: Option<u16>,
    dir: PathBuf,
}

impl Drop for Alertmanager {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Gossip timings for clusters: fast enough that peers settle in about three seconds (settling
/// checks the peer count every 10 gossip intervals until it is stable three times; the
/// timeout bounds it). Failure detection (probes) keeps its defaults, so a loaded machine
/// does not make peers suspect each other.
const CLUSTER_FLAGS: &[&str] = &[
    "--cluster.gossip-interval=50ms",
    "--cluster.pushpull-interval=1s",
    "--cluster.reconnect-interval=1s",
    "--cluster.settle-timeout=5s",
];

impl Alertmanager {
    /// Starts one, not clustered; panics (naming the fix) when the binary is missing or the
    /// configuration is refused.
    pub fn start(receivers: &Receivers) -> Alertmanager {
        let mut am = Alertmanager::spawn(receivers, None, &[]);
        am.wait_ready(Duration::from_secs(20));
        am
    }

    /// Starts `n` peers gossiping on loopback, each told of the first, and waits until every
    /// peer sees all `n` and reports itself settled. Each sends to the same receivers, as in
    /// a real high-availability pair: the notification log they share decides who sends.
    ///
    /// Each peer waits its position times `--cluster.peer-timeout` (here group_interval + 1 s)
    /// after a flush, then notifies only if the gossiped notification log does not already
    /// show what it would send. That deduplicates the first notification reliably, but not
    /// always a resolve: a peer whose flush took the alerts just before the resolve reached
    /// it sends a stale "firing" after the other peer's "resolved", then its own "resolved"
    /// on its next flush (Alertmanager issues #2447, #3551). The last notification is right.
    pub fn cluster(n: usize, receivers: &Receivers) -> Cluster {
        Alertmanager::cluster_with(
            n,
            receivers,
            receivers.group_interval + Duration::from_secs(1),
        )
    }

    /// [`Alertmanager::cluster`] with the peer timeout given.
    pub fn cluster_with(n: usize, receivers: &Receivers, peer_timeout: Duration) -> Cluster {
        assert!(n >= 1, "a cluster has at least one peer");
        let mut peers = vec![Alertmanager::spawn(
            receivers,
            Some((free_port(), peer_timeout)),
            &[],
        )];
        peers[0].wait_ready(Duration::from_secs(20));
        let first = peers[0].cluster_port.expect("a cluster port");
        for _ in 1..n {
            let mut peer =
                Alertmanager::spawn(receivers, Some((free_port(), peer_timeout)), &[first]);
            peer.wait_ready(Duration::from_secs(20));
            peers.push(peer);
        }
        let cluster = Cluster { peers };
        cluster.wait_settled(Duration::from_secs(20));
        cluster
    }

    /// Starts the process; `cluster` is the gossip port and the peer timeout.
    fn spawn(
        receivers: &Receivers,
        cluster: Option<(u16, Duration)>,
        join: &[u16],
    ) -> Alertmanager {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!(
            "goldseam-alertmanager-{port}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("data")).expect("a directory for Alertmanager");
        std::fs::write(dir.join("alertmanager.yml"), receivers.config())
            .expect("Alertmanager's configuration");
        let log = std::fs::File::create(dir.join("server.log")).expect("a log file");
        let mut cmd = Command::new(binary());
        cmd.arg(format!(
            "--config.file={}",
            dir.join("alertmanager.yml").display()
        ))
        .arg(format!("--storage.path={}", dir.join("data").display()))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        // Otherwise it names itself after the host name, in every notification.
        .arg(format!("--web.external-url=http://127.0.0.1:{port}"))
        // `debug` shows each flush, notification and gossiped log entry, for a failing test.
        .arg(format!(
            "--log.level={}",
            std::env::var("GOLDSEAM_ALERTMANAGER_LOG").unwrap_or_else(|_| "info".into())
        ));
        match cluster {
            // An empty address turns high availability off.
            None => {
                cmd.arg("--cluster.listen-address=");
            }
            Some((q, peer_timeout)) => {
                cmd.arg(format!("--cluster.listen-address=127.0.0.1:{q}"))
                    .arg(format!("--cluster.advertise-address=127.0.0.1:{q}"))
                    .arg(format!("--cluster.peer-timeout={}", duration(peer_timeout)))
                    .args(CLUSTER_FLAGS);
                for p in join {
                    cmd.arg(format!("--cluster.peer=127.0.0.1:{p}"));
                }
            }
        }
        let child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "starting {} ({e}); apt-get install prometheus-alertmanager (.ci/run does)",
                    binary().display()
                )
            });
        Alertmanager {
            child,
            port,
            cluster_port: cluster.map(|(q, _)| q),
            dir,
        }
    }

    fn wait_ready(&mut self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while !matches!(http(self.port, "GET", "/-/ready", None), Some((200, _))) {
            // A refused configuration ends it at once: say why rather than wait.
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("Alertmanager exited ({status}):\n{}", self.log());
            }
            assert!(
                Instant::now() < deadline,
                "Alertmanager did not become ready in {timeout:?}:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Its address, `http://127.0.0.1:PORT` (also its external URL in notifications).
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Its HTTP port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// What it has logged so far, for failure messages.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
    }

    /// Posts alerts to `/api/v2/alerts`, as Prometheus does; panics unless accepted.
    pub fn post_alerts(&self, alerts: &[TestAlert]) {
        let body: Vec<Value> = alerts.iter().map(TestAlert::to_json).collect();
        let body = serde_json::to_string(&body).expect("JSON");
        match http(self.port, "POST", "/api/v2/alerts", Some(&body)) {
            Some((200, _)) => {}
            other => panic!(
                "Alertmanager refused the alerts {body}: {other:?}\n{}",
                self.log()
            ),
        }
    }

    /// `GET path` as JSON, e.g. `/api/v2/alerts` or `/api/v2/status`.
    pub fn get(&self, path: &str) -> Value {
        match http(self.port, "GET", path, None) {
            Some((200, body)) => serde_json::from_str(&body).expect("JSON from Alertmanager"),
            other => panic!("GET {path}: {other:?}\n{}", self.log()),
        }
    }
}

/// Peers of one Alertmanager cluster.
pub struct Cluster {
    /// The peers, in the order started.
    pub peers: Vec<Alertmanager>,
}

impl Cluster {
    /// Posts alerts to every peer, as Prometheus does with a high-availability pair.
    pub fn post_alerts(&self, alerts: &[TestAlert]) {
        for peer in &self.peers {
            peer.post_alerts(alerts);
        }
    }

    fn wait_settled(&self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        for peer in &self.peers {
            loop {
                let status = peer.get("/api/v2/status");
                let cluster = &status["cluster"];
                let peers = cluster["peers"].as_array().map_or(0, Vec::len);
                if cluster["status"] == "ready" && peers == self.peers.len() {
                    break;
                }
                assert!(
                    Instant::now() < deadline,
                    "the cluster did not settle in {timeout:?}: {cluster}\n{}",
                    peer.log()
                );
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
}
