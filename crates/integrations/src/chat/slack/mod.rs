//! Slack: the app each company creates from Goldseam's manifest, spoken to over the Web API and
//! heard over Socket Mode (or signed HTTP requests).

pub mod client;
pub mod rate;
pub mod signature;
