//! One request from a sender, as stored in the inbox and read again when it is processed.

use super::signal::Signal;
use serde::Serialize;

/// Which of a sender's endpoints a request came to: some senders (Opsgenie, PagerDuty) put
/// part of what they mean in the path, so it is stored with the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// PagerDuty Events v2 `POST /v2/enqueue`.
    Enqueue,
    /// PagerDuty Events v2 `POST /v2/change/enqueue`.
    ChangeEnqueue,
    /// A webhook: Alertmanager, Grafana, Datadog, generic, PagerDuty v3.
    Webhook,
    /// Opsgenie `POST /v2/alerts`.
    OpsgenieCreate,
    /// Opsgenie `POST /v2/alerts/{alias}/close`.
    OpsgenieClose,
    /// Opsgenie `POST /v2/alerts/{alias}/acknowledge`.
    OpsgenieAcknowledge,
    /// Opsgenie `PUT /v2/alerts/{alias}/message`.
    OpsgenieMessage,
    /// Opsgenie `PUT /v2/alerts/{alias}/description`.
    OpsgenieDescription,
}

impl Endpoint {
    const ALL: [Endpoint; 8] = [
        Endpoint::Enqueue,
        Endpoint::ChangeEnqueue,
        Endpoint::Webhook,
        Endpoint::OpsgenieCreate,
        Endpoint::OpsgenieClose,
        Endpoint::OpsgenieAcknowledge,
        Endpoint::OpsgenieMessage,
        Endpoint::OpsgenieDescription,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Endpoint::Enqueue => "enqueue",
            Endpoint::ChangeEnqueue => "change_enqueue",
            Endpoint::Webhook => "webhook",
            Endpoint::OpsgenieCreate => "opsgenie_create",
            Endpoint::OpsgenieClose => "opsgenie_close",
            Endpoint::OpsgenieAcknowledge => "opsgenie_acknowledge",
            Endpoint::OpsgenieMessage => "opsgenie_message",
            Endpoint::OpsgenieDescription => "opsgenie_description",
        }
    }

    /// The endpoint a stored name names.
    pub fn parse(s: &str) -> Option<Endpoint> {
        Endpoint::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

/// A request to read: where it came, what the path named, and its raw body.
#[derive(Debug, Clone, Copy)]
pub struct Inbound<'a> {
    /// The endpoint it came to.
    pub endpoint: Endpoint,
    /// What the path named besides the endpoint (Opsgenie's alias), if anything.
    pub subject: Option<&'a str>,
    /// The body, exactly as received.
    pub body: &'a [u8],
    /// The dedup key Goldseam made and answered when the sender gave none (PagerDuty Events v2):
    /// reading the request again gives the same alert.
    pub assigned_key: Option<&'a str>,
}

/// What a request says.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    /// Its alerts and other signals, in the order the request gives them.
    pub signals: Vec<Signal>,
    /// The sender's id for this delivery, where it has one that repeats on a retry (PagerDuty
    /// v3's event id): a delivery seen before is not stored again.
    pub delivery_id: Option<String>,
}

/// Why a request was refused: answered to the sender (400, which senders do not retry), and
/// nothing is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejection {
    /// One sentence.
    pub message: String,
    /// Each problem, naming the field (`payload.summary is missing`).
    pub errors: Vec<String>,
}

impl Rejection {
    /// A refusal with one problem.
    pub fn one(message: impl Into<String>, error: impl Into<String>) -> Rejection {
        Rejection {
            message: message.into(),
            errors: vec![error.into()],
        }
    }
}
