//! Email over SMTP with lettre: a text part and an HTML part, the incident's link in both.
//!
//! The server is one URL, like `smtp://user:pass@mail.example.com:587?tls=required`:
//! `smtp://` without `tls` is plain SMTP (a relay on the same host), `?tls=required` upgrades
//! with STARTTLS and refuses a server that cannot, and `smtps://` (port 465) is TLS from the
//! first byte. The `Message-ID` is made from the job's idempotency key, so a message sent twice
//! after a crash carries the same id and mail clients and archives that dedupe by it show one.
//! An invitation adds its iCalendar part last (see `calendar_part`).

mod calendar_part;

use crate::{Receipt, Secret, SendError};
use goldseam_core::delivery::EmailMessage;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sha2::{Digest, Sha256};
use std::time::Duration;

/// SMTP settings.
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    /// `smtp://`, `smtp://...?tls=required` (STARTTLS) or `smtps://` (TLS), credentials inside.
    pub url: Secret,
    /// The sender, like `Goldseam <goldseam@example.com>`.
    pub from: String,
    /// How long one message may take.
    pub timeout: Duration,
}

/// The email adapter.
#[derive(Clone)]
pub struct Email {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Email")
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

/// Why SMTP settings were refused.
#[derive(Debug, thiserror::Error)]
pub enum SmtpConfigError {
    /// The URL is not one lettre understands.
    #[error("smtp_url is not a URL like smtp://user:pass@mail.example.com:587?tls=required ({0})")]
    Url(String),
    /// The sender is not a mailbox.
    #[error("smtp_from {0:?} is not an address like Goldseam <goldseam@example.com>")]
    From(String),
}

/// Escapes text for HTML.
fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The `Message-ID` for a delivery: a digest of the key (keys may hold characters a header
/// cannot) at the sender's domain.
pub fn message_id(key: &str, from: &str) -> String {
    let domain = from
        .rsplit('@')
        .next()
        .unwrap_or("goldseam")
        .trim_end_matches('>');
    let digest = hex::encode(&Sha256::digest(key.as_bytes())[..16]);
    format!("<goldseam.{digest}@{domain}>")
}

/// The text and HTML bodies: the message, then the incident's link.
pub fn bodies(m: &EmailMessage) -> (String, String) {
    let mut text = m.text.clone();
    let mut html = match &m.html {
        Some(h) => h.clone(),
        None => format!("<p>{}</p>", html_escape(&m.text).replace('\n', "<br>\n")),
    };
    if let Some(link) = &m.link {
        text.push_str(&format!("\n\nOpen the incident: {link}\n"));
        html.push_str(&format!(
            "\n<p><a href=\"{0}\">Open the incident</a></p>",
            html_escape(link)
        ));
    }
    (text, html)
}

impl Email {
    /// An adapter with these settings, or why they are wrong.
    pub fn new(config: SmtpConfig) -> Result<Email, SmtpConfigError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(config.url.expose())
            .map_err(|e| SmtpConfigError::Url(e.to_string()))?
            .timeout(Some(config.timeout))
            .build();
        let from = config
            .from
            .parse::<Mailbox>()
            .map_err(|_| SmtpConfigError::From(config.from.clone()))?;
        Ok(Email { transport, from })
    }

    /// The sender's address (`goldseam@example.com`), which invitations name as organizer.
    pub fn sender_address(&self) -> String {
        self.from.email.to_string()
    }

    /// Sends the email.
    pub async fn send(&self, m: &EmailMessage, key: &str) -> Result<Receipt, SendError> {
        let to =
            m.to.parse::<Mailbox>()
                .map_err(|_| SendError::Permanent(format!("{:?} is not an email address", m.to)))?;
        let (text, html) = bodies(m);
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(m.subject.clone())
            .message_id(Some(message_id(key, self.from.email.as_ref())));
        if let Some(url) = &m.list_unsubscribe {
            // RFC 2369 and RFC 8058: mail clients show an unsubscribe button that POSTs here.
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".into(),
                ));
        }
        let body = calendar_part::alternative(text, html, m.calendar.as_ref())?;
        let message = builder
            .multipart(body)
            .map_err(|e| SendError::Permanent(format!("cannot build the email: {e}")))?;
        match self.transport.send(message).await {
            Ok(res) => Ok(Receipt {
                provider_id: Some(res.message().collect::<Vec<_>>().join(" ")),
            }),
            Err(e) if e.is_permanent() => Err(SendError::Permanent(format!(
                "the SMTP server refused it: {e}"
            ))),
            Err(e) => Err(SendError::Retry(format!("SMTP failed: {e}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_are_stable_per_key_and_header_safe() {
        let a = message_id("page:1/sms <x>", "goldseam@example.com");
        assert_eq!(a, message_id("page:1/sms <x>", "goldseam@example.com"));
        assert_ne!(a, message_id("page:2", "goldseam@example.com"));
        assert!(a.starts_with("<goldseam.") && a.ends_with("@example.com>"));
        assert!(!a[1..a.len() - 1].contains(['<', '>', ' ']));
    }

    #[test]
    fn both_parts_carry_the_link_and_html_is_escaped() {
        let (text, html) = bodies(&EmailMessage {
            to: "a@example.com".into(),
            subject: "s".into(),
            text: "<b>db</b> down".into(),
            html: None,
            link: Some("https://g.example.com/incidents/INC-1".into()),
            list_unsubscribe: None,
            calendar: None,
        });
        assert!(text.ends_with("Open the incident: https://g.example.com/incidents/INC-1\n"));
        assert!(html.contains("&lt;b&gt;db&lt;/b&gt; down"));
        assert!(html.contains("href=\"https://g.example.com/incidents/INC-1\""));
    }
}
