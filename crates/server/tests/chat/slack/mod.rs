//! What only Slack has: the HTTP request URLs beside Socket Mode, the App Home and link
//! unfurls, and the upkeep run on a fixed clock.

pub mod home;
pub mod transports;
pub mod upkeep;
