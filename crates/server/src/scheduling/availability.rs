//! Working hours from calendars that publish them (RFC 7953 availability, on CalDAV servers
//! such as Xandikos): where a person's server has them, they are that person's hours for the
//! picker, in the zone they are written in, before the profile's.

use super::{source_of, Assistant};
use futures::future::join_all;
use goldseam_core::people::profile::{TimeZoneName, WorkingHours};
use goldseam_core::UserId;
use goldseam_store::reviews::calendars::{CalendarConnection, CalendarKind};
use std::collections::HashMap;

impl Assistant {
    /// The weekly hours (and their zone, when it is an IANA one) the CalDAV calendars among
    /// `connections` publish; a calendar without them, or that fails, gives none.
    pub(super) async fn published_hours(
        &self,
        connections: &[CalendarConnection],
    ) -> HashMap<UserId, (WorkingHours, Option<TimeZoneName>)> {
        let caldav: Vec<&CalendarConnection> = connections
            .iter()
            .filter(|c| c.kind == CalendarKind::Caldav)
            .collect();
        let reads = join_all(caldav.iter().map(|c| async move {
            let read = self.calendars.availability(&source_of(c)).await;
            (c.user_id, read)
        }))
        .await;
        reads
            .into_iter()
            .filter_map(|(user, read)| match read {
                Ok(Some((hours, zone))) if !hours.windows().is_empty() => {
                    let zone = zone
                        .iana_name()
                        .and_then(|name| TimeZoneName::parse("zone", name).ok());
                    Some((user, (hours, zone)))
                }
                Ok(_) => None,
                Err(e) => {
                    tracing::info!(error = %e, "review: a calendar's availability could not be read");
                    None
                }
            })
            .collect()
    }
}
