//! Loading the alerts and groups a batch touches into core's [`Book`], and writing back what
//! the grouping rules changed.

use crate::backend::Backend;
use crate::row::Columns;
use crate::sql::SqlBuilder;
use crate::StoreError;
use goldseam_core::alerts::{
    AlertPolicy, AlertSignal, AlertState, AlertStatus, Book, GroupId, GroupState, GroupStatus,
    Receipt,
};
use jiff::{SignedDuration, Timestamp};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use std::collections::{BTreeSet, HashMap};

/// Values bound per statement at most when a list goes into `IN (...)`.
const CHUNK: usize = 400;

fn times(json: &str) -> Vec<Timestamp> {
    serde_json::from_str::<Vec<Timestamp>>(json).unwrap_or_default()
}

fn group_from(r: &AnyRow) -> Result<GroupState, StoreError> {
    let status: String = r.col("status")?;
    Ok(GroupState {
        id: r.col("id")?,
        route: r.col("route")?,
        key: r.col("group_key")?,
        status: GroupStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown group status {status:?}")))?,
        storm: r.flag("storm")?,
        opened_at: r.time("opened_at")?,
        resolved_at: r.opt_time("resolved_at")?,
        last_alert_at: r.time("last_alert_at")?,
        received: r.col::<i64>("received")? as u64,
        alerts: r.col::<i64>("alerts")? as u64,
        firing: r.col::<i64>("firing")? as u64,
        last_fired: r.col("last_fired")?,
        reopened: times(&r.col::<String>("reopened")?),
        flapping: r.flag("flapping")?,
        triggered: r.flag("triggered")?,
        recent: times(&r.col::<String>("recent")?),
    })
}

/// Loads what one integration's part of a batch may touch (the groups locked with the
/// backend's `FOR UPDATE`): the alerts with `keys`, the groups
/// they are in, the open and recently resolved groups of `group_keys`, the open storm group,
/// and the openings within the storm window.
pub(super) async fn load(
    conn: &mut AnyConnection,
    integration: i64,
    policy: &AlertPolicy,
    keys: &[&str],
    group_keys: &[&str],
    now: Timestamp,
    backend: &dyn Backend,
) -> Result<Book, StoreError> {
    let lock = backend.for_update();
    let mut book = Book::new();
    let mut group_ids = BTreeSet::new();
    for chunk in keys.chunks(CHUNK) {
        let mut q = SqlBuilder::new(
            "SELECT dedup_key, status, group_id, digest, received, fired_at, last_at, starts_at FROM alerts WHERE integration_id = ",
        );
        q.push_bind_i64(integration).push(" AND dedup_key IN (");
        for (n, k) in chunk.iter().enumerate() {
            q.push(if n == 0 { "" } else { ", " }).push_bind_str(k);
        }
        q.push(")");
        let (sql, args) = q.finish_for(backend);
        for r in sqlx::query_with(&sql, args).fetch_all(&mut *conn).await? {
            let status: String = r.col("status")?;
            let group: Option<i64> = r.col("group_id")?;
            group_ids.extend(group);
            book.load_alert(
                &r.col::<String>("dedup_key")?,
                AlertState {
                    status: AlertStatus::parse(&status).unwrap_or(AlertStatus::Resolved),
                    group,
                    digest: r.col::<i64>("digest")? as u64,
                    received: r.col::<i64>("received")? as u64,
                    fired_at: r.time("fired_at")?,
                    last_at: r.time("last_at")?,
                    starts_at: r.opt_time("starts_at")?,
                },
            );
        }
    }
    let recent = now - SignedDuration::from_secs(i64::from(policy.reopen_window_secs));
    let mut seen = BTreeSet::new();
    let ids: Vec<i64> = group_ids.into_iter().collect();
    let chunks = group_keys.len().max(ids.len()).div_ceil(CHUNK).max(1);
    for c in 0..chunks {
        let keys = group_keys.iter().skip(c * CHUNK).take(CHUNK);
        let ids = ids.iter().skip(c * CHUNK).take(CHUNK);
        let mut q = SqlBuilder::new("SELECT * FROM alert_groups WHERE integration_id = ");
        q.push_bind_i64(integration)
            .push(" AND ((storm = 1 AND status <> 'resolved') OR id IN (0");
        for id in ids {
            q.push(", ").push_bind_i64(*id);
        }
        q.push(") OR (group_key IN (''");
        for k in keys {
            q.push(", ").push_bind_str(k);
        }
        q.push(") AND (status <> 'resolved' OR resolved_at >= ")
            .push_bind_i64(crate::time::to_db(recent))
            .push(")))")
            // Incidents resolving write their groups too: this batch's view stays theirs.
            .push(lock);
        let (sql, args) = q.finish_for(backend);
        for r in sqlx::query_with(&sql, args).fetch_all(&mut *conn).await? {
            let g = group_from(&r)?;
            if seen.insert(g.id) {
                book.load_group(g);
            }
        }
    }
    if policy.storm.new_groups > 0 {
        let since = now - SignedDuration::from_secs(i64::from(policy.storm.window_secs));
        let opened: Vec<i64> = sqlx::query_scalar(
            "SELECT first_opened_at FROM alert_groups WHERE integration_id = $1 AND storm = 0 AND first_opened_at >= $2",
        )
        .bind(integration)
        .bind(crate::time::to_db(since))
        .fetch_all(&mut *conn)
        .await?;
        for at in opened {
            book.load_opening(crate::time::from_db(at)?);
        }
    }
    Ok(book)
}

