//! Running one effect job: what each effect writes on the group's incident.

use super::{AlertEffectJob, EffectKind};
use crate::alerts::integrations::Integration;
use crate::idempotency::IdempotencyKey;
use crate::incidents::Change;
use crate::row::Columns;
use crate::{Store, StoreError};
use goldseam_core::alerts::{AlertSeverity, AlertSignal, Effect, RouteAction};
use goldseam_core::command::Command;
use goldseam_core::{Actor, EventPayload, IncidentId, Status};
use jiff::Timestamp;

/// A group as effects need it.
pub(super) struct GroupRow {
    pub id: i64,
    pub route: String,
    pub alerts: i64,
    pub storm: bool,
    pub flapping: bool,
    pub incident_id: Option<IncidentId>,
    pub opened_incident: bool,
    /// Whether its route acted (after its threshold, if any).
    pub triggered: bool,
    /// When it resolved, while resolved.
    pub resolved_at: Option<Timestamp>,
}

/// The alert that caused an effect, as the timeline and the title show it.
pub(super) struct AlertRow {
    pub summary: String,
    pub severity: AlertSeverity,
    pub signal: AlertSignal,
}

/// The statuses in which an incident is open.
pub(super) const OPEN: [Status; 3] = [Status::Triage, Status::Active, Status::Mitigated];

/// One `alert` event's fields.
pub(super) struct Entry {
    what: &'static str,
    group_id: Option<i64>,
    summary: String,
    severity: Option<String>,
    alerts: Option<u64>,
    note: Option<String>,
}

