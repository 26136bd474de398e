//! iCalendar (RFC 5545) and iTIP (RFC 5546): reading calendars' free/busy and events, and
//! writing the invitations calendar clients accept.

pub mod itip;
pub mod vtimezone;
pub mod write;
