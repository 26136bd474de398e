//! What only Slack has: the HTTP request URLs beside Socket Mode, pages by direct message with
//! an Acknowledge button, the App Home and link unfurls, and the upkeep run on a fixed clock.

pub mod home;
pub mod paging;
pub mod transports;
pub mod upkeep;
