//! Follow-ups across incidents: mine, my teams', the late ones, one incident's, one service's;
//! only those of incidents the reader may see, soonest due first, a page at a time.

use super::{from_row, FollowUp, SELECT};
use crate::sql::SqlBuilder;
use crate::{Store, StoreError};
use goldseam_core::follow_up::FollowUpStatus;
use goldseam_core::{Actor, DomainError, IncidentId, ServiceId, TeamId, UserId};

/// The most rows one page holds.
pub const LIST_LIMIT: i64 = 200;

/// Which team's follow-ups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamFilter {
    /// The teams the reader is in.
    Mine,
    /// One team's.
    Team(TeamId),
}

/// Which statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    /// Proposed, committed or in progress.
    #[default]
    Open,
    /// Every status.
    All,
    /// One status.
    Only(FollowUpStatus),
}

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct FollowUpFilter {
    /// One person's.
    pub owner: Option<UserId>,
    pub team: Option<TeamFilter>,
    pub status: StatusFilter,
    /// Only promised ones due before their owner's today.
    pub overdue: bool,
    pub incident: Option<IncidentId>,
    pub service: Option<ServiceId>,
    /// Where the previous page ended (its `next_cursor`).
    pub cursor: Option<String>,
    /// At most this many (1..=[`LIST_LIMIT`]).
    pub limit: i64,
}

/// One page of follow-ups.
#[derive(Debug, Clone)]
pub struct FollowUpPage {
    pub items: Vec<FollowUp>,
    /// Pass as `cursor` for the next page; `None` on the last one.
    pub next_cursor: Option<String>,
}

/// Undated follow-ups sort after every dated one.
const NO_DATE: &str = "9999-12-31";
const DUE_KEY: &str = "COALESCE(f.due_on, '9999-12-31')";

fn parse_cursor(c: &str) -> Result<(String, i64), DomainError> {
    let bad = || {
        DomainError::invalid(
            "cursor",
            "is not a cursor this list gave; start again without it",
        )
    };
    let (due, id) = c.split_once('~').ok_or_else(bad)?;
    let ok_due = due == NO_DATE || due.parse::<jiff::civil::Date>().is_ok();
    let id: i64 = id.parse().map_err(|_| bad())?;
    if !ok_due {
        return Err(bad());
    }
    Ok((due.to_string(), id))
}

impl Store {
    /// The follow-ups `actor` may see that `filter` asks for.
    pub async fn list_follow_ups(
        &self,
        actor: &Actor,
        filter: &FollowUpFilter,
    ) -> Result<FollowUpPage, StoreError> {
        let limit = filter.limit.clamp(1, LIST_LIMIT);
        let now = self.now();
        let mut q = SqlBuilder::new(&format!("{SELECT} WHERE 1 = 1"));
        crate::policy::push_visible(&mut q, actor);
        match filter.status {
            StatusFilter::Open => {
                q.push(" AND f.status IN ('proposed', 'committed', 'in_progress')");
            }
            StatusFilter::All => {}
            StatusFilter::Only(s) => {
                q.push(" AND f.status = ").push_bind_str(s.as_str());
            }
        }
        if filter.overdue {
            // Late somewhere: due before tomorrow in UTC covers every zone, and each row's own
            // verdict (its owner's day) is applied below.
            let tomorrow = now
                .to_zoned(jiff::tz::TimeZone::UTC)
                .date()
                .tomorrow()
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            q.push(" AND f.status IN ('committed', 'in_progress') AND f.due_on < ")
                .push_bind_str(&tomorrow.to_string());
        }
        if let Some(u) = filter.owner {
            q.push(" AND f.owner_id = ").push_bind_id(u);
        }
        match filter.team {
            Some(TeamFilter::Mine) => {
                q.push(
                    " AND f.team_id IN (SELECT m.team_id FROM team_members m WHERE m.user_id = ",
                )
                .push_bind_id(actor.user_id)
                .push(")");
            }
            Some(TeamFilter::Team(t)) => {
                q.push(" AND f.team_id = ").push_bind_id(t);
            }
            None => {}
        }
        if let Some(r) = filter.incident {
            q.push(" AND f.incident_id = ").push_bind_id(r);
        }
        if let Some(s) = filter.service {
            // `services` is a compact JSON array of ids, `[3,7]`: look for `,7,` in `,3,7,`.
            q.push(" AND (',' || substr(i.services, 2, length(i.services) - 2) || ',') LIKE ")
                .push_bind_str(&format!("%,{s},%"));
        }
        if let Some(c) = &filter.cursor {
            let (due, id) = parse_cursor(c)?;
            q.push(&format!(" AND ({DUE_KEY} > "))
                .push_bind_str(&due)
                .push(&format!(" OR ({DUE_KEY} = "))
                .push_bind_str(&due)
                .push(" AND f.id > ")
                .push_bind_i64(id)
                .push("))");
        }
        q.push(&format!(" ORDER BY {DUE_KEY}, f.id LIMIT "))
            .push_bind_i64(limit + 1);
        let (sql, args) = q.finish();
        let rows = sqlx::query_with(&sql, args)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        let more = rows.len() as i64 > limit;
        let mut scanned: Vec<FollowUp> = rows
            .iter()
            .take(limit as usize)
            .map(|r| from_row(r, now))
            .collect::<Result<_, _>>()?;
        let next_cursor = more.then(|| {
            let last = scanned.last().expect("a page with more after it has rows");
            let due = last.due_on.map_or(NO_DATE.to_string(), |d| d.to_string());
            format!("{due}~{}", last.id)
        });
        if filter.overdue {
            scanned.retain(|f| f.overdue);
        }
        Ok(FollowUpPage {
            items: scanned,
            next_cursor,
        })
    }
}

impl Store {
    /// Every follow-up of incident `r`, oldest first (the caller checked `actor` may see it).
    pub async fn incident_follow_ups(
        &self,
        actor: &Actor,
        r: IncidentId,
    ) -> Result<Vec<FollowUp>, StoreError> {
        let mut q = SqlBuilder::new(&format!("{SELECT} WHERE f.incident_id = "));
        q.push_bind_id(r);
        crate::policy::push_visible(&mut q, actor);
        q.push(" ORDER BY f.id");
        let (sql, args) = q.finish();
        let now = self.now();
        sqlx::query_with(&sql, args)
            .fetch_all(&mut *self.reader().await?)
            .await?
            .iter()
            .map(|r| from_row(r, now))
            .collect()
    }
}
