//! The group's incident: opening or finding it, paging the integration's team on it, and
//! resolving it with its last group.

use super::run::{AlertRow, Entry, GroupRow, OPEN};
use crate::alerts::integrations::Integration;
use crate::idempotency::IdempotencyKey;
use crate::incidents::Change;
use crate::response::PageTarget;
use crate::row::Columns;
use crate::{Store, StoreError};
use goldseam_core::alerts::{Route, RouteAction};
use goldseam_core::command::{Command, Declaration};
use goldseam_core::people::Urgency;
use goldseam_core::text::{Summary, Title};
use goldseam_core::{Actor, IncidentId, SeverityKey, Status};

impl Store {
    /// The group's incident: the one it has, else (as its route says) a new one, or the
    /// service's newest open one; `None` for a timeline-only route with nothing open. Whether
    /// this call opened it.
    pub(super) async fn group_incident(
        &self,
        i: &Integration,
        g: &GroupRow,
        route: &Route,
        alert: &AlertRow,
    ) -> Result<Option<(IncidentId, bool)>, StoreError> {
        if let Some(incident) = g.incident_id {
            return Ok(Some((incident, false)));
        }
        let existing = match route.action {
            RouteAction::Attach | RouteAction::Timeline => self.open_incident_of_service(i).await?,
            RouteAction::Incident | RouteAction::Page => None,
        };
        let (incident, opened) = match (existing, route.action) {
            (Some(incident), _) => (incident, false),
            (None, RouteAction::Timeline) => return Ok(None),
            (None, _) => (self.open_group_incident(i, g, route, alert).await?, true),
        };
        sqlx::query(
            "UPDATE alert_groups SET incident_id = $1, opened_incident = $2 WHERE id = $3 AND incident_id IS NULL",
        )
        .bind(incident.get())
        .bind(i64::from(opened))
        .bind(g.id)
        .execute(&mut *self.writer().await?)
        .await?;
        Ok(Some((incident, opened)))
    }

    /// Declares the group's incident, once: the group's idempotency key makes every later
    /// attempt (a retried job, a job that raced this one) return the same incident.
    async fn open_group_incident(
        &self,
        i: &Integration,
        g: &GroupRow,
        route: &Route,
        alert: &AlertRow,
    ) -> Result<IncidentId, StoreError> {
        // A title template that fails on this alert falls back to its summary: the incident
        // must open.
        let title = match route.title.trim() {
            "" => alert.summary.clone(),
            t => goldseam_core::alerts::template::render_title(t, &alert.signal)
                .unwrap_or_else(|_| alert.summary.clone()),
        };
        let title = match g.storm {
            true => format!("Alert storm from {}: {title}", i.name),
            false => title,
        };
        let title = goldseam_core::alerts::signal::truncate_chars(&title, 200);
        let title = Title::parse("title", &title)
            .or_else(|_| Title::parse("title", &format!("Alert from {}", i.name)))?;
        let catalog = self.catalog();
        let wanted = route.incident_severity(alert.severity);
        let severity = match catalog.severity(&wanted) {
            Ok(s) => s.key.clone(),
            // The route names a severity the catalog no longer has: the least severe one, so
            // the incident still opens (the timeline says which alert it came from).
            Err(_) => catalog
                .severities
                .last()
                .map(|s| s.key.clone())
                .unwrap_or(SeverityKey::parse("severity", &wanted)?),
        };
        let summary = format!(
            "Opened by alerts from {} ({}). Alert group {}, route {:?}.",
            i.name,
            i.kind.label(),
            g.id,
            g.route
        );
        let d = Declaration {
            title,
            summary: Some(Summary::parse("summary", &summary)?),
            severity,
            incident_type: None,
            tags: Vec::new(),
            private: None,
            services: i.service_id.into_iter().collect(),
        };
        // The group is the request: whatever its alerts say by the time a retry runs, the
        // same group means the same incident.
        let key = IdempotencyKey::new(
            Actor::GOLDSEAM.user_id,
            "incident",
            format!("alert-group-{}", g.id),
            b"alert group",
        );
        let out = match route.action {
            // The integration's team is paged (by the trigger) and nobody else.
            RouteAction::Page => {
                self.declare_without_response(&Actor::GOLDSEAM, &d, Some(&key))
                    .await?
            }
            _ => self.declare(&Actor::GOLDSEAM, &d, Some(&key)).await?,
        };
        Ok(out.incident.id)
    }