impl Entry {
    /// An entry about `g`, caused by `alert`.
    pub(super) fn of(what: &'static str, g: &GroupRow, alert: &AlertRow) -> Entry {
        Entry {
            what,
            group_id: Some(g.id),
            summary: alert.summary.clone(),
            severity: Some(alert.severity.as_str().to_owned()),
            alerts: Some(g.alerts as u64),
            note: None,
        }
    }
}

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
            EffectKind::Group { group_id, effects } => {
                for (n, e) in effects.iter().enumerate() {
                    // Each write keyed by the job and its place in it: a job retried after
                    // some of its effects ran writes those once.
                    let key = IdempotencyKey::new(
                        Actor::GOLDSEAM.user_id,
                        "alert-effect",
                        format!("{}:{n}", job.key),
                        b"alert effect",
                    );
                    self.group_effect(&i, *group_id, &e.effect, &e.dedup_key, &key)
                        .await?;
                }
                Ok(())
            }
            EffectKind::Change {
                summary, source, ..
            } => {
                let Some(incident) = self.open_incident_of_service(&i).await? else {
                    return Ok(());
                };
                let summary = match source {
                    Some(s) => format!("{summary} ({s})"),
                    None => summary.clone(),
                };
                let entry = Entry {
                    what: "change",
                    group_id: None,
                    summary,
                    severity: None,
                    alerts: None,
                    note: None,
                };
                let key = IdempotencyKey::new(
                    Actor::GOLDSEAM.user_id,
                    "alert-effect",
                    job.key.clone(),
                    b"alert effect",
                );
                self.record_alert(&i, incident, entry, Some(&key)).await
            }
        }
    }

    async fn group_effect(
        &self,
        i: &Integration,
        group_id: i64,
        effect: &Effect,
        dedup_key: &str,
        key: &IdempotencyKey,
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
        let pages = route.action != RouteAction::Timeline;
        match effect {
            Effect::Trigger => {
                let found = self.group_incident(i, &g, &route, &alert).await?;
                let Some((incident, opened)) = found else {
                    return Ok(());
                };
                let what = if opened { "opened" } else { "attached" };
                self.record_alert(i, incident, Entry::of(what, &g, &alert), Some(key))
                    .await?;
                if pages {
                    self.page_integration_team(i, incident, &alert.summary)
                        .await?;
                }
                // The group may have resolved before this job ran (its resolve's job found no
                // incident yet): the incident follows it now.
                let now = self.group_row(g.id).await?;
                if now.resolved_at.is_some() {
                    self.group_resolved(i, &now, incident, &alert).await?;
                }
                Ok(())
            }
            Effect::Reopen { page } => {
                let Some((incident, _)) = self.group_incident(i, &g, &route, &alert).await? else {
                    return Ok(());
                };
                // A flapping group only writes to the timeline: its incident stays as people
                // left it, and nobody is paged.
                let state = self.incident(&Actor::GOLDSEAM, incident).await?;
                if !OPEN.contains(&state.status) && g.opened_incident && !g.flapping {
                    let reopen = Change::Core(Command::ChangeStatus {
                        to: Status::Active,
                        reason: None,
                    });
                    self.change(&Actor::GOLDSEAM, incident, &[reopen], None, true)
                        .await?;
                }
                let what = if g.flapping { "flapping" } else { "reopened" };
                self.record_alert(i, incident, Entry::of(what, &g, &alert), Some(key))
                    .await?;
                if *page && pages {
                    self.page_integration_team(i, incident, &alert.summary)
                        .await?;
                }
                Ok(())
            }
            // Only the trigger opens the group's incident (its title and severity are the
            // first alert's). One that has not run yet (another batch's job) will link it: this
            // waits for it, unless the route only records and nothing is open.
            Effect::Joined | Effect::Acknowledge | Effect::Note { .. } => {
                let Some(incident) = g.incident_id else {
                    return match route.action {
                        _ if !g.triggered => Ok(()),
                        RouteAction::Timeline => Ok(()),
                        _ => Err(StoreError::Busy {
                            what: "alert effects waiting for their group's incident",
                            retry_after_secs: 1,
                        }),
                    };
                };
                let mut entry = match effect {
                    Effect::Joined => Entry::of("joined", &g, &alert),
                    Effect::Acknowledge => Entry::of("acknowledged", &g, &alert),
                    _ => Entry::of("note", &g, &alert),
                };
                if let Effect::Note { text } = effect {
                    entry.note = Some(text.clone());
                    entry.alerts = None;
                }
                self.record_alert(i, incident, entry, Some(key)).await
            }
            // Before the trigger linked an incident there is nothing to resolve: the trigger,
            // finding its group resolved, does it.
            Effect::Resolve => match g.incident_id {
                Some(incident) => self.group_resolved(i, &g, incident, &alert).await,
                None => Ok(()),
            },
        }
    }

    /// Writes an `alert` event on the incident (once per `key`, when given).
    pub(super) async fn record_alert(
        &self,
        i: &Integration,
        incident: IncidentId,
        e: Entry,
        key: Option<&IdempotencyKey>,
    ) -> Result<(), StoreError> {
        let event = EventPayload::Alert {
            what: e.what.into(),
            integration: i.name.clone(),
            group_id: e.group_id,
            summary: e.summary,
            severity: e.severity,
            alerts: e.alerts,
            note: e.note,
        };
        self.change(
            &Actor::GOLDSEAM,
            incident,
            &[Change::Record(event)],
            key,
            false,
        )
        .await?;
        Ok(())
    }

    pub(super) async fn group_row(&self, id: i64) -> Result<GroupRow, StoreError> {
        let r = sqlx::query(
            "SELECT id, route, alerts, storm, flapping, incident_id, opened_incident, triggered, resolved_at FROM alert_groups WHERE id = $1",
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
            triggered: r.flag("triggered")?,
            resolved_at: r.opt_time("resolved_at")?,
        })
    }

    async fn alert_row(&self, integration: i64, key: &str) -> Result<AlertRow, StoreError> {
        let view = self.alert_by_key(integration, key).await?;
        Ok(AlertRow {
            summary: view.summary.clone(),
            severity: view.severity,
            signal: view.signal(),
        })
    }
}
