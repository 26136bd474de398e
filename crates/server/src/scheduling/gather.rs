//! Gathering the picker's input: the invitees with their profiles, calendars (read in
//! parallel, each bounded), booked reviews, declined times and on-call shifts as busy time, and
//! the ledger.

use super::Assistant;
use goldseam_core::review::booking_policy::ReviewRule;
use goldseam_core::review::{
    review_window, Attendance, Attendee, BusyPeriod, Calendar, CoreHours, Invitee, PickRequest,
    Window,
};
use goldseam_core::role::INCIDENT_MANAGER;
use goldseam_core::{IncidentState, UserId};
use goldseam_integrations::calendars::CalendarSource;
use goldseam_integrations::Secret;
use goldseam_store::reviews::calendars::{CalendarConnection, CalendarKind};
use goldseam_store::StoreError;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use std::collections::HashMap;

/// What the picker was given, and where it came from.
#[derive(Debug, Clone)]
pub struct Gathered {
    /// The picker's input.
    pub request: PickRequest,
    /// The review rule that set the window and duration.
    pub rule: ReviewRule,
    /// Who is invited.
    pub invitees: Vec<Invitee>,
    /// The zone the window's business days are counted in.
    pub zone_name: String,
}

/// Where a stored connection's calendar is, for the adapter.
pub fn source_of(c: &CalendarConnection) -> CalendarSource {
    match c.kind {
        CalendarKind::Caldav => CalendarSource::CalDav {
            url: c.url.expose().to_string(),
            username: c.username.clone(),
            password: Secret::new(c.password.expose()),
        },
        CalendarKind::Ics => CalendarSource::IcsFeed {
            url: Secret::new(c.url.expose()),
        },
    }
}

impl Assistant {
    /// The zone the review is planned in: the organizer's, else the incident manager's, else UTC.
    async fn planning_zone(
        &self,
        incident: &IncidentState,
        organizer: Option<UserId>,
    ) -> Result<(TimeZone, String), StoreError> {
        let manager = incident
            .roles
            .iter()
            .find(|r| r.role.as_str() == INCIDENT_MANAGER)
            .map(|r| r.user_id);
        for user in organizer.into_iter().chain(manager) {
            if let Some(zone) = self.store.profile(user).await?.time_zone {
                return Ok((zone.zone(), zone.as_str().to_string()));
            }
        }
        Ok((TimeZone::UTC, "UTC".into()))
    }

    /// The window: from the preparation gap after the postmortem went to review to the
    /// deadline; a window already past (a late move) starts again from now.
    fn window(
        &self,
        ready_at: Timestamp,
        zone: &TimeZone,
        rule: &ReviewRule,
    ) -> Result<Window, StoreError> {
        let now = self.store.now();
        let make = |from: Timestamp| {
            review_window(
                from,
                zone,
                rule.prep_business_days,
                rule.deadline_business_days,
            )
            .map_err(|e| StoreError::Domain(e.into()))
        };
        let mut window = make(ready_at)?;
        let duration = SignedDuration::from_mins(i64::from(rule.duration_minutes));
        if window.until < now + duration {
            window = make(now)?;
        }
        window.from = window.from.max(now);
        Ok(window)
    }

    /// Everything the picker needs for `incident`'s review, read now.
    pub async fn gather(
        &self,
        incident: &IncidentState,
        organizer: Option<UserId>,
    ) -> Result<Gathered, StoreError> {
        let store = &self.store;
        let (policy, _) = store.review_policy().await?;
        let rule = policy.rule_for(incident.severity.as_str(), incident.incident_type.as_str());
        let (zone, zone_name) = self.planning_zone(incident, organizer).await?;
        let ready_at = store
            .review_ready_at(incident)
            .await?
            .unwrap_or_else(|| store.now());
        let window = self.window(ready_at, &zone, &rule)?;
        let invitees = store.review_invitees(incident).await?;
        let ids: Vec<UserId> = invitees.iter().map(|i| i.user_id).collect();
        let users = store.users_by_ids(&ids).await?;
        let ledger = store.review_ledger(&ids).await?;
        let mut known: HashMap<UserId, Vec<BusyPeriod>> = store
            .booked_reviews(&ids, window.from, window.until, incident.id)
            .await?;
        for (user, times) in store.declined_review_times(incident.id).await? {
            known.entry(user).or_default().extend(times);
        }
        if policy.on_call_is_busy {
            for (user, shifts) in store.on_call_busy(&ids, window.from, window.until).await? {
                known.entry(user).or_default().extend(shifts);
            }
        }
        let connections = store.calendar_connections(&ids).await?;
        let mut profiles = HashMap::new();
        for id in &ids {
            profiles.insert(*id, store.profile(*id).await?);
        }
        // Every calendar at once: the slowest one bounds the wait, not their sum.
        let sources = connections
            .iter()
            .map(|c| {
                let zone = profiles[&c.user_id]
                    .time_zone
                    .as_ref()
                    .map_or(TimeZone::UTC, |z| z.zone());
                (source_of(c), zone)
            })
            .collect();
        // Busy times and published working hours at the same time.
        let (reads, mut published) = tokio::join!(
            self.calendars
                .free_busy_many(sources, window.from, window.until),
            self.published_hours(&connections)
        );
        let reads = reads
            .into_iter()
            .zip(connections.iter().map(|c| c.user_id))
            .map(|(read, user)| (user, read.map(|fb| fb.periods)));
        let mut calendars: HashMap<UserId, Calendar> = HashMap::new();
        for (user, read) in reads {
            let error = read.as_ref().err().map(ToString::to_string);
            store.record_calendar_read(user, error.as_deref()).await?;
            calendars.insert(
                user,
                match read {
                    Ok(mut periods) => {
                        periods.extend(known.remove(&user).unwrap_or_default());
                        Calendar::Known(periods)
                    }
                    Err(e) => Calendar::Unknown {
                        reason: format!("calendar could not be read: {e}"),
                    },
                },
            );
        }
        let attendees = invitees
            .iter()
            .filter_map(|inv| {
                let user = users.iter().find(|u| u.id == inv.user_id)?;
                let profile = &profiles[&inv.user_id];
                let (hours, zone) = match published.remove(&inv.user_id) {
                    Some((hours, zone)) => (hours, zone.or_else(|| profile.time_zone.clone())),
                    None => (profile.working_hours.clone(), profile.time_zone.clone()),
                };
                Some(Attendee {
                    user_id: inv.user_id,
                    name: user.name.clone(),
                    attendance: if inv.required {
                        Attendance::Required
                    } else {
                        Attendance::Optional
                    },
                    zone,
                    hours,
                    calendar: calendars.remove(&inv.user_id).unwrap_or_else(|| {
                        Calendar::Known(known.remove(&inv.user_id).unwrap_or_default())
                    }),
                    ledger_minutes: u32::try_from(
                        ledger.get(&inv.user_id).copied().unwrap_or(0).max(0),
                    )
                    .unwrap_or(u32::MAX),
                })
            })
            .collect();
        Ok(Gathered {
            request: PickRequest {
                attendees,
                window,
                duration_minutes: rule.duration_minutes,
                zone,
                core_hours: CoreHours::default(),
            },
            rule,
            invitees,
            zone_name,
        })
    }
}
