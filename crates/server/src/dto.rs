//! The API's wire types, and their conversion from the store's.

mod event;
mod event_parts;
mod event_wire;

pub use event::{EventPayload, TagSource, TransitionKindWire};

use goldseam_core::incident::IncidentState;
use goldseam_core::{IncidentId, RoleKey, SeverityKey, Status, TypeKey, UserId, UserRole};
use goldseam_store::events::StoredEvent;
use goldseam_store::response::PagingSummary;
use goldseam_store::users::User;
use jiff::Timestamp;
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// A user as others see them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserRef {
    /// Numeric id.
    #[schema(value_type = i64)]
    pub id: UserId,
    /// Display name.
    pub name: String,
    /// Email.
    pub email: String,
}

/// A user, in full (settings, `me`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserDto {
    /// Numeric id.
    #[schema(value_type = i64)]
    pub id: UserId,
    /// Display name.
    pub name: String,
    /// Email.
    pub email: String,
    /// admin, member or viewer.
    pub role: UserRole,
    /// Whether they can sign in.
    pub active: bool,
    /// Created at.
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}

impl From<&User> for UserDto {
    fn from(u: &User) -> Self {
        UserDto {
            id: u.id,
            name: u.name.clone(),
            email: u.email.clone(),
            role: u.role,
            active: u.active,
            created_at: u.created_at,
        }
    }
}

/// One role holder.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoleHolderDto {
    /// The role key.
    #[schema(value_type = String)]
    pub role: RoleKey,
    /// Who holds it.
    pub user: UserRef,
}

/// The latest status update.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LastUpdateDto {
    /// Markdown body.
    pub body: String,
    /// The status it carried.
    pub status: Status,
    /// When.
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
}

/// Whether an incident's pages were answered.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct PagingDto {
    /// Pages started.
    pub pages: i64,
    /// Pages acknowledged.
    pub acknowledged: i64,
    /// When the oldest unacknowledged page started; null when none waits.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub waiting_since: Option<Timestamp>,
}

/// An incident.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IncidentDto {
    /// Numeric id (equal to the number in the reference).
    #[schema(value_type = i64)]
    pub id: IncidentId,
    /// `INC-42`.
    pub reference: String,
    /// One-line title.
    pub title: String,
    /// Markdown summary.
    pub summary: Option<String>,
    /// Severity key.
    #[schema(value_type = String)]
    pub severity: SeverityKey,
    /// Incident type key.
    #[serde(rename = "type")]
    #[schema(value_type = String)]
    pub incident_type: TypeKey,
    /// Lifecycle status.
    pub status: Status,
    /// Visible to participants and admins only.
    pub private: bool,
    /// Tags, lowercase, sorted.
    pub tags: Vec<String>,
    /// Who holds which role.
    pub roles: Vec<RoleHolderDto>,
    /// Ids of pinned events, in pin order.
    pub pinned: Vec<i64>,
    /// Ids of the affected services, ascending.
    pub services: Vec<i64>,
    /// Who declared it.
    pub declared_by: Option<UserRef>,
    /// Declared at.
    #[schema(value_type = String, format = DateTime)]
    pub declared_at: Timestamp,
    /// First left triage.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub acknowledged_at: Option<Timestamp>,
    /// Became mitigated.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub mitigated_at: Option<Timestamp>,
    /// Resolved.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub resolved_at: Option<Timestamp>,
    /// Closed.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub closed_at: Option<Timestamp>,
    /// Canceled.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub canceled_at: Option<Timestamp>,
    /// Why it was canceled.
    pub cancel_reason: Option<String>,
    /// Times reopened.
    pub reopened_count: i64,
    /// Latest status update.
    pub last_update: Option<LastUpdateDto>,
    /// Its pages, summed up: on reads (one incident, lists); absent from change answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paging: Option<PagingDto>,
    /// Last changed.
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: Timestamp,
    /// Sequence number of the latest event.
    pub last_seq: i64,
}

/// A timeline event.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventDto {
    /// Globally increasing id; the SSE `id:`.
    pub id: i64,
    /// The incident's id.
    #[schema(value_type = i64)]
    pub incident_id: IncidentId,
    /// `INC-42`.
    pub reference: String,
    /// 1, 2, 3... within the incident.
    pub seq: i64,
    /// What happened: `kind` and `data`.
    #[serde(flatten)]
    pub payload: EventPayload,
    /// Who did it.
    pub actor: Option<ActorDto>,
    /// When.
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
}

/// An event's actor.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActorDto {
    /// User id.
    #[schema(value_type = i64)]
    pub id: UserId,
    /// Display name.
    pub name: String,
}

