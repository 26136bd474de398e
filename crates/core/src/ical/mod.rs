//! iCalendar (RFC 5545) and iTIP (RFC 5546): reading calendars' free/busy and events, and
//! writing the invitations calendar clients accept.

pub mod availability;
pub mod busy;
mod content_line;
pub mod events;
pub mod itip;
mod itip_checks;
pub mod parse;
pub mod reply;
pub mod rrule;
pub mod value;
pub mod vtimezone;
pub mod write;
pub mod zones;

pub use availability::weekly_availability;
pub use busy::{busy_from_freebusy, coalesce};
pub use events::{busy_from_events, EventBusy};
pub use parse::{parse, Component, IcalError, Property};
pub use rrule::RRule;
