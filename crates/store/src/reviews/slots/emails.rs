//! One person's email about a slot, made when it is sent from the slot as it stands: the
//! series invitation (REQUEST with RRULE and VTIMEZONE, so 10:00 Berlin stays 10:00 Berlin),
//! its cancellation, an instance's agenda, or an instance's CANCEL with RECURRENCE-ID. Someone
//! who left the team, an overtaken series message, or a message about a deleted slot sends
//! nothing.

use super::instances::{AGENDA_SENT, CANCELLED};
use super::{ReviewSlot, SlotEmailJob, SlotMessage};
use crate::people::Team;
use crate::{Store, StoreError};
use goldseam_core::delivery::EmailMessage;
use goldseam_core::ical::itip::{
    EventStatus, Invitation, InvitedAttendee, Method, Partstat, Person,
};
use goldseam_core::review::message::InvitationText;
use goldseam_core::review::slot_message::{
    agenda_text, instance_cancelled_text, series_description, series_text, AgendaItem,
    SeriesNotice, SlotFacts,
};
use goldseam_core::review::slots::Instance;
use goldseam_core::{Actor, DomainError};
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// The calendar message to attach: its method, SEQUENCE and, for one date, RECURRENCE-ID.
struct Calendar {
    method: Method,
    sequence: i64,
    instance: Instance,
    recurrence_id: Option<Timestamp>,
}

