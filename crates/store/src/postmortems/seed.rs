//! What the seed says, gathered from the incident: its facts, the names of its people and
//! services, its pinned events and key transitions. The document itself is built by core.

use crate::events::{from_row, EVENT_SELECT};
use crate::{Store, StoreError};
use goldseam_core::postmortem::document::{seed_update, SeedFacts, SeedRole, SeedTimelineItem};
use goldseam_core::{EventId, EventPayload, IncidentId};
use std::collections::HashMap;

/// The words a quoted event shows, or `None` for events the timeline section leaves out.
fn quote(
    payload: &EventPayload,
    bodies: &HashMap<EventId, Option<String>>,
    id: EventId,
) -> Option<String> {
    Some(match payload {
        EventPayload::Declared { title, .. } => format!("Declared: {title}"),
        EventPayload::StatusChanged {
            from, to, reason, ..
        } => match reason {
            Some(why) => format!("Status {from} → {to}: {why}"),
            None => format!("Status {from} → {to}"),
        },
        EventPayload::SeverityChanged { from, to } => {
            format!("Severity {} → {}", from.as_str(), to.as_str())
        }
        EventPayload::StatusUpdate { body, .. } => body.clone(),
        EventPayload::CommentAdded { body, .. } => match bodies.get(&id) {
            Some(Some(edited)) => edited.clone(),
            Some(None) => return None,
            None => body.clone(),
        },
        _ => return None,
    })
}

impl Store {
    /// Seeds the document of `r` from the incident and its type's template, unless it has
    /// content already.
    pub(crate) async fn seed_postmortem(&self, r: IncidentId) -> Result<bool, StoreError> {
        let facts = self.seed_facts(r).await?;
        let template = self.template_for_incident(r).await?;
        self.write_seed(r, &seed_update(&template, &facts)).await
    }

    async fn seed_facts(&self, r: IncidentId) -> Result<SeedFacts, StoreError> {
        let mut conn = self.reader().await?;
        let state = crate::incidents::state::load(&mut conn, r, "")
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("incident {}", r.reference())))?;
        let events: Vec<_> = sqlx::query(&format!(
            "{EVENT_SELECT} WHERE e.incident_id = $1 ORDER BY e.seq"
        ))
        .bind(r.get())
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(from_row)
        .collect::<Result<_, _>>()?;
        // Comments as they stand now: edited ones by their last text, deleted ones left out.
        let mut bodies: HashMap<EventId, Option<String>> = HashMap::new();
        for e in &events {
            match &e.record.payload {
                EventPayload::CommentEdited {
                    comment_id, body, ..
                } => {
                    bodies.insert(*comment_id, Some(body.clone()));
                }
                EventPayload::CommentDeleted { comment_id, .. } => {
                    bodies.insert(*comment_id, None);
                }
                _ => {}
            }
        }
        let key_transition = |p: &EventPayload| {
            matches!(
                p,
                EventPayload::Declared { .. }
                    | EventPayload::StatusChanged { .. }
                    | EventPayload::SeverityChanged { .. }
            )
        };
        let timeline = events
            .iter()
            .filter(|e| key_transition(&e.record.payload) || state.pinned.contains(&e.record.id))
            .filter_map(|e| {
                Some(SeedTimelineItem {
                    event_id: e.record.id.get(),
                    at: e.record.at,
                    author: e.actor_name.clone().unwrap_or_else(|| "Goldseam".into()),
                    kind: e.record.payload.kind().into(),
                    text: quote(&e.record.payload, &bodies, e.record.id)?,
                })
            })
            .collect();
        let catalog = self.catalog();
        let role_names: Vec<i64> = state.roles.iter().map(|h| h.user_id.get()).collect();
        let people = self
            .names_of(crate::response::Referenced::User, &role_names)
            .await?;
        let service_ids: Vec<i64> = state.services.iter().map(|s| s.get()).collect();
        let services = self
            .names_of(crate::response::Referenced::Service, &service_ids)
            .await?;
        Ok(SeedFacts {
            reference: r.reference(),
            title: state.title.clone(),
            summary: state.summary.clone(),
            severity: state.severity.as_str().into(),
            type_name: catalog
                .incident_type(state.incident_type.as_str())
                .ok()
                .map(|t| t.name.clone()),
            services: service_ids
                .iter()
                .filter_map(|id| services.get(id).cloned())
                .collect(),
            tags: state.tags.clone(),
            roles: state
                .roles
                .iter()
                .map(|h| SeedRole {
                    role: catalog
                        .role(h.role.as_str())
                        .map(|k| k.name.clone())
                        .unwrap_or_else(|_| h.role.as_str().into()),
                    person: people.get(&h.user_id.get()).cloned().unwrap_or_default(),
                })
                .collect(),
            declared_at: state.declared_at,
            acknowledged_at: state.acknowledged_at,
            mitigated_at: state.mitigated_at,
            resolved_at: state.resolved_at,
            timeline,
        })
    }
}
