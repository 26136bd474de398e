//! A deliberately small SSE client for thousands of streams: one task per stream over a raw
//! `TcpStream`, the HTTP/1.1 request written by hand, the chunked body decoded in place, and
//! only `id:` lines (event arrivals) and `event: resync` looked at. A few KiB per stream, so
//! 10,000 of them measure the server, not the client.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, watch, Semaphore};

/// Counters all streams of one run share.
#[derive(Default)]
pub struct Shared {
    /// Streams that got `200` and their response headers.
    pub connected: AtomicUsize,
    /// Events received (any id).
    pub delivered: AtomicUsize,
    /// Streams that failed to connect, got another status, or ended before being told to stop.
    pub failed: AtomicUsize,
    /// `event: resync` messages (the server dropping a stream that fell behind).
    pub resyncs: AtomicUsize,
    pub first_failure: Mutex<Option<String>>,
}

impl Shared {
    fn fail(&self, why: String) {
        self.failed.fetch_add(1, Ordering::Relaxed);
        let mut first = self.first_failure.lock().unwrap_or_else(|e| e.into_inner());
        first.get_or_insert(why);
    }
}

/// One event seen on one stream.
#[derive(Debug, Clone, Copy)]
pub struct Arrival {
    pub stream: u32,
    pub event_id: i64,
    pub at: Instant,
}

/// Where and how to connect.
pub struct Request {
    pub port: u16,
    /// The whole HTTP/1.1 request, written once per stream.
    pub head: String,
}

impl Request {
    pub fn new(port: u16, path: &str, token: &str) -> Request {
        let head = format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n\
             Accept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n"
        );
        Request { port, head }
    }
}