/// The latest word on one alert in the batch: what its sender said, where, and why it did
/// what it did.
pub(super) struct Latest<'a> {
    pub signal: &'a AlertSignal,
    pub inbox_id: i64,
    pub route: String,
    pub group_key: String,
    pub receipt: Receipt,
}

/// Writes back the book: new groups (renumbering them in the book and in `latest`), changed
/// groups, and every alert touched with its latest word. Returns the new groups' ids by their
/// numbers in the book.
pub(super) async fn write(
    conn: &mut AnyConnection,
    backend: &dyn Backend,
    integration: i64,
    book: &mut Book,
    latest: &mut HashMap<String, Latest<'_>>,
    firsts: &HashMap<GroupId, (String, String)>,
) -> Result<HashMap<GroupId, i64>, StoreError> {
    let mut renumbered = HashMap::new();
    let fresh: Vec<GroupState> = book
        .changed_groups()
        .filter(|g| g.id < 0)
        .cloned()
        .collect();
    for g in fresh {
        let (summary, severity) = firsts.get(&g.id).cloned().unwrap_or_default();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO alert_groups (integration_id, route, group_key, status, storm, first_opened_at, opened_at, resolved_at, last_alert_at, received, alerts, firing, last_fired, reopened, flapping, triggered, recent, summary, severity) \
             VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id",
        )
        .bind(integration)
        .bind(&g.route)
        .bind(&g.key)
        .bind(g.status.as_str())
        .bind(i64::from(g.storm))
        .bind(crate::time::to_db(g.opened_at))
        .bind(g.resolved_at.map(crate::time::to_db))
        .bind(crate::time::to_db(g.last_alert_at))
        .bind(g.received as i64)
        .bind(g.alerts as i64)
        .bind(g.firing as i64)
        .bind(g.last_fired.clone())
        .bind(serde_json::to_string(&g.reopened).expect("times serialize"))
        .bind(i64::from(g.flapping))
        .bind(i64::from(g.triggered))
        .bind(serde_json::to_string(&g.recent).expect("times serialize"))
        .bind(summary)
        .bind(severity)
        .fetch_one(&mut *conn)
        .await?;
        book.renumber(g.id, id);
        renumbered.insert(g.id, id);
    }
    for l in latest.values_mut() {
        if let Some(g) = l.receipt.group {
            if let Some(id) = renumbered.get(&g) {
                l.receipt.group = Some(*id);
            }
        }
        l.receipt.reason = renumber_words(&l.receipt.reason, &renumbered);
    }
    let changed: Vec<GroupState> = book
        .changed_groups()
        .filter(|g| !renumbered.values().any(|id| *id == g.id))
        .cloned()
        .collect();
    for g in changed {
        sqlx::query(
            "UPDATE alert_groups SET status = $1, opened_at = $2, resolved_at = $3, last_alert_at = $4, received = $5, alerts = $6, firing = $7, last_fired = $8, reopened = $9, flapping = $10, triggered = $11, recent = $12 WHERE id = $13",
        )
        .bind(g.status.as_str())
        .bind(crate::time::to_db(g.opened_at))
        .bind(g.resolved_at.map(crate::time::to_db))
        .bind(crate::time::to_db(g.last_alert_at))
        .bind(g.received as i64)
        .bind(g.alerts as i64)
        .bind(g.firing as i64)
        .bind(g.last_fired.clone())
        .bind(serde_json::to_string(&g.reopened).expect("times serialize"))
        .bind(i64::from(g.flapping))
        .bind(i64::from(g.triggered))
        .bind(serde_json::to_string(&g.recent).expect("times serialize"))
        .bind(g.id)
        .execute(&mut *conn)
        .await?;
    }
    let rows: Vec<(&str, &AlertState)> = book.changed_alerts().collect();
    for chunk in rows.chunks(150) {
        let mut q = SqlBuilder::new(
            "INSERT INTO alerts (integration_id, dedup_key, key_from, group_id, status, summary, severity, source, labels, annotations, links, starts_at, ends_at, digest, received, fired_at, last_at, inbox_id, route, group_key, outcome, reason) VALUES ",
        );
        for (n, (key, a)) in chunk.iter().enumerate() {
            let l = &latest[*key];
            let s = l.signal;
            q.push(if n == 0 { "(" } else { ", (" })
                .push_bind_i64(integration)
                .push(", ")
                .push_bind_str(key)
                .push(", ")
                .push_bind_str(&json_word(&s.key_from))
                .push(", ")
                .push_bind_opt_i64(a.group)
                .push(", ")
                .push_bind_str(a.status.as_str())
                .push(", ")
                .push_bind_str(&s.summary)
                .push(", ")
                .push_bind_str(s.severity.as_str())
                .push(", ")
                .push_bind_opt_str(s.source.as_deref())
                .push(", ")
                .push_bind_str(&serde_json::to_string(&s.labels).expect("labels serialize"))
                .push(", ")
                .push_bind_str(
                    &serde_json::to_string(&s.annotations).expect("annotations serialize"),
                )
                .push(", ")
                .push_bind_str(&serde_json::to_string(&s.links).expect("links serialize"))
                .push(", ")
                .push_bind_opt_i64(s.starts_at.map(crate::time::to_db))
                .push(", ")
                .push_bind_opt_i64(s.ends_at.map(crate::time::to_db))
                .push(", ")
                .push_bind_i64(a.digest as i64)
                .push(", ")
                .push_bind_i64(a.received as i64)
                .push(", ")
                .push_bind_i64(crate::time::to_db(a.fired_at))
                .push(", ")
                .push_bind_i64(crate::time::to_db(a.last_at))
                .push(", ")
                .push_bind_i64(l.inbox_id)
                .push(", ")
                .push_bind_str(&l.route)
                .push(", ")
                .push_bind_str(&l.group_key)
                .push(", ")
                .push_bind_str(&json_word(&l.receipt.outcome))
                .push(", ")
                .push_bind_str(&l.receipt.reason)
                .push(")");
        }
        q.push(
            " ON CONFLICT (integration_id, dedup_key) DO UPDATE SET key_from = excluded.key_from, group_id = excluded.group_id, status = excluded.status, \
             summary = CASE WHEN excluded.summary = '' THEN alerts.summary ELSE excluded.summary END, \
             severity = CASE WHEN excluded.summary = '' THEN alerts.severity ELSE excluded.severity END, \
             source = COALESCE(excluded.source, alerts.source), \
             labels = CASE WHEN excluded.labels = '{}' THEN alerts.labels ELSE excluded.labels END, \
             annotations = CASE WHEN excluded.annotations = '{}' THEN alerts.annotations ELSE excluded.annotations END, \
             links = CASE WHEN excluded.links = '[]' THEN alerts.links ELSE excluded.links END, \
             starts_at = COALESCE(excluded.starts_at, alerts.starts_at), ends_at = excluded.ends_at, digest = excluded.digest, received = excluded.received, \
             fired_at = excluded.fired_at, last_at = excluded.last_at, inbox_id = excluded.inbox_id, route = excluded.route, group_key = excluded.group_key, \
             outcome = excluded.outcome, reason = excluded.reason",
        );
        let (sql, args) = q.finish_for(backend);
        sqlx::query_with(&sql, args).execute(&mut *conn).await?;
    }
    Ok(renumbered)
}

