//! What a group's effects do to incidents, run as jobs after the batch that decided them
//! committed: open or join an incident (once per group: the declaration's idempotency key is
//! the group's), write alerts on its timeline, reopen it, resolve it with its last group, page
//! the integration's team. A job that runs before the one that opened the incident opens it
//! itself (the same key makes it the same incident), so their order does not matter.

use super::integrations::Integration;
use crate::idempotency::IdempotencyKey;
use crate::incidents::Change;
use crate::jobs::NewJob;
use crate::response::PageTarget;
use crate::row::Columns;
use crate::{Store, StoreError};
use goldseam_core::alerts::{AlertLink, AlertSeverity, Effect, Route, RouteAction};
use goldseam_core::command::{Command, Declaration};
use goldseam_core::people::Urgency;
use goldseam_core::text::{Summary, Title};
use goldseam_core::{Actor, EventPayload, IncidentId, SeverityKey, Status};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The job kind.
pub const EFFECT_KIND: &str = "alert_effect";

/// What an effect job is about.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "on", rename_all = "snake_case")]
pub enum EffectKind {
    /// A group's effect, caused by one of its alerts.
    Group {
        /// The group.
        group_id: i64,
        /// What it must do.
        effect: Effect,
        /// The alert that caused it.
        dedup_key: String,
    },
    /// A change event, for the service's open incidents.
    Change {
        /// What changed.
        summary: String,
        /// Where.
        source: Option<String>,
        /// Links given with it.
        links: Vec<AlertLink>,
        /// When.
        at: Timestamp,
    },
}

/// An effect job's payload.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AlertEffectJob {
    /// The integration.
    pub integration_id: i64,
    /// What to do.
    #[serde(flatten)]
    pub kind: EffectKind,
}

impl AlertEffectJob {
    /// The job for the `n`th effect decided while processing request `inbox_id`: its key is
    /// stable, so processing that request again (it never is, but a retried transaction may
    /// build the job twice) enqueues nothing new.
    pub(super) fn job(integration_id: i64, kind: EffectKind, inbox_id: i64, n: usize) -> NewJob {
        let job = AlertEffectJob {
            integration_id,
            kind,
        };
        NewJob {
            kind: EFFECT_KIND.into(),
            destination: format!("alerts:{integration_id}"),
            idempotency_key: format!("{EFFECT_KIND}:{inbox_id}:{n}"),
            payload: serde_json::to_value(&job).expect("an effect serializes"),
            incident_id: None,
            run_at: None,
        }
    }

    /// The job recording a change event.
    pub(super) fn change(
        integration_id: i64,
        summary: &str,
        source: Option<&str>,
        links: &[AlertLink],
        at: Timestamp,
        inbox_id: i64,
    ) -> NewJob {
        let kind = EffectKind::Change {
            summary: summary.into(),
            source: source.map(str::to_owned),
            links: links.to_vec(),
            at,
        };
        AlertEffectJob::job(integration_id, kind, inbox_id, usize::MAX)
    }
}

/// A group as effects need it.
struct GroupRow {
    id: i64,
    route: String,
    alerts: i64,
    storm: bool,
    flapping: bool,
    incident_id: Option<IncidentId>,
    opened_incident: bool,
}

/// The alert that caused an effect, as the timeline and the title show it.
struct AlertRow {
    summary: String,
    severity: AlertSeverity,
    signal: Option<goldseam_core::alerts::AlertSignal>,
}

const OPEN: [Status; 3] = [Status::Triage, Status::Active, Status::Mitigated];

impl Store {
    /// Runs one effect job.
    pub async fn run_alert_effect(&self, job: &AlertEffectJob) -> Result<(), StoreError> {
        let i = match self.integration(job.integration_id).await {
            Ok(i) => i,
            // Deleted since: its alerts stay for the record, and nothing more happens.
            Err(StoreError::NotFound(_)) => return Ok(()),
            Err(e) => return Err(e),
        };
        match &job.kind {
            EffectKind::Group {
                group_id,
                effect,
                dedup_key,
            } => self.group_effect(&i, *group_id, effect, dedup_key).await,
            EffectKind::Change {
                summary, source, ..
            } => {
                let Some(incident) = self.open_incident_of_service(&i).await? else {
                    return Ok(());
                };
                let what = match source {
                    Some(s) => format!("{summary} ({s})"),
                    None => summary.clone(),
                };
                self.record_alert(&i, incident, "change", None, &what, None, None, None)
                    .await
            }
        }
    }

