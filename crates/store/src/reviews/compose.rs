//! One attendee's invitation email, made when it is sent: the meeting as it stands (a job for
//! an overtaken sequence sends nothing), the time in the attendee's own zone, and the iTIP
//! calendar part calendar clients turn into an event with answer buttons.

use super::invitations::{InvitationJob, Method};
use super::links::answer_link;
use super::meeting::ReviewMeeting;
use crate::{Store, StoreError};
use goldseam_core::delivery::EmailMessage;
use goldseam_core::ical::itip::{self, EventStatus, Invitation, InvitedAttendee, Partstat, Person};
use goldseam_core::review::message::{compose, description, InvitationFacts};
use goldseam_core::review::Answer;
use goldseam_core::role::INCIDENT_MANAGER;
use goldseam_core::{Actor, DomainError, IncidentState};
use jiff::tz::TimeZone;

fn partstat(answer: Option<Answer>) -> Partstat {
    match answer {
        None => Partstat::NeedsAction,
        Some(Answer::Accepted) => Partstat::Accepted,
        Some(Answer::Declined) => Partstat::Declined,
        Some(Answer::Tentative) => Partstat::Tentative,
    }
}

impl Store {
    /// Who the invitations name as organizer: the sending address (replies by email come back
    /// to Goldseam's mailbox, and clients trust an invitation whose organizer is its sender),
    /// shown with the incident manager's name.
    async fn review_organizer(
        &self,
        incident: &IncidentState,
        sender: &str,
    ) -> Result<Person, StoreError> {
        let manager = incident
            .roles
            .iter()
            .find(|r| r.role.as_str() == INCIDENT_MANAGER)
            .map(|r| r.user_id);
        let name = match manager {
            Some(u) => format!("{} via Goldseam", self.user(u).await?.name),
            None => "Goldseam".to_string(),
        };
        Ok(Person {
            name,
            email: sender.to_string(),
        })
    }

    /// The email of a `review_invitation` job, or `None` when nothing is owed any more (the
    /// meeting moved on, or the person may no longer see the incident). `sender` is the SMTP
    /// From address.
    pub async fn review_invitation_email(
        &self,
        job: &InvitationJob,
        public_url: &str,
        sender: &str,
    ) -> Result<Option<EmailMessage>, StoreError> {
        let Some(meeting) = self.review_meeting(job.incident_id).await? else {
            return Ok(None);
        };
        if meeting.sequence != job.sequence {
            return Ok(None);
        }
        let incident = self.incident(&Actor::GOLDSEAM, job.incident_id).await?;
        if !self.user_may_see_incident(job.user_id, &incident).await? {
            return Ok(None);
        }
        let user = self.user(job.user_id).await?;
        let me = meeting.attendees.iter().find(|a| a.user_id == job.user_id);
        if job.method == Method::Request && me.is_none() {
            return Ok(None);
        }
        let profile = self.profile(job.user_id).await?;
        let (zone, zone_name) = match &profile.time_zone {
            Some(z) => (z.zone(), z.as_str().to_string()),
            None => (TimeZone::UTC, "UTC".to_string()),
        };
        let token = self
            .review_answer_token(job.incident_id, job.user_id)
            .await?;
        let postmortem_link = format!(
            "{}/incidents/{}/postmortem",
            public_url.trim_end_matches('/'),
            incident.id.reference()
        );
        let reason = if job.method == Method::Cancel && meeting.state != "cancelled" {
            "you are no longer invited".to_string()
        } else {
            meeting.reason.clone()
        };
        let facts = InvitationFacts {
            reference: incident.id.reference(),
            title: incident.title.clone(),
            summary: incident.summary.clone(),
            start: meeting.start,
            end: meeting.end,
            sequence: meeting.sequence,
            cancelled: job.method == Method::Cancel,
            reason,
            required: me.is_some_and(|a| a.required),
            zone,
            zone_name,
            postmortem_link: postmortem_link.clone(),
            answer_link: answer_link(public_url, &token),
        };
        let text = compose(&facts);
        let invitation = self
            .invitation(&meeting, &incident, job, &facts, postmortem_link, sender)
            .await?;
        Ok(Some(EmailMessage {
            to: user.email,
            subject: text.subject,
            text: text.text,
            html: Some(text.html),
            link: None,
            list_unsubscribe: None,
            calendar: Some(invitation.calendar_part().map_err(StoreError::Domain)?),
        }))
    }

    async fn invitation(
        &self,
        meeting: &ReviewMeeting,
        incident: &IncidentState,
        job: &InvitationJob,
        facts: &InvitationFacts,
        postmortem_link: String,
        sender: &str,
    ) -> Result<Invitation, StoreError> {
        let cancel = job.method == Method::Cancel;
        // A cancellation for someone uninvited names only them; otherwise everyone invited.
        let only = (cancel && !meeting.attendees.iter().any(|a| a.user_id == job.user_id))
            .then_some(job.user_id);
        let organizer = self.review_organizer(incident, sender).await?;
        self.meeting_invitation(
            meeting,
            incident,
            cancel,
            organizer,
            description(facts),
            postmortem_link,
            only,
        )
        .await
    }

    /// The meeting as an iTIP event: everyone invited (or only `only`, for someone uninvited),
    /// their answers as PARTSTAT, at the meeting's sequence.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn meeting_invitation(
        &self,
        meeting: &ReviewMeeting,
        incident: &IncidentState,
        cancel: bool,
        organizer: Person,
        description: String,
        url: String,
        only: Option<goldseam_core::UserId>,
    ) -> Result<Invitation, StoreError> {
        let attendees: Vec<InvitedAttendee> = match only {
            Some(user) => {
                let user = self.user(user).await?;
                vec![InvitedAttendee {
                    name: user.name,
                    email: user.email,
                    required: false,
                    partstat: Partstat::NeedsAction,
                }]
            }
            None => meeting
                .attendees
                .iter()
                .map(|a| InvitedAttendee {
                    name: a.name.clone(),
                    email: a.email.clone(),
                    required: a.required,
                    partstat: partstat(a.answer),
                })
                .collect(),
        };
        let sequence = u32::try_from(meeting.sequence)
            .map_err(|_| DomainError::invalid("sequence", "out of range"))?;
        Ok(Invitation {
            method: if cancel {
                itip::Method::Cancel
            } else {
                itip::Method::Request
            },
            uid: meeting.uid.clone(),
            sequence,
            dtstamp: self.now(),
            organizer,
            attendees,
            start: meeting.start,
            end: meeting.end,
            summary: format!("Review of {}: {}", incident.id.reference(), incident.title),
            description,
            url: Some(url),
            location: None,
            status: if cancel {
                EventStatus::Cancelled
            } else {
                EventStatus::Confirmed
            },
            recurrence: None,
            recurrence_id: None,
        })
    }
}