/// `text` with each "group -N" (a group made in the batch, named before it had its stored
/// id) naming the group by its stored id, as people will look it up.
pub(super) fn renumber_words(text: &str, renumbered: &HashMap<GroupId, i64>) -> String {
    const WORD: &str = "group ";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("group -") {
        let (before, after) = rest.split_at(at + WORD.len());
        out.push_str(before);
        let end = after[1..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(after.len(), |n| n + 1);
        let (number, tail) = after.split_at(end);
        match number.parse().ok().and_then(|n: i64| renumbered.get(&n)) {
            Some(id) => out.push_str(&id.to_string()),
            None => out.push_str(number),
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// A serde enum's wire word (`fingerprint`, `duplicate`).
pub(super) fn json_word<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Applies a new summary or description an Opsgenie-style update gives an alert.
pub(super) async fn update_alert(
    conn: &mut AnyConnection,
    integration: i64,
    key: &str,
    summary: Option<&str>,
    description: Option<&str>,
) -> Result<(), StoreError> {
    if let Some(s) = summary {
        sqlx::query("UPDATE alerts SET summary = $1 WHERE integration_id = $2 AND dedup_key = $3")
            .bind(goldseam_core::alerts::signal::truncate_chars(
                s,
                goldseam_core::alerts::signal::MAX_SUMMARY,
            ))
            .bind(integration)
            .bind(key)
            .execute(&mut *conn)
            .await?;
    }
    if let Some(d) = description {
        let row: Option<String> = sqlx::query_scalar(
            "SELECT annotations FROM alerts WHERE integration_id = $1 AND dedup_key = $2",
        )
        .bind(integration)
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(json) = row {
            let mut notes: std::collections::BTreeMap<String, String> =
                serde_json::from_str(&json).unwrap_or_default();
            notes.insert("description".into(), d.to_owned());
            sqlx::query(
                "UPDATE alerts SET annotations = $1 WHERE integration_id = $2 AND dedup_key = $3",
            )
            .bind(serde_json::to_string(&notes).expect("annotations serialize"))
            .bind(integration)
            .bind(key)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::renumber_words;
    use std::collections::HashMap;

    #[test]
    fn reasons_name_new_groups_by_their_stored_ids() {
        let renumbered = HashMap::from([(-1, 41), (-10, 50)]);
        assert_eq!(
            renumber_words(
                "opened group -1 (key \"a\"); grouped into open group -10",
                &renumbered
            ),
            "opened group 41 (key \"a\"); grouped into open group 50"
        );
        assert_eq!(renumber_words("group -1", &renumbered), "group 41");
        assert_eq!(
            renumber_words("group -2, group -", &renumbered),
            "group -2, group -"
        );
        assert_eq!(
            renumber_words("reopened group 7", &renumbered),
            "reopened group 7"
        );
    }
}
