//! Processing the inbox: the stored requests, in arrival order, a batch at a time, become
//! alerts and groups by core's rules; what groups must do becomes jobs (`effects.rs`). The
//! batch's rows are marked processed in the transaction that applies them, and only one
//! processor runs at a time (`Backend::alerts_lock`), so every stored request is applied
//! exactly once, in order, even across a crash or several instances.

use super::book_io::{self, json_word, Latest};
use super::effects::{AlertEffectJob, EffectKind, GroupEffect};
use super::integrations::{integration_in, Integration};
use super::process_writes::{mark_processed, write_counts, Counts};
use crate::row::Columns;
use crate::{Store, StoreError};
use goldseam_core::alerts::{
    grouping, AlertSignal, Effect, Endpoint, GroupId, Inbound, Parsed, Rejection, Signal,
    SourceKind,
};
use jiff::Timestamp;
use serde_json::json;
use std::collections::HashMap;

/// One stored request.
struct Row {
    id: i64,
    integration_id: i64,
    received_at: i64,
    endpoint: String,
    subject: Option<String>,
    assigned_key: Option<String>,
    body: String,
}

/// Reads a stored request as its integration's kind says.
fn parse(i: &Integration, row: &Row) -> Result<Parsed, Rejection> {
    let endpoint = Endpoint::parse(&row.endpoint)
        .ok_or_else(|| Rejection::one("unknown endpoint", row.endpoint.clone()))?;
    let inbound = Inbound {
        endpoint,
        subject: row.subject.as_deref(),
        body: row.body.as_bytes(),
        assigned_key: row.assigned_key.as_deref(),
    };
    match i.kind {
        SourceKind::Webhook => {
            let alert = i
                .mapping
                .clone()
                .unwrap_or_default()
                .apply(row.body.as_bytes())?;
            Ok(Parsed {
                signals: vec![Signal::Alert(alert)],
                delivery_id: None,
            })
        }
        kind => goldseam_core::alerts::sources::parse(kind, &inbound),
    }
}

/// What became of one signal, kept with its request.
fn receipt_json(key: Option<&str>, r: Option<&grouping::Receipt>, note: &str) -> serde_json::Value {
    match r {
        Some(r) => json!({
            "dedup_key": key,
            "outcome": json_word(&r.outcome),
            "group_id": r.group,
            "reason": r.reason,
        }),
        None => json!({ "dedup_key": key, "outcome": "recorded", "reason": note }),
    }
}

