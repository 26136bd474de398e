//! Requests from alert senders: checking they come from the sender they claim to (reading what
//! they say is pure, in `goldseam_core::alerts::sources`).

pub mod signature;

pub use signature::{verify_grafana, verify_pagerduty_v3, SignatureError};