impl From<&StoredEvent> for EventDto {
    fn from(e: &StoredEvent) -> Self {
        let r = &e.record;
        EventDto {
            id: r.id.get(),
            incident_id: r.incident_id,
            reference: r.incident_id.reference(),
            seq: r.seq,
            payload: EventPayload::from(&r.payload),
            actor: r.actor_id.map(|id| ActorDto {
                id,
                name: e.actor_name.clone().unwrap_or_default(),
            }),
            at: r.at,
        }
    }
}

/// A page of incidents.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncidentList {
    /// The incidents, newest first.
    pub items: Vec<IncidentDto>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// A page of events.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventList {
    /// The events, oldest first.
    pub items: Vec<EventDto>,
    /// Pass as `after` for the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// The answer to a change: the incident after it, and the events it appended.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeResponse {
    /// The incident now.
    pub incident: IncidentDto,
    /// What was appended to the timeline.
    pub events: Vec<EventDto>,
}

/// Users referenced by incidents, looked up once per response, and (for reads) their paging.
pub struct People(
    HashMap<UserId, UserRef>,
    Option<HashMap<IncidentId, PagingSummary>>,
);

impl People {
    /// Looks up everyone the incidents mention; `caller` is already known (the incident being
    /// changed is usually the caller's own), so a response that mentions no one else costs no query.
    pub async fn for_incidents(
        store: &goldseam_store::Store,
        caller: &User,
        incidents: &[&IncidentState],
    ) -> Result<People, goldseam_store::StoreError> {
        let mut ids: Vec<UserId> = incidents
            .iter()
            .flat_map(|i| i.roles.iter().map(|r| r.user_id).chain(i.declared_by))
            .filter(|id| *id != caller.id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let users = store.users_by_ids(&ids).await?;
        let mut known: HashMap<UserId, UserRef> = users
            .into_iter()
            .map(|u| {
                (
                    u.id,
                    UserRef {
                        id: u.id,
                        name: u.name,
                        email: u.email,
                    },
                )
            })
            .collect();
        known.insert(
            caller.id,
            UserRef {
                id: caller.id,
                name: caller.name.clone(),
                email: caller.email.clone(),
            },
        );
        Ok(People(known, None))
    }

    /// Also sums up the incidents' pages (reads only: change answers skip the query).
    pub async fn with_paging(
        mut self,
        store: &goldseam_store::Store,
        incidents: &[&IncidentState],
    ) -> Result<People, goldseam_store::StoreError> {
        let ids: Vec<IncidentId> = incidents.iter().map(|i| i.id).collect();
        self.1 = Some(store.paging_of(&ids).await?);
        Ok(self)
    }

    fn get(&self, id: UserId) -> UserRef {
        self.0.get(&id).cloned().unwrap_or(UserRef {
            id,
            name: format!("user {id}"),
            email: String::new(),
        })
    }

    /// The wire form of an incident.
    pub fn incident(&self, s: &IncidentState) -> IncidentDto {
        IncidentDto {
            id: s.id,
            reference: s.id.reference(),
            title: s.title.clone(),
            summary: s.summary.clone(),
            severity: s.severity.clone(),
            incident_type: s.incident_type.clone(),
            status: s.status,
            private: s.private,
            tags: s.tags.clone(),
            roles: s
                .roles
                .iter()
                .map(|r| RoleHolderDto {
                    role: r.role.clone(),
                    user: self.get(r.user_id),
                })
                .collect(),
            pinned: s.pinned.iter().map(|i| i.get()).collect(),
            services: s.services.iter().map(|i| i.get()).collect(),
            declared_by: s.declared_by.map(|id| self.get(id)),
            declared_at: s.declared_at,
            acknowledged_at: s.acknowledged_at,
            mitigated_at: s.mitigated_at,
            resolved_at: s.resolved_at,
            closed_at: s.closed_at,
            canceled_at: s.canceled_at,
            cancel_reason: s.cancel_reason.clone(),
            reopened_count: s.reopened_count,
            last_update: s.last_update.as_ref().map(|u| LastUpdateDto {
                body: u.body.clone(),
                status: u.status,
                at: u.at,
            }),
            paging: self.1.as_ref().map(|all| {
                let p = all.get(&s.id).copied().unwrap_or_default();
                PagingDto {
                    pages: p.pages,
                    acknowledged: p.acknowledged,
                    waiting_since: p.waiting_since,
                }
            }),
            updated_at: s.updated_at,
            last_seq: s.last_seq,
        }
    }
}