impl Store {
    /// Processes up to `limit` stored requests; how many it processed (0: none waited).
    pub async fn process_alerts(&self, limit: usize) -> Result<usize, StoreError> {
        let now = self.now();
        let mut conn = self.writer().await?;
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        self.backend().alerts_lock(&mut tx).await?;
        let rows = sqlx::query(
            "SELECT id, integration_id, received_at, endpoint, subject, assigned_key, body FROM alert_inbox WHERE processed_at IS NULL ORDER BY id LIMIT $1",
        )
        .bind(limit as i64)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| {
            Ok(Row {
                id: r.col("id")?,
                integration_id: r.col("integration_id")?,
                received_at: r.col("received_at")?,
                endpoint: r.col("endpoint")?,
                subject: r.col("subject")?,
                assigned_key: r.col("assigned_key")?,
                body: r.col("body")?,
            })
        })
        .collect::<Result<Vec<Row>, StoreError>>()?;
        if rows.is_empty() {
            tx.rollback().await?;
            return Ok(0);
        }
        let mut integrations: HashMap<i64, Option<Integration>> = HashMap::new();
        for r in &rows {
            if let std::collections::hash_map::Entry::Vacant(slot) =
                integrations.entry(r.integration_id)
            {
                slot.insert(match integration_in(&mut tx, r.integration_id).await {
                    Ok(i) => Some(i),
                    Err(StoreError::NotFound(_)) => None,
                    Err(e) => return Err(e),
                });
            }
        }
        // Each request's outcome (per signal) or the reason it could not be read.
        let mut outcomes: HashMap<i64, Result<Vec<serde_json::Value>, String>> = HashMap::new();
        let mut jobs = Vec::new();
        let mut by_integration: Vec<(i64, Vec<(i64, Parsed)>)> = Vec::new();
        for r in &rows {
            let Some(Some(i)) = integrations.get(&r.integration_id) else {
                outcomes.insert(
                    r.id,
                    Err("its integration was deleted before it was processed".into()),
                );
                continue;
            };
            match parse(i, r) {
                Ok(p) => match by_integration.iter_mut().find(|(id, _)| *id == i.id) {
                    Some((_, list)) => list.push((r.id, p)),
                    None => by_integration.push((i.id, vec![(r.id, p)])),
                },
                Err(e) => {
                    outcomes.insert(r.id, Err(format!("{}: {}", e.message, e.errors.join("; "))));
                }
            }
        }
        // Every counter of an integration is written here, once per batch: the processor is
        // that row's only writer.
        let mut counts: HashMap<i64, Counts> = HashMap::new();
        for r in &rows {
            let c = counts.entry(r.integration_id).or_default();
            c.received += 1;
            c.last_received_at = c.last_received_at.max(r.received_at);
        }
        for (id, parsed) in &by_integration {
            let i = integrations[id].as_ref().expect("found above");
            let (deduplicated, grouped) = self
                .apply_integration(&mut tx, i, parsed, now, &mut outcomes, &mut jobs)
                .await?;
            let c = counts.entry(*id).or_default();
            c.deduplicated += deduplicated;
            c.grouped += grouped;
        }
        mark_processed(&mut tx, self.backend(), &outcomes, now).await?;
        for job in &jobs {
            crate::jobs::enqueue_in(&mut tx, self.backend(), job, now).await?;
        }
        // Refusals counted in memory go with this batch; back if it does not commit.
        let rejected = self.take_rejected();
        for (id, n) in &rejected {
            counts.entry(*id).or_default().rejected += n;
        }
        let committed = async {
            for (id, c) in &counts {
                write_counts(&mut tx, *id, c).await?;
            }
            tx.commit().await?;
            Ok::<(), StoreError>(())
        }
        .await;
        if let Err(e) = committed {
            self.restore_rejected(rejected);
            return Err(e);
        }
        drop(conn);
        if !jobs.is_empty() {
            self.jobs_committed();
        }
        Ok(rows.len())
    }

    /// Applies one integration's requests of the batch, in order.
    async fn apply_integration(
        &self,
        tx: &mut sqlx::AnyConnection,
        i: &Integration,
        parsed: &[(i64, Parsed)],
        now: Timestamp,
        outcomes: &mut HashMap<i64, Result<Vec<serde_json::Value>, String>>,
        jobs: &mut Vec<crate::jobs::NewJob>,
    ) -> Result<(i64, i64), StoreError> {
        let policy = &i.policy;
        // Each alert signal with its route and rendered group key.
        let mut routed: Vec<(i64, &AlertSignal, goldseam_core::alerts::Route, String)> = Vec::new();
        for (inbox_id, p) in parsed {
            for s in &p.signals {
                if let Signal::Alert(a) = s {
                    let route = policy.route_for(a).into_owned();
                    let key = route.group_key(a);
                    routed.push((*inbox_id, a, route, key));
                }
            }
        }
        let mut dedup_keys: Vec<&str> = parsed
            .iter()
            .flat_map(|(_, p)| p.signals.iter().filter_map(Signal::dedup_key))
            .collect();
        dedup_keys.sort_unstable();
        dedup_keys.dedup();
        let mut group_keys: Vec<&str> = routed.iter().map(|(_, _, _, k)| k.as_str()).collect();
        group_keys.sort_unstable();
        group_keys.dedup();
        let mut book = book_io::load(
            tx,
            i.id,
            policy,
            &dedup_keys,
            &group_keys,
            now,
            self.backend(),
        )
        .await?;
        let mut updates: Vec<(&String, Option<&str>, Option<&str>)> = Vec::new();
        let mut latest: HashMap<String, Latest<'_>> = HashMap::new();
        let mut firsts: HashMap<GroupId, (String, String)> = HashMap::new();
        let mut effects: Vec<(GroupId, Effect, String, i64)> = Vec::new();
        let (mut deduplicated, mut grouped) = (0i64, 0i64);
        let mut routed = routed.into_iter();
        for (inbox_id, p) in parsed {
            let mut said = Vec::new();
            for s in &p.signals {
                match s {
                    Signal::Alert(_) => {
                        let (_, a, route, key) = routed.next().expect("one per alert signal");
                        let r = grouping::receive(&mut book, policy, &route, &key, a, now);
                        said.push(receipt_json(Some(&a.dedup_key), Some(&r), ""));
                        use goldseam_core::alerts::{Outcome, Placement};
                        // The alert that opened the storm group (new in this batch, so its id
                        // is still negative, and not seen yet) opened a group; every other
                        // alert placed in the storm joined one already open.
                        let opened_storm = r.placement == Placement::Storm
                            && r.group.is_some_and(|g| g < 0 && !firsts.contains_key(&g));
                        match (r.outcome, r.placement) {
                            (Outcome::Duplicate | Outcome::Updated, _) => deduplicated += 1,
                            (_, Placement::Joined | Placement::Reopened) => grouped += 1,
                            (_, Placement::Storm) if !opened_storm => grouped += 1,
                            _ => {}
                        }
                        if r.placement == Placement::Opened || opened_storm {
                            if let Some(g) = r.group {
                                firsts.insert(g, (a.summary.clone(), a.severity.as_str().into()));
                            }
                        }
                        if let Some(g) = r.group {
                            for e in &r.effects {
                                effects.push((g, e.clone(), a.dedup_key.clone(), *inbox_id));
                            }
                        }
                        if r.outcome != Outcome::Ignored {
                            latest.insert(
                                a.dedup_key.clone(),
                                Latest {
                                    signal: a,
                                    inbox_id: *inbox_id,
                                    route: route.name.clone(),
                                    group_key: key,
                                    receipt: r,
                                },
                            );
                        }
                    }
                    Signal::Update {
                        dedup_key,
                        summary,
                        description,
                        note,
                    } => {
                        // Applied after the batch's alerts are written: the alert may be one
                        // this very batch made.
                        updates.push((dedup_key, summary.as_deref(), description.as_deref()));
                        let group = book.alert(dedup_key).map(|a| a.group);
                        let word = match (group, note) {
                            (Some(Some(g)), Some(text)) => {
                                effects.push((
                                    g,
                                    Effect::Note { text: text.clone() },
                                    dedup_key.clone(),
                                    *inbox_id,
                                ));
                                "noted on its group"
                            }
                            (Some(_), _) => "updated",
                            (None, _) => "no alert has this key here: nothing changed",
                        };
                        said.push(receipt_json(Some(dedup_key), None, word));
                    }
                    Signal::Change {
                        summary,
                        source,
                        links,
                        at,
                    } => {
                        jobs.push(AlertEffectJob::change(
                            i.id,
                            summary,
                            source.as_deref(),
                            links,
                            at.unwrap_or(now),
                            *inbox_id,
                        ));
                        said.push(receipt_json(
                            None,
                            None,
                            "a change: recorded on the service's open incidents",
                        ));
                    }
                }
            }
            outcomes.insert(*inbox_id, Ok(said));
        }
        let renumbered =
            book_io::write(tx, self.backend(), i.id, &mut book, &mut latest, &firsts).await?;
        // What each request did names the groups it made by their stored ids.
        for (inbox_id, _) in parsed {
            let Some(Ok(said)) = outcomes.get_mut(inbox_id) else {
                continue;
            };
            for s in said.iter_mut() {
                if let Some(id) = s["group_id"].as_i64().and_then(|g| renumbered.get(&g)) {
                    s["group_id"] = (*id).into();
                }
                if let Some(reason) = s["reason"].as_str() {
                    s["reason"] = book_io::renumber_words(reason, &renumbered).into();
                }
            }
        }
        for (key, summary, description) in updates {
            book_io::update_alert(tx, i.id, key, summary, description).await?;
        }
        // One job per group, its effects in the order they were decided: an alert joining
        // comes after the trigger that opened the incident.
        let mut per_group: Vec<(i64, i64, Vec<GroupEffect>)> = Vec::new();
        for (group, effect, key, inbox_id) in effects {
            let group = renumbered.get(&group).copied().unwrap_or(group);
            let e = GroupEffect {
                effect,
                dedup_key: key,
            };
            match per_group.iter_mut().find(|(g, _, _)| *g == group) {
                Some((_, _, list)) => list.push(e),
                None => per_group.push((group, inbox_id, vec![e])),
            }
        }
        for (group_id, first_inbox_id, effects) in per_group {
            let kind = EffectKind::Group { group_id, effects };
            jobs.push(AlertEffectJob::job(
                i.id,
                kind,
                first_inbox_id,
                &group_id.to_string(),
            ));
        }
        Ok((deduplicated, grouped))
    }
}
