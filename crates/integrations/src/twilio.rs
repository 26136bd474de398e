//! SMS and voice through Twilio's REST API:
//! `POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json` and `.../Calls.json`, form
//! encoded, with basic auth (account SID and auth token).
//!
//! Twilio has no idempotency header for creating messages or calls. The job's key goes in the
//! `StatusCallback` URL (`...?delivery=KEY`), so every status Twilio reports back names the
//! delivery, and a receiver (or a test's fake) can count deliveries by key. A send whose outcome
//! is unknown (a timeout after Twilio may have accepted it) is retried with the same key: the
//! person may get the page twice, never zero times (docs/delivery.md).

use crate::{encode_key, http, Receipt, Secret, SendError};
use goldseam_core::delivery::{SmsMessage, VoiceCall};
use std::time::Duration;

/// Twilio settings.
#[derive(Debug, Clone, Default)]
pub struct TwilioConfig {
    /// `https://api.twilio.com` in production.
    pub base_url: String,
    /// The account SID (`AC...`).
    pub account_sid: String,
    /// The auth token.
    pub auth_token: Secret,
    /// The number messages and calls come from, in E.164.
    pub from: String,
    /// Where Twilio reports statuses and key presses: `{public_url}/api/v1/integrations/twilio`.
    pub callback_base: String,
    /// How long one call may take.
    pub timeout: Duration,
}

/// The Twilio adapter.
#[derive(Debug, Clone)]
pub struct Twilio {
    config: TwilioConfig,
    client: reqwest::Client,
}

/// Escapes text for XML (TwiML).
fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// The TwiML a page call runs: the message, then "press 1 to acknowledge", whose key press is
/// posted to `action`.
pub fn page_twiml(message: &str, action: &str) -> String {
    format!(
        "<Response><Gather numDigits=\"1\" action=\"{}\" method=\"POST\"><Say>{}</Say><Say>Press 1 to acknowledge.</Say></Gather><Say>No key pressed. Goodbye.</Say></Response>",
        xml_escape(action),
        xml_escape(message)
    )
}

impl Twilio {
    /// An adapter with these settings.
    pub fn new(config: TwilioConfig) -> Twilio {
        let client = http::client(config.timeout);
        Twilio {
            config: TwilioConfig {
                base_url: config.base_url.trim_end_matches('/').to_string(),
                callback_base: config.callback_base.trim_end_matches('/').to_string(),
                ..config
            },
            client,
        }
    }

    /// The same adapter with Twilio's callbacks going under `base`.
    pub fn with_callback_base(&self, base: String) -> Twilio {
        Twilio {
            config: TwilioConfig {
                callback_base: base.trim_end_matches('/').to_string(),
                ..self.config.clone()
            },
            client: self.client.clone(),
        }
    }

    /// Whether a request to `url` (the full address Twilio called) with these form parameters
    /// carries this account's signature.
    pub fn signed(&self, url: &str, params: &[(String, String)], signature: &str) -> bool {
        crate::twilio_signature::verify(self.config.auth_token.expose(), url, params, signature)
    }

    fn callback(&self, what: &str, key: &str) -> String {
        format!(
            "{}/{what}?delivery={}",
            self.config.callback_base,
            encode_key(key)
        )
    }

    async fn create(&self, resource: &str, form: &[(&str, String)]) -> Result<Receipt, SendError> {
        let url = format!(
            "{}/2010-04-01/Accounts/{}/{resource}.json",
            self.config.base_url, self.config.account_sid
        );
        let res = self
            .client
            .post(url)
            .basic_auth(
                &self.config.account_sid,
                Some(self.config.auth_token.expose()),
            )
            .form(form)
            .send()
            .await
            .map_err(|e| http::transport("Twilio", e))?;
        let status = res.status();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap_or_default();
        if !status.is_success() {
            return Err(http::status("Twilio", status, &headers, &text));
        }
        let sid = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v["sid"].as_str().map(String::from));
        Ok(Receipt { provider_id: sid })
    }

    /// Sends an SMS.
    pub async fn send_sms(&self, m: &SmsMessage, key: &str) -> Result<Receipt, SendError> {
        self.create(
            "Messages",
            &[
                ("To", m.to.clone()),
                ("From", self.config.from.clone()),
                ("Body", m.body.clone()),
                ("StatusCallback", self.callback("status", key)),
            ],
        )
        .await
    }

    /// Places a call that reads the message and asks for 1 to acknowledge.
    pub async fn call(&self, m: &VoiceCall, key: &str) -> Result<Receipt, SendError> {
        self.create(
            "Calls",
            &[
                ("To", m.to.clone()),
                ("From", self.config.from.clone()),
                (
                    "Twiml",
                    page_twiml(&m.message, &self.callback("gather", key)),
                ),
                ("StatusCallback", self.callback("status", key)),
            ],
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twiml_gathers_one_digit_and_escapes_the_message() {
        let t = page_twiml("INC-1 <db> & \"api\"", "https://g/x?delivery=k&a=1");
        assert!(t.contains("<Gather numDigits=\"1\" action=\"https://g/x?delivery=k&amp;a=1\""));
        assert!(t.contains("<Say>INC-1 &lt;db&gt; &amp; &quot;api&quot;</Say>"));
        assert!(t.contains("Press 1 to acknowledge."));
    }
}