/// Opens one stream and reports its events until `stop` turns true. `connecting` bounds how
/// many handshakes are in flight, so the server's accept backlog never overflows.
pub async fn run(
    index: u32,
    req: Arc<Request>,
    shared: Arc<Shared>,
    connecting: Arc<Semaphore>,
    arrivals: mpsc::UnboundedSender<Arrival>,
    mut stop: watch::Receiver<bool>,
) {
    let Ok(permit) = connecting.acquire().await else {
        return;
    };
    let opened = tokio::time::timeout(Duration::from_secs(30), open(&req)).await;
    drop(permit);
    let (mut sock, mut body, first) = match opened {
        Ok(Ok(v)) => v,
        Ok(Err(why)) => return shared.fail(format!("stream {index}: {why}")),
        Err(_) => return shared.fail(format!("stream {index}: no response headers within 30 s")),
    };
    shared.connected.fetch_add(1, Ordering::Relaxed);
    let mut buf = vec![0u8; 2048];
    let mut bytes = first;
    let mut at = Instant::now();
    loop {
        let mut lines = Vec::new();
        body.feed(&bytes, |line| lines.push(line));
        for line in lines {
            match line {
                Line::Id(event_id) => {
                    shared.delivered.fetch_add(1, Ordering::Relaxed);
                    let _ = arrivals.send(Arrival {
                        stream: index,
                        event_id,
                        at,
                    });
                }
                Line::Resync => {
                    shared.resyncs.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
        let n = tokio::select! {
            read = sock.read(&mut buf) => match read {
                Ok(0) => return if !*stop.borrow() { shared.fail(format!("stream {index}: the server closed it")) },
                Ok(n) => n,
                Err(e) => return if !*stop.borrow() { shared.fail(format!("stream {index}: {e}")) },
            },
            _ = stop.changed() => return,
        };
        at = Instant::now();
        bytes = buf[..n].to_vec();
    }
}

/// Connects, sends the request and reads the response head. Returns the socket, a body decoder
/// and whatever body bytes came with the head.
async fn open(req: &Request) -> Result<(TcpStream, Body, Vec<u8>), String> {
    let mut sock = TcpStream::connect(("127.0.0.1", req.port))
        .await
        .map_err(|e| format!("connect: {e}"))?;
    sock.set_nodelay(true).map_err(|e| e.to_string())?;
    sock.write_all(req.head.as_bytes())
        .await
        .map_err(|e| format!("write: {e}"))?;
    let mut head = Vec::with_capacity(512);
    let mut buf = [0u8; 1024];
    loop {
        let n = sock
            .read(&mut buf)
            .await
            .map_err(|e| format!("read: {e}"))?;
        if n == 0 {
            return Err("closed before the response head".into());
        }
        head.extend_from_slice(&buf[..n]);
        if let Some(end) = find(&head, b"\r\n\r\n") {
            let text = String::from_utf8_lossy(&head[..end]).to_string();
            let status = text.split_whitespace().nth(1).unwrap_or("");
            if status != "200" {
                let rest = String::from_utf8_lossy(&head[end + 4..]);
                return Err(format!(
                    "HTTP {status}: {}",
                    rest.chars().take(400).collect::<String>()
                ));
            }
            let chunked = text.lines().any(|l| {
                let l = l.to_ascii_lowercase();
                l.starts_with("transfer-encoding:") && l.contains("chunked")
            });
            return Ok((sock, Body::new(chunked), head[end + 4..].to_vec()));
        }
        if head.len() > 16 * 1024 {
            return Err("response head over 16 KiB".into());
        }
    }
}

/// The SSE lines the bench cares about.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    Id(i64),
    Resync,
}

enum Chunk {
    Size,
    Data(usize),
    Crlf(usize),
    End,
}

/// Incremental decoder: HTTP/1.1 chunked framing, then SSE lines.
pub struct Body {
    chunked: bool,
    state: Chunk,
    raw: Vec<u8>,
    text: Vec<u8>,
}

impl Body {
    pub fn new(chunked: bool) -> Body {
        Body {
            chunked,
            state: Chunk::Size,
            raw: Vec::new(),
            text: Vec::new(),
        }
    }

    /// Takes the next bytes off the socket and reports each complete interesting line.
    pub fn feed(&mut self, bytes: &[u8], mut on: impl FnMut(Line)) {
        if self.chunked {
            self.dechunk(bytes);
        } else {
            self.text.extend_from_slice(bytes);
        }
        let mut start = 0;
        while let Some(pos) = self.text[start..].iter().position(|&b| b == b'\n') {
            let line = &self.text[start..start + pos];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if let Some(id) = line.strip_prefix(b"id:") {
                if let Some(id) = std::str::from_utf8(id)
                    .ok()
                    .and_then(|s| s.trim().parse().ok())
                {
                    on(Line::Id(id));
                }
            } else if line.starts_with(b"event:") && line.ends_with(b"resync") {
                on(Line::Resync);
            }
            start += pos + 1;
        }
        self.text.drain(..start);
    }

    fn dechunk(&mut self, bytes: &[u8]) {
        self.raw.extend_from_slice(bytes);
        let mut i = 0;
        while i < self.raw.len() {
            match self.state {
                Chunk::Size => {
                    let Some(p) = find(&self.raw[i..], b"\r\n") else {
                        break;
                    };
                    let line = String::from_utf8_lossy(&self.raw[i..i + p]).to_string();
                    let size =
                        usize::from_str_radix(line.split(';').next().unwrap_or("").trim(), 16)
                            .unwrap_or(0);
                    i += p + 2;
                    self.state = if size == 0 {
                        Chunk::End
                    } else {
                        Chunk::Data(size)
                    };
                }
                Chunk::Data(left) => {
                    let n = left.min(self.raw.len() - i);
                    self.text.extend_from_slice(&self.raw[i..i + n]);
                    i += n;
                    self.state = if n == left {
                        Chunk::Crlf(2)
                    } else {
                        Chunk::Data(left - n)
                    };
                }
                Chunk::Crlf(left) => {
                    let n = left.min(self.raw.len() - i);
                    i += n;
                    self.state = if n == left {
                        Chunk::Size
                    } else {
                        Chunk::Crlf(left - n)
                    };
                }
                Chunk::End => {
                    i = self.raw.len();
                }
            }
        }
        self.raw.drain(..i);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(body: &mut Body, bytes: &[u8]) -> Vec<Line> {
        let mut out = Vec::new();
        body.feed(bytes, |l| out.push(l));
        out
    }

    #[test]
    fn chunked_events_split_anywhere() {
        let event = "id: 42\ndata: {\"x\":1}\n\n";
        let heartbeat = ":\n\n";
        let resync = "event: resync\ndata: {}\n\n";
        let wire = format!(
            "{:x}\r\n{event}\r\n{:x}\r\n{heartbeat}\r\n{:x}\r\n{resync}\r\n",
            event.len(),
            heartbeat.len(),
            resync.len()
        );
        let mut got = Vec::new();
        let mut body = Body::new(true);
        for byte in wire.as_bytes() {
            got.extend(lines(&mut body, std::slice::from_ref(byte)));
        }
        assert_eq!(got, vec![Line::Id(42), Line::Resync]);
        let mut whole = Body::new(true);
        assert_eq!(
            lines(&mut whole, wire.as_bytes()),
            vec![Line::Id(42), Line::Resync]
        );
    }

    #[test]
    fn plain_bodies_too() {
        let mut body = Body::new(false);
        assert_eq!(
            lines(&mut body, b"id: 7\r\ndata: x\r\n\r\nid:"),
            vec![Line::Id(7)]
        );
        assert_eq!(lines(&mut body, b" 8\n"), vec![Line::Id(8)]);
    }
}