    async fn group_effect(
        &self,
        i: &Integration,
        group_id: i64,
        effect: &Effect,
        dedup_key: &str,
    ) -> Result<(), StoreError> {
        let g = self.group_row(group_id).await?;
        let alert = self.alert_row(i.id, dedup_key).await?;
        let route = i
            .policy
            .routes
            .iter()
            .find(|r| r.name == g.route)
            .cloned()
            .unwrap_or_default();
        let sev = Some(alert.severity.as_str().to_owned());
        let count = Some(g.alerts as u64);
        match effect {
            Effect::Trigger => {
                let Some((incident, opened)) = self.group_incident(i, &g, &route, &alert).await?
                else {
                    return Ok(());
                };
                let what = if opened { "opened" } else { "attached" };
                self.record_alert(
                    i,
                    incident,
                    what,
                    Some(g.id),
                    &alert.summary,
                    sev,
                    count,
                    None,
                )
                .await?;
                if route.action != RouteAction::Timeline {
                    self.page_integration_team(i, incident, &alert.summary)
                        .await?;
                }
                Ok(())
            }
            Effect::Joined => match self.group_incident(i, &g, &route, &alert).await? {
                Some((incident, _)) => {
                    self.record_alert(
                        i,
                        incident,
                        "joined",
                        Some(g.id),
                        &alert.summary,
                        sev,
                        count,
                        None,
                    )
                    .await
                }
                None => Ok(()),
            },
            Effect::Reopen { page } => {
                let Some((incident, _)) = self.group_incident(i, &g, &route, &alert).await? else {
                    return Ok(());
                };
                let state = self.incident(&Actor::GOLDSEAM, incident).await?;
                if !OPEN.contains(&state.status) && g.opened_incident {
                    let reopen = Change::Core(Command::ChangeStatus {
                        to: Status::Active,
                        reason: None,
                    });
                    self.change(&Actor::GOLDSEAM, incident, &[reopen], None, true)
                        .await?;
                }
                let what = if g.flapping { "flapping" } else { "reopened" };
                self.record_alert(
                    i,
                    incident,
                    what,
                    Some(g.id),
                    &alert.summary,
                    sev,
                    count,
                    None,
                )
                .await?;
                if *page && route.action != RouteAction::Timeline {
                    self.page_integration_team(i, incident, &alert.summary)
                        .await?;
                }
                Ok(())
            }
            Effect::Acknowledge => match g.incident_id {
                Some(incident) => {
                    self.record_alert(
                        i,
                        incident,
                        "acknowledged",
                        Some(g.id),
                        &alert.summary,
                        sev,
                        count,
                        None,
                    )
                    .await
                }
                None => Ok(()),
            },
            Effect::Resolve => {
                let Some(incident) = g.incident_id else {
                    return Ok(());
                };
                self.record_alert(
                    i,
                    incident,
                    "resolved",
                    Some(g.id),
                    &alert.summary,
                    sev,
                    count,
                    None,
                )
                .await?;
                self.resolve_with_groups(i, &g, incident).await
            }
            Effect::Note { text } => match g.incident_id {
                Some(incident) => {
                    self.record_alert(
                        i,
                        incident,
                        "note",
                        Some(g.id),
                        &alert.summary,
                        sev,
                        None,
                        Some(text.clone()),
                    )
                    .await
                }
                None => Ok(()),
            },
        }
    }

    /// The group's incident: the one it has, else (as its route says) a new one, or the
    /// service's newest open one; `None` for a timeline-only route with nothing open. Whether
    /// this call opened it.
    async fn group_incident(
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
        let title = match (&alert.signal, route.title.trim()) {
            (Some(s), t) if !t.is_empty() => goldseam_core::alerts::template::render_title(t, s)
                .unwrap_or_else(|_| alert.summary.clone()),
            _ => alert.summary.clone(),
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
    async fn open_incident_of_service(
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
    async fn page_integration_team(
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
    async fn resolve_with_groups(
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

    #[allow(clippy::too_many_arguments)]
    async fn record_alert(
        &self,
        i: &Integration,
        incident: IncidentId,
        what: &str,
        group_id: Option<i64>,
        summary: &str,
        severity: Option<String>,
        alerts: Option<u64>,
        note: Option<String>,
    ) -> Result<(), StoreError> {
        let event = EventPayload::Alert {
            what: what.into(),
            integration: i.name.clone(),
            group_id,
            summary: summary.into(),
            severity,
            alerts,
            note,
        };
        self.change(
            &Actor::GOLDSEAM,
            incident,
            &[Change::Record(event)],
            None,
            false,
        )
        .await?;
        Ok(())
    }

    async fn group_row(&self, id: i64) -> Result<GroupRow, StoreError> {
        let r = sqlx::query(
            "SELECT id, route, alerts, storm, flapping, incident_id, opened_incident FROM alert_groups WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *self.reader().await?)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("alert group {id}")))?;
        Ok(GroupRow {
            id: r.col("id")?,
            route: r.col("route")?,
            alerts: r.col("alerts")?,
            storm: r.flag("storm")?,
            flapping: r.flag("flapping")?,
            incident_id: r.opt_id("incident_id")?,
            opened_incident: r.flag("opened_incident")?,
        })
    }

    async fn alert_row(&self, integration: i64, key: &str) -> Result<AlertRow, StoreError> {
        let view = self.alert_by_key(integration, key).await?;
        Ok(AlertRow {
            summary: view.summary.clone(),
            severity: view.severity,
            signal: Some(view.signal()),
        })
    }
}
