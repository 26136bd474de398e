//! The provider end of the distribution scenario: a minimal SMTP server inside the bench that
//! takes every message, keeps what the scenario checks (when its final "." arrived, its
//! recipients, subject and Message-ID), and answers at once.
//!
//! Why not aiosmtpd or another real server: it would be a second process sharing the machine's
//! two cores with Goldseam, and at thousands of messages a second a Python server measures
//! itself, not Goldseam. This one speaks just the commands lettre sends over plain `smtp://`
//! (greeting, EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), one task per connection so that
//! any number of concurrent senders (lettre's pool, or a connection per message) are served.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// One message as the sink took it.
#[derive(Debug, Clone)]
pub struct Mail {
    /// When the line ending its DATA had been read.
    pub at: Instant,
    /// When its connection was accepted: `at` minus this is what one message costs the sender
    /// in SMTP round trips when it opens a connection per message.
    pub connected: Instant,
    /// The RCPT TO addresses, lower-cased, without the angle brackets.
    pub to: Vec<String>,
    pub subject: String,
    pub message_id: String,
}

#[derive(Default)]
struct Inner {
    mails: Mutex<Vec<Mail>>,
    arrived: Notify,
    connections: Mutex<usize>,
    /// Commands it did not know, for the report (lettre should send none).
    unknown: Mutex<Vec<String>>,
}

/// A running sink; it stops with the bench's runtime.
#[derive(Clone)]
pub struct SmtpSink {
    pub port: u16,
    inner: Arc<Inner>,
}

impl SmtpSink {
    /// Listens on a free loopback port.
    pub async fn spawn() -> anyhow::Result<SmtpSink> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let inner = Arc::new(Inner::default());
        let state = inner.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                *lock(&state.connections) += 1;
                tokio::spawn(session(socket, Instant::now(), state.clone()));
            }
        });
        Ok(SmtpSink { port, inner })
    }

    /// `smtp://127.0.0.1:PORT`: plain SMTP, as for a relay on the same host.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn mails(&self) -> Vec<Mail> {
        lock(&self.inner.mails).clone()
    }

    /// TCP connections accepted so far.
    pub fn connections(&self) -> usize {
        *lock(&self.inner.connections)
    }

    pub fn unknown_commands(&self) -> Vec<String> {
        lock(&self.inner.unknown).clone()
    }

    /// Waits until at least `n` messages of those `pred` keeps arrived, or `timeout` passed;
    /// returns how many it counted.
    pub async fn wait_for(
        &self,
        n: usize,
        timeout: Duration,
        pred: impl Fn(&Mail) -> bool,
    ) -> usize {
        let deadline = tokio::time::Instant::now() + timeout;
        let mut counted = 0;
        let mut seen = 0;
        loop {
            // Registered before counting, so an arrival in between still wakes this wait.
            let arrived = self.inner.arrived.notified();
            {
                let mails = lock(&self.inner.mails);
                counted += mails[seen..].iter().filter(|m| pred(m)).count();
                seen = mails.len();
            }
            if counted >= n || tokio::time::Instant::now() >= deadline {
                return counted;
            }
            let _ = tokio::time::timeout_at(deadline, arrived).await;
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// One connection: commands until QUIT or the peer closes.
async fn session(socket: TcpStream, connected: Instant, inner: Arc<Inner>) {
    let _ = socket.set_nodelay(true);
    let (read, mut write) = socket.into_split();
    let mut read = BufReader::new(read);
    if write.write_all(b"220 sink.bench ESMTP\r\n").await.is_err() {
        return;
    }
    let mut line = Vec::with_capacity(256);
    let mut to: Vec<String> = Vec::new();
    loop {
        line.clear();
        match read.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let text = String::from_utf8_lossy(&line);
        let command = text.trim_end();
        let verb = command
            .split([' ', ':'])
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-sink.bench\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
            "HELO" | "NOOP" => b"250 OK\r\n",
            "MAIL" | "RSET" => {
                to.clear();
                b"250 OK\r\n"
            }
            "RCPT" => {
                to.push(address(command));
                b"250 OK\r\n"
            }
            "DATA" => {
                if write
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await
                    .is_err()
                {
                    return;
                }
                let Some((subject, message_id)) = read_data(&mut read, &mut line).await else {
                    return;
                };
                let mail = Mail {
                    at: Instant::now(),
                    connected,
                    to: std::mem::take(&mut to),
                    subject,
                    message_id,
                };
                lock(&inner.mails).push(mail);
                inner.arrived.notify_waiters();
                b"250 OK: queued\r\n"
            }
            "QUIT" => {
                let _ = write.write_all(b"221 Bye\r\n").await;
                return;
            }
            _ => {
                lock(&inner.unknown).push(command.chars().take(80).collect());
                b"502 Command not implemented\r\n"
            }
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}

/// The address inside `RCPT TO:<a@b>`, lower-cased.
fn address(command: &str) -> String {
    let inside = command
        .split_once('<')
        .and_then(|(_, r)| r.split_once('>'))
        .map(|(a, _)| a)
        .unwrap_or_else(|| command.split_once(':').map_or("", |(_, a)| a.trim()));
    inside.to_ascii_lowercase()
}

/// Reads a message up to its lone "." line; returns its Subject and Message-ID (first lines of
/// those headers: long subjects are folded, and the scenario only matches their start).
async fn read_data(
    read: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
    line: &mut Vec<u8>,
) -> Option<(String, String)> {
    let (mut subject, mut message_id) = (String::new(), String::new());
    let mut in_headers = true;
    loop {
        line.clear();
        if read.read_until(b'\n', line).await.ok()? == 0 {
            return None;
        }
        let text = String::from_utf8_lossy(line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text == "." {
            return Some((subject, message_id));
        }
        if in_headers {
            if text.is_empty() {
                in_headers = false;
            } else if let Some((name, value)) = text.split_once(':') {
                if name.eq_ignore_ascii_case("subject") {
                    subject = value.trim().to_string();
                } else if name.eq_ignore_ascii_case("message-id") {
                    message_id = value.trim().to_string();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::address;

    #[test]
    fn recipient_addresses() {
        assert_eq!(
            address("RCPT TO:<Reader1@Bench.Local>"),
            "reader1@bench.local"
        );
        assert_eq!(address("RCPT TO:<a@b> SIZE=100"), "a@b");
        assert_eq!(address("RCPT TO: a@b"), "a@b");
    }
}