impl Store {
    /// The email of a `review_slot_email` job, or `None` when nothing is owed any more.
    /// `sender` is the SMTP From address, also the invitations' organizer (calendar clients
    /// trust an invitation whose organizer is its sender), shown with the slot maker's name.
    pub async fn review_slot_email(
        &self,
        job: &SlotEmailJob,
        public_url: &str,
        sender: &str,
    ) -> Result<Option<EmailMessage>, StoreError> {
        let slot = self.any_review_slot(job.slot_id).await?;
        let team = match self.team(slot.team_id).await {
            Ok(t) => t,
            Err(StoreError::NotFound(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        let user = self.user(job.user_id).await?;
        if !user.active || !team.members.iter().any(|m| m.user_id == job.user_id) {
            return Ok(None);
        }
        let owed = self.owed(&slot, job.message).await?;
        let Some((instance, calendar)) = owed else {
            return Ok(None);
        };
        let profile = self.profile(job.user_id).await?;
        let (zone, zone_name) = match &profile.time_zone {
            Some(z) => (z.zone(), z.as_str().to_string()),
            None => (TimeZone::UTC, "UTC".to_string()),
        };
        let facts = SlotFacts {
            name: slot.rule.name().to_string(),
            team: team.name.clone(),
            schedule: slot.rule.describe(),
            start: instance.start,
            end: instance.end,
            zone,
            zone_name,
        };
        let text: InvitationText = match job.message {
            SlotMessage::Series { sequence: 0 } => series_text(&facts, SeriesNotice::Invited),
            SlotMessage::Series { .. } => series_text(&facts, SeriesNotice::Updated),
            SlotMessage::SeriesCancelled { .. } => series_text(&facts, SeriesNotice::Deleted),
            SlotMessage::InstanceCancelled { .. } => instance_cancelled_text(&facts),
            SlotMessage::Agenda { instance } => {
                let (items, hidden) = self
                    .agenda_items(&slot, instance, &user, public_url)
                    .await?;
                agenda_text(&facts, &items, hidden)
            }
        };
        let calendar = match calendar {
            Some(c) => Some(
                self.slot_invitation(&slot, &team, &facts, c, sender)
                    .await?
                    .calendar_part()
                    .map_err(StoreError::Domain)?,
            ),
            None => None,
        };
        Ok(Some(EmailMessage {
            to: user.email,
            subject: text.subject,
            text: text.text,
            html: Some(text.html),
            link: None,
            list_unsubscribe: None,
            calendar,
        }))
    }

    /// The instance a message is about and its calendar message, if it is still owed.
    async fn owed(
        &self,
        slot: &ReviewSlot,
        message: SlotMessage,
    ) -> Result<Option<(Instance, Option<Calendar>)>, StoreError> {
        let series = |sequence: i64, method: Method| {
            let first = slot.first_instance()?;
            let calendar = Calendar {
                method,
                sequence,
                instance: first,
                recurrence_id: None,
            };
            (slot.series_sequence == sequence).then_some((first, Some(calendar)))
        };
        Ok(match message {
            SlotMessage::Series { sequence } if slot.active => series(sequence, Method::Request),
            SlotMessage::SeriesCancelled { sequence } => series(sequence, Method::Cancel),
            SlotMessage::Agenda { instance } | SlotMessage::InstanceCancelled { instance }
                if slot.active =>
            {
                let Some(found) = slot.instance(instance) else {
                    return Ok(None);
                };
                let decision = self.instance_decision(slot.id, instance).await?;
                match (message, decision) {
                    (SlotMessage::Agenda { .. }, Some((state, ..))) if state == AGENDA_SENT => {
                        Some((found, None))
                    }
                    (SlotMessage::InstanceCancelled { .. }, Some((state, sequence)))
                        if state == CANCELLED =>
                    {
                        let calendar = Calendar {
                            method: Method::Cancel,
                            sequence,
                            instance: found,
                            recurrence_id: Some(found.start),
                        };
                        Some((found, Some(calendar)))
                    }
                    _ => None,
                }
            }
            _ => None,
        })
    }

    /// The agenda's postmortems `user` may open, with links, and how many they may not.
    async fn agenda_items(
        &self,
        slot: &ReviewSlot,
        instance: Timestamp,
        user: &crate::users::User,
        public_url: &str,
    ) -> Result<(Vec<AgendaItem>, usize), StoreError> {
        let mut items = Vec::new();
        let mut hidden = 0;
        for (incident_id, _) in self.agenda_of(slot.id, instance).await? {
            let incident = self.incident(&Actor::GOLDSEAM, incident_id).await?;
            if !self.user_may_see_incident(user.id, &incident).await? {
                hidden += 1;
                continue;
            }
            items.push(AgendaItem {
                reference: incident_id.reference(),
                title: incident.title,
                link: format!(
                    "{}/incidents/{}/postmortem",
                    public_url.trim_end_matches('/'),
                    incident_id.reference()
                ),
            });
        }
        Ok((items, hidden))
    }

    async fn slot_invitation(
        &self,
        slot: &ReviewSlot,
        team: &Team,
        facts: &SlotFacts,
        c: Calendar,
        sender: &str,
    ) -> Result<Invitation, StoreError> {
        let organizer = match self.user(slot.organizer_id).await {
            Ok(u) => format!("{} via Goldseam", u.name),
            Err(_) => "Goldseam".to_string(),
        };
        let attendees = team
            .members
            .iter()
            .map(|m| InvitedAttendee {
                name: m.name.clone(),
                email: m.email.clone(),
                required: true,
                partstat: Partstat::NeedsAction,
            })
            .collect();
        let sequence = u32::try_from(c.sequence)
            .map_err(|_| DomainError::invalid("sequence", "out of range"))?;
        Ok(Invitation {
            method: c.method,
            uid: slot.uid.clone(),
            sequence,
            dtstamp: self.now(),
            organizer: Person {
                name: organizer,
                email: sender.to_string(),
            },
            attendees,
            start: c.instance.start,
            end: c.instance.end,
            summary: slot.rule.name().to_string(),
            description: series_description(facts),
            url: None,
            location: None,
            status: match c.method {
                Method::Request => EventStatus::Confirmed,
                Method::Cancel => EventStatus::Cancelled,
            },
            recurrence: Some(slot.rule.recurrence()),
            recurrence_id: c.recurrence_id,
        })
    }
}
