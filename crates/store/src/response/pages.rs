//! Pages: someone (or an escalation policy's levels) being woken for an incident, until one of
//! them acknowledges. Every delivery a page causes is a job whose idempotency key starts with
//! `page:{id}:`, so acknowledging cancels the ones still waiting by that prefix.

use crate::incidents::Change;
use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::people::Urgency;
use goldseam_core::{Actor, EscalationPolicyId, EventPayload, IncidentId, PageId, UserId};
use jiff::Timestamp;
use sqlx::any::AnyRow;

/// A page as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Id.
    pub id: PageId,
    /// The incident.
    pub incident_id: IncidentId,
    /// The escalation policy followed, if any.
    pub policy_id: Option<EscalationPolicyId>,
    /// The person paged directly, if any.
    pub user_id: Option<UserId>,
    /// Why, in words.
    pub reason: String,
    /// Started at.
    pub started_at: Timestamp,
    /// Acknowledged at.
    pub acknowledged_at: Option<Timestamp>,
    /// By whom.
    pub acknowledged_by: Option<UserId>,
    /// How urgent it is: which of people's notification rules apply.
    pub urgency: Urgency,
}

const COLUMNS: &str = "id, incident_id, policy_id, user_id, reason, started_at, acknowledged_at, acknowledged_by, urgency";

fn from_row(r: &AnyRow) -> Result<Page, StoreError> {
    Ok(Page {
        id: r.id("id")?,
        incident_id: r.id("incident_id")?,
        policy_id: r.opt_id("policy_id")?,
        user_id: r.opt_id("user_id")?,
        reason: r.col("reason")?,
        started_at: r.time("started_at")?,
        acknowledged_at: r.opt_time("acknowledged_at")?,
        acknowledged_by: r.opt_id("acknowledged_by")?,
        urgency: Urgency::parse("urgency", &r.col::<String>("urgency")?)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
    })
}

/// The key prefix of every job a page causes.
pub fn job_prefix(page_id: PageId) -> String {
    format!("page:{page_id}:")
}

/// How an acknowledgement went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Acknowledged {
    /// This acknowledgement stopped the page; `cancelled` deliveries were still waiting.
    Now {
        /// Deliveries and escalations that will not happen.
        cancelled: u64,
    },
    /// Someone had already acknowledged it.
    Already(Page),
}

