//! Slack: the app each company creates from Goldseam's manifest, spoken to over the Web API and
//! heard over Socket Mode (or signed HTTP requests).

pub mod adapter;
pub mod app;
mod blocks;
pub mod client;
mod home;
pub mod http_in;
pub mod inbound;
mod interactive;
pub mod manifest;
pub mod rate;
pub mod signature;
pub mod socket;
