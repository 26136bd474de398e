//! What only Slack has: the HTTP request URLs beside Socket Mode, pages by direct message with
//! an Acknowledge button, and the upkeep run on a fixed clock.

pub mod paging;
pub mod transports;
pub mod upkeep;