impl Store {
    /// One page.
    pub async fn page(&self, id: PageId) -> Result<Page, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM pages WHERE id = $1"))
            .bind(id.get())
            .fetch_optional(&mut *self.reader().await?)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("page {id}")))?;
        from_row(&row)
    }

    /// An incident's pages, oldest first.
    pub async fn pages_of(&self, incident_id: IncidentId) -> Result<Vec<Page>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM pages WHERE incident_id = $1 ORDER BY id"
        ))
        .bind(incident_id.get())
        .fetch_all(&mut *self.reader().await?)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// Starts a page and records it on the incident's timeline as `actor`'s (Goldseam's, for
    /// pages the response starts); a low-urgency page says so in its reason.
    pub(crate) async fn start_page(
        &self,
        actor: &Actor,
        incident_id: IncidentId,
        policy_id: Option<EscalationPolicyId>,
        user_id: Option<UserId>,
        reason: &str,
        urgency: Urgency,
    ) -> Result<Page, StoreError> {
        let reason = match urgency {
            Urgency::High => reason.to_string(),
            Urgency::Low => format!("{reason} (low urgency)"),
        };
        let row = sqlx::query(&format!(
            "INSERT INTO pages (incident_id, policy_id, user_id, reason, started_at, urgency) VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
        ))
        .bind(incident_id.get())
        .bind(policy_id.map(EscalationPolicyId::get))
        .bind(user_id.map(UserId::get))
        .bind(&reason)
        .bind(to_db(self.now()))
        .bind(urgency.as_str())
        .fetch_one(&mut *self.writer().await?)
        .await?;
        let page = from_row(&row)?;
        let event = EventPayload::Paged {
            page_id: page.id,
            user_id,
            policy_id,
            reason,
        };
        self.change(actor, incident_id, &[Change::Record(event)], None, false)
            .await?;
        Ok(page)
    }

    /// Acknowledges a page for `actor`: the deliveries and escalations still waiting are
    /// cancelled (one already handed to a provider may still arrive), and the timeline says who
    /// acknowledged. Acknowledging twice is harmless and says who was first.
    pub async fn acknowledge_page(
        &self,
        actor: &Actor,
        page_id: PageId,
    ) -> Result<Acknowledged, StoreError> {
        let page = self.page(page_id).await?;
        // Those who may not see the incident may not acknowledge its pages either.
        self.incident(actor, page.incident_id).await?;
        let now = to_db(self.now());
        let won = sqlx::query("UPDATE pages SET acknowledged_at = $2, acknowledged_by = $3 WHERE id = $1 AND acknowledged_at IS NULL")
            .bind(page_id.get())
            .bind(now)
            .bind(actor.user_id.get())
            .execute(&mut *self.writer().await?)
            .await?
            .rows_affected()
            == 1;
        if !won {
            return Ok(Acknowledged::Already(self.page(page_id).await?));
        }
        let cancelled = self
            .cancel_jobs_with_prefix(&job_prefix(page_id), "acknowledged")
            .await?;
        let event = EventPayload::PageAcknowledged { page_id };
        self.change(
            actor,
            page.incident_id,
            &[Change::Record(event)],
            None,
            false,
        )
        .await?;
        Ok(Acknowledged::Now { cancelled })
    }

    /// The pages of an incident not yet acknowledged in which `user_id` has been notified or
    /// would be: all of them, since anyone paged may stop the page for everyone.
    pub async fn open_pages(&self, incident_id: IncidentId) -> Result<Vec<Page>, StoreError> {
        Ok(self
            .pages_of(incident_id)
            .await?
            .into_iter()
            .filter(|p| p.acknowledged_at.is_none())
            .collect())
    }

    /// Lets these people see the incident even while it is private: someone woken or informed
    /// for an incident must be able to open it (and to acknowledge the page).
    pub(crate) async fn let_see(
        &self,
        incident_id: IncidentId,
        users: &[UserId],
    ) -> Result<(), StoreError> {
        if users.is_empty() {
            return Ok(());
        }
        let mut conn = self.writer().await?;
        for user_id in users {
            sqlx::query(
                "INSERT INTO incident_participants (incident_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(incident_id.get())
            .bind(user_id.get())
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }

    /// Marks queued jobs whose key starts with `prefix` as done without running them.
    async fn cancel_jobs_with_prefix(&self, prefix: &str, why: &str) -> Result<u64, StoreError> {
        let pattern = format!(
            "{}%",
            prefix
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let done = sqlx::query(
            "UPDATE jobs SET state = 'done', last_error = $2, finished_at = $3, updated_at = $3 \
             WHERE state = 'queued' AND idempotency_key LIKE $1 ESCAPE '\\'",
        )
        .bind(pattern)
        .bind(format!("cancelled: {why}"))
        .bind(to_db(self.now()))
        .execute(&mut *self.writer().await?)
        .await?;
        Ok(done.rows_affected())
    }
}

/// The page and person a page delivery's idempotency key names (`page:{page}:...:u{user}:...`).
pub fn page_and_user_of_key(key: &str) -> Option<(PageId, UserId)> {
    let rest = key.strip_prefix("page:")?;
    let (page, rest) = rest.split_once(':')?;
    let user = rest.split(':').find_map(|part| part.strip_prefix('u'))?;
    Some((
        PageId::from_db(page.parse().ok()?),
        UserId::from_db(user.parse().ok()?),
    ))
}

impl Store {
    /// The person whose verified SMS or voice number this is, if exactly one person has it.
    pub async fn user_by_phone(&self, number: &str) -> Result<Option<UserId>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT user_id FROM contact_methods WHERE kind IN ('sms', 'voice') AND address = $1 AND verified_at IS NOT NULL",
        )
        .bind(number)
        .fetch_all(&mut *self.reader().await?)
        .await?;
        Ok(if ids.len() == 1 {
            Some(UserId::from_db(ids[0]))
        } else {
            None
        })
    }

    /// Pages not yet acknowledged that have notified (or will notify) this person.
    pub async fn open_pages_notifying(&self, user_id: UserId) -> Result<Vec<Page>, StoreError> {
        let keys: Vec<String> = sqlx::query_scalar("SELECT idempotency_key FROM jobs WHERE idempotency_key LIKE 'page:%' AND idempotency_key LIKE $1")
            .bind(format!("%:u{user_id}:%"))
            .fetch_all(&mut *self.reader().await?)
            .await?;
        let mut ids: Vec<PageId> = keys
            .iter()
            .filter_map(|k| page_and_user_of_key(k))
            .filter(|(_, u)| *u == user_id)
            .map(|(p, _)| p)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut open = Vec::new();
        for id in ids {
            let page = self.page(id).await?;
            if page.acknowledged_at.is_none() {
                open.push(page);
            }
        }
        Ok(open)
    }
}

#[cfg(test)]
mod tests {
    use goldseam_core::{PageId, UserId};

    #[test]
    fn delivery_keys_name_their_page_and_person() {
        assert_eq!(
            super::page_and_user_of_key("page:12:p3:r0:l1:u7:m4:d0"),
            Some((PageId::from_db(12), UserId::from_db(7)))
        );
        assert_eq!(
            super::page_and_user_of_key("page:12:p0:r0:l0:u7:account-email"),
            Some((PageId::from_db(12), UserId::from_db(7)))
        );
        assert_eq!(
            super::page_and_user_of_key("page:12:p3:r0:l1"),
            None,
            "an escalation step names nobody"
        );
        assert_eq!(super::page_and_user_of_key("inform:3:7"), None);
    }
}
