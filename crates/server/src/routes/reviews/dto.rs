//! The review meeting on the wire.

use crate::error::ApiError;
use crate::state::AppState;
use goldseam_core::review::booking_policy::{ReviewPolicy, ReviewRule};
use goldseam_core::review::{Answer, Invitee};
use goldseam_core::IncidentState;
use goldseam_store::reviews::meeting::ReviewMeeting;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The review policy.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewPolicyDto {
    /// The rules; the first matching an incident's severity and type applies (at most 20).
    pub rules: Vec<ReviewRule>,
    /// Whether people's on-call shifts count as busy when picking the slot.
    #[serde(default)]
    pub on_call_is_busy: bool,
    /// Whether an admin saved it (false: the default). Ignored when sent.
    #[serde(default)]
    pub customized: bool,
}

impl ReviewPolicyDto {
    pub(crate) fn of(p: ReviewPolicy, customized: bool) -> ReviewPolicyDto {
        ReviewPolicyDto {
            rules: p.rules,
            on_call_is_busy: p.on_call_is_busy,
            customized,
        }
    }
}

/// One person invited (or to be invited) to the review.
#[derive(Debug, Serialize, ToSchema)]
pub struct InviteeDto {
    pub user_id: i64,
    pub name: String,
    /// Whether the meeting must be at a time they are free.
    pub required: bool,
    /// Their answer to the current invitation, once given.
    pub answer: Option<Answer>,
    /// Their IANA time zone; null when their profile has none (a required attendee without
    /// one cannot be planned for).
    pub time_zone: Option<String>,
    /// `caldav` or `ics` when they connected a calendar; null when only their working hours are
    /// known.
    pub calendar: Option<String>,
}

/// The booked meeting.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingDto {
    /// The invitation's UID, the same across moves.
    pub uid: String,
    /// Grows by one at each move or cancellation.
    pub sequence: i64,
    /// `booked`, `cancelled` or `held`.
    pub state: String,
    #[schema(value_type = String, format = DateTime)]
    pub start: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub end: Timestamp,
    /// Why this time, or why it moved or was cancelled.
    pub reason: String,
}

/// An incident's review: the rule that applies, the meeting if booked, and who is invited.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewDto {
    pub reference: String,
    /// The review rule for this incident's severity and type.
    pub rule: ReviewRule,
    pub meeting: Option<MeetingDto>,
    /// The booked meeting's attendees, or the list the next booking will invite.
    pub invitees: Vec<InviteeDto>,
}

impl ReviewDto {
    pub(crate) async fn of(
        state: &AppState,
        incident: &IncidentState,
        meeting: Option<ReviewMeeting>,
    ) -> Result<ReviewDto, ApiError> {
        let store = &state.store;
        let (policy, _) = store.review_policy().await?;
        let rule = policy.rule_for(incident.severity.as_str(), incident.incident_type.as_str());
        let booked = meeting.as_ref().filter(|m| m.state == "booked");
        let list: Vec<(Invitee, Option<Answer>)> = match booked {
            Some(m) => m
                .attendees
                .iter()
                .map(|a| {
                    (
                        Invitee {
                            user_id: a.user_id,
                            required: a.required,
                        },
                        a.answer,
                    )
                })
                .collect(),
            None => store
                .review_invitees(incident)
                .await?
                .into_iter()
                .map(|i| (i, None))
                .collect(),
        };
        let ids: Vec<_> = list.iter().map(|(i, _)| i.user_id).collect();
        let users = store.users_by_ids(&ids).await?;
        let calendars = store.calendar_connections(&ids).await?;
        let mut invitees = Vec::with_capacity(list.len());
        for (inv, answer) in list {
            let Some(user) = users.iter().find(|u| u.id == inv.user_id) else {
                continue;
            };
            let profile = store.profile(inv.user_id).await?;
            invitees.push(InviteeDto {
                user_id: inv.user_id.get(),
                name: user.name.clone(),
                required: inv.required,
                answer,
                time_zone: profile.time_zone.map(|z| z.as_str().to_string()),
                calendar: calendars
                    .iter()
                    .find(|c| c.user_id == inv.user_id)
                    .map(|c| c.kind.as_str().to_string()),
            });
        }
        Ok(ReviewDto {
            reference: incident.id.reference(),
            rule,
            meeting: meeting.map(|m| MeetingDto {
                uid: m.uid,
                sequence: m.sequence,
                state: m.state,
                start: m.start,
                end: m.end,
                reason: m.reason,
            }),
            invitees,
        })
    }
}

/// The attendee list to invite next.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteesRequest {
    /// Everyone, each once; at least one required.
    pub invitees: Vec<Invitee>,
}

/// Book (or move) the meeting at a time the owner chose.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookRequest {
    /// When it starts (RFC 3339).
    #[schema(value_type = String, format = DateTime)]
    pub start: Timestamp,
    /// Minutes; the review rule's duration when absent.
    #[serde(default)]
    pub duration_minutes: Option<u32>,
    /// Why this time (shown to attendees when it moves).
    #[serde(default)]
    pub reason: Option<String>,
}

/// Call the meeting off.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelRequest {
    /// Why (sent to attendees).
    pub reason: String,
}

/// An invitation, as its personal answer link shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationDto {
    pub reference: String,
    pub title: String,
    /// Who the link is for.
    pub name: String,
    pub required: bool,
    /// `booked`, `cancelled` or `held`.
    pub state: String,
    #[schema(value_type = String, format = DateTime)]
    pub start: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub end: Timestamp,
    /// The sequence answers apply to.
    pub sequence: i64,
    pub answer: Option<Answer>,
    /// The person's time zone, to show the time in (null: show it in the browser's).
    pub time_zone: Option<String>,
}

/// An answer given by the link.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerRequest {
    pub answer: Answer,
}

/// The picker's answer for an incident's review.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalDto {
    /// The best slot, alternatives, nearest misses and unconfirmed calendars.
    pub proposal: goldseam_core::review::Proposal,
    /// The rule that set the window and duration.
    pub rule: ReviewRule,
    /// The zone the window's business days were counted in.
    pub zone: String,
}

/// Connect a calendar.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarRequest {
    /// `caldav` (server URL, user name, app password) or `ics` (a secret address in iCal format).
    pub kind: String,
    /// The CalDAV server's address, or the secret ICS address.
    pub url: String,
    /// CalDAV only.
    #[serde(default)]
    pub username: Option<String>,
    /// CalDAV only: an app password (stored sealed, never shown again).
    #[serde(default)]
    pub password: Option<String>,
}

/// Your calendar connection, secrets left out.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarDto {
    /// `caldav` or `ics`.
    pub kind: String,
    /// The CalDAV server address, or an ICS address's host only.
    pub url: String,
    /// CalDAV user name ("" for ICS).
    pub username: String,
    /// Whether the server takes scheduling requests (RFC 6638): free/busy by the outbox,
    /// the booked review written into your calendar, replies read from your inbox.
    pub scheduling: bool,
    /// The calendars found (CalDAV), by name.
    pub calendars: Vec<String>,
    /// When it was last read.
    #[schema(value_type = String, format = DateTime)]
    pub checked_at: Timestamp,
    /// What went wrong the last time it was read, if it did.
    pub last_error: Option<String>,
}
