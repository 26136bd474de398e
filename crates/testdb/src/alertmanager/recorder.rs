//! A loopback HTTP server that answers every request with a success and remembers it, standing
//! in for the receivers Alertmanager notifies (a webhook, PagerDuty, Opsgenie) so a test can
//! see exactly what was sent. One thread accepts; one thread per connection reads requests,
//! keeping the connection alive as Alertmanager's HTTP client expects.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// `POST`, …
    pub method: String,
    /// The path with its query string, e.g. `/v2/alerts/abc/close?identifierType=alias`.
    pub path: String,
    /// The headers in the order sent, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked.
    pub body: Vec<u8>,
    /// When it had been read in full.
    pub at: Instant,
}

impl Recorded {
    /// The first header named `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON; panics (showing it) when it is not.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "{} {} sent a body that is not JSON ({e}): {}",
                self.method,
                self.path,
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

#[derive(Default)]
struct Shared {
    seen: Mutex<Vec<Recorded>>,
    arrived: Condvar,
    stop: AtomicBool,
}

/// The recorder; stops listening on drop.
pub struct Recorder {
    port: u16,
    started: Instant,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

/// How long a kept-alive connection may stay silent before its thread gives up on it, so no
/// thread outlives a test by much.
const IDLE: Duration = Duration::from_secs(5);

impl Recorder {
    /// Listens on a free loopback port.
    pub fn start() -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port for the recorder");
        let port = listener.local_addr().expect("its address").port();
        let shared = Arc::new(Shared::default());
        let for_thread = shared.clone();
        let acceptor = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if for_thread.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let shared = for_thread.clone();
                std::thread::spawn(move || serve(stream, &shared));
            }
        });
        Recorder {
            port,
            started: Instant::now(),
            shared,
            acceptor: Some(acceptor),
        }
    }

    /// Its address, `http://127.0.0.1:PORT` (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Its port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Everything received so far, in order of arrival.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.seen.lock().expect("recorder lock").clone()
    }

    /// Waits until `done` holds for the requests received, at most `timeout`; panics listing
    /// what did arrive when it never does. Returns the requests.
    pub fn wait_until(
        &self,
        timeout: Duration,
        what: &str,
        done: impl Fn(&[Recorded]) -> bool,
    ) -> Vec<Recorded> {
        let deadline = Instant::now() + timeout;
        let mut seen = self.shared.seen.lock().expect("recorder lock");
        loop {
            if done(&seen) {
                return seen.clone();
            }
            let now = Instant::now();
            if now >= deadline {
                let got: Vec<String> = seen
                    .iter()
                    .map(|r| {
                        format!(
                            "{} {} {}",
                            r.method,
                            r.path,
                            String::from_utf8_lossy(&r.body)
                        )
                    })
                    .collect();
                panic!(
                    "waited {timeout:?} for {what}; received {} request(s):\n{}",
                    got.len(),
                    got.join("\n")
                );
            }
            seen = self
                .shared
                .arrived
                .wait_timeout(seen, deadline - now)
                .expect("recorder lock")
                .0;
        }
    }

    /// Waits until nothing has arrived for `quiet`, at most `timeout`; panics when requests
    /// keep coming. Returns everything received.
    pub fn wait_quiet(&self, quiet: Duration, timeout: Duration) -> Vec<Recorded> {
        let deadline = Instant::now() + timeout;
        let mut seen = self.shared.seen.lock().expect("recorder lock");
        loop {
            let last = seen.last().map_or(self.started, |r| r.at);
            let now = Instant::now();
            if now >= last + quiet {
                return seen.clone();
            }
            assert!(
                now < deadline,
                "requests kept coming for {timeout:?} ({} so far)",
                seen.len()
            );
            let until = (last + quiet).min(deadline);
            seen = self
                .shared
                .arrived
                .wait_timeout(seen, until - now)
                .expect("recorder lock")
                .0;
        }
    }

    /// Waits until at least `n` requests have arrived, at most `timeout`.
    pub fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Recorded> {
        self.wait_until(timeout, &format!("{n} request(s)"), |seen| seen.len() >= n)
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // The acceptor is blocked in accept: a connection wakes it to see the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

/// Reads requests from one connection until it closes, goes idle or the recorder stops.
fn serve(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(IDLE));
    let mut writer = match stream.try_clone() {
        Ok(w) => w,
        Err(_) => return,
    };
    let mut reader = BufReader::new(stream);
    while !shared.stop.load(Ordering::SeqCst) {
        let Some(request) = read_request(&mut reader) else {
            return;
        };
        // PagerDuty's Events API and Opsgenie's Alert API answer 202 Accepted; a webhook 200.
        let accepted = request.path.starts_with("/v2/");
        let reply = if accepted {
            "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
        } else {
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
        };
        {
            let mut seen = shared.seen.lock().expect("recorder lock");
            seen.push(request);
            shared.arrived.notify_all();
        }
        if writer.write_all(reply.as_bytes()).is_err() {
            return;
        }
    }
}

fn read_line(reader: &mut impl BufRead) -> Option<String> {
    let mut line = String::new();
    match reader.read_line(&mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(line.trim_end_matches(['\r', '\n']).to_string()),
    }
}

/// One HTTP/1.1 request, its body by Content-Length or chunked; None at the end of the
/// connection or on anything malformed.
fn read_request(reader: &mut impl BufRead) -> Option<Recorded> {
    let start = read_line(reader)?;
    let mut parts = start.split(' ');
    let (method, path) = (parts.next()?.to_string(), parts.next()?.to_string());
    let mut headers = Vec::new();
    loop {
        let line = read_line(reader)?;
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.to_string(), value.trim().to_string()));
    }
    let find = |name: &str| {
        headers
            .iter()
            .find(|(n, _): &&(String, String)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let mut body = Vec::new();
    if find("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        loop {
            let size = read_line(reader)?;
            let size = usize::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
            if size == 0 {
                // Trailers, then the empty line.
                while !read_line(reader)?.is_empty() {}
                break;
            }
            let mut chunk = vec![0; size];
            reader.read_exact(&mut chunk).ok()?;
            body.extend_from_slice(&chunk);
            read_line(reader)?;
        }
    } else if let Some(len) = find("content-length") {
        body = vec![0; len.parse().ok()?];
        reader.read_exact(&mut body).ok()?;
    }
    Some(Recorded {
        method,
        path,
        headers,
        body,
        at: Instant::now(),
    })
}