    /// The newest open incident of the integration's service, if it has one.
    pub(super) async fn open_incident_of_service(
        &self,
        i: &Integration,
    ) -> Result<Option<IncidentId>, StoreError> {
        let Some(service) = i.service_id else {
            return Ok(None);
        };
        let rows = sqlx::query(
            "SELECT id, services FROM incidents WHERE status IN ('triage', 'active', 'mitigated') ORDER BY id DESC LIMIT 500",
        )
        .fetch_all(&mut *self.reader().await?)
        .await?;
        for r in rows {
            let services: Vec<i64> = r.json("services")?;
            if services.contains(&service.get()) {
                return Ok(Some(r.id("id")?));
            }
        }
        Ok(None)
    }

    /// Pages the integration's team on the incident (nobody twice for one thing: an open page
    /// of the team is that page).
    pub(super) async fn page_integration_team(
        &self,
        i: &Integration,
        incident: IncidentId,
        summary: &str,
    ) -> Result<(), StoreError> {
        let Some(team) = i.team_id else {
            return Ok(());
        };
        let reason = format!("alert from {}: {summary}", i.name);
        let reason = goldseam_core::alerts::signal::truncate_chars(&reason, 300);
        match self
            .page_by_hand(
                &Actor::GOLDSEAM,
                incident,
                PageTarget::Team(team),
                Urgency::High,
                &reason,
            )
            .await
        {
            Ok(_) => Ok(()),
            // The team has no policy and nobody on call: the incident's own response still
            // runs; the timeline's alert entry is the record.
            Err(StoreError::Domain(e)) => {
                tracing::warn!(integration = i.id, error = %e, "could not page the integration's team");
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Resolves the incident the group opened once none of its groups is open, if it is
    /// still open.
    pub(super) async fn resolve_with_groups(
        &self,
        i: &Integration,
        g: &GroupRow,
        incident: IncidentId,
    ) -> Result<(), StoreError> {
        if !g.opened_incident || !i.policy.resolve_incidents {
            return Ok(());
        }
        let open: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM alert_groups WHERE incident_id = $1 AND status <> 'resolved'",
        )
        .bind(incident.get())
        .fetch_one(&mut *self.reader().await?)
        .await?;
        let state = self.incident(&Actor::GOLDSEAM, incident).await?;
        if open > 0 || !OPEN.contains(&state.status) {
            return Ok(());
        }
        let resolve = Change::Core(Command::ChangeStatus {
            to: Status::Resolved,
            reason: None,
        });
        self.change(&Actor::GOLDSEAM, incident, &[resolve], None, true)
            .await?;
        Ok(())
    }

    /// Records the group resolved on its incident, once per resolution (the trigger's job and
    /// the resolve's may both get here), and resolves the incident with its last group.
    pub(super) async fn group_resolved(
        &self,
        i: &Integration,
        g: &GroupRow,
        incident: IncidentId,
        alert: &AlertRow,
    ) -> Result<(), StoreError> {
        let at = g.resolved_at.map_or(0, |t| t.as_microsecond());
        let key = IdempotencyKey::new(
            Actor::GOLDSEAM.user_id,
            format!("alert-resolved:{}", incident.get()),
            format!("{}-{at}", g.id),
            b"alert group resolved",
        );
        let entry = Entry::of("resolved", g, alert);
        self.record_alert(i, incident, entry, Some(&key)).await?;
        self.resolve_with_groups(i, g, incident).await
    }
}
