//! Goldseam's persistence: one code path over SQLite (the zero-setup default) and PostgreSQL.
//!
//! Queries are written once in the SQL both databases accept (`$1` placeholders,
//! `INSERT .. ON CONFLICT`, `RETURNING`) and run through sqlx's `Any` driver; the few operations
//! that differ live behind the backend seam (`backend/`), never in feature modules. Every change to an incident appends events and
//! rewrites the incident's projection in one transaction; the [`bus`] then fans the new events out.

pub mod access;
pub mod alerts;
mod backend;
pub mod backup;
pub mod bus;
pub mod catalog;
pub mod chat;
mod connections;
pub mod db;
pub mod distribution;
pub mod error;
pub mod events;
pub mod follow_ups;
pub mod idempotency;
pub mod incidents;
pub mod jobs;
mod json_settings;
pub mod learning;
pub mod migrate;
pub mod passwords;
pub mod people;
mod plan;
pub mod policy;
pub mod postmortems;
pub mod recheck;
pub mod response;
pub mod reviews;
mod row;
pub mod schedules;
pub mod sealing;
pub mod secrets;
pub mod sessions;
pub mod setup;
mod sql;
pub mod subscriptions;
pub mod subscriptions_notify;
pub mod time;
pub mod tokens;
pub mod users;
mod writer;

pub use writer::WriteStats;

pub use backend::Dialect;
pub use db::{Store, StoreOptions};
pub use error::{Named, StoreError};
