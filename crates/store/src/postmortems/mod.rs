//! Postmortems: one per incident. Its review state is a projection of the incident's
//! `postmortem_*` events, written by the same transaction as the event (`project`), so the
//! timeline and the state cannot disagree. Its document lives in `document`, its comment threads
//! in `threads`, its frozen versions in `versions`, and the templates and factor taxonomy admins
//! edit in `templates`.

mod document;
mod list;
mod opening;
mod seed;
mod templates;
mod threads;
mod versions;

pub(crate) use document::CHANNEL as DOCUMENT_CHANNEL;
pub use document::{DocumentNotice, StoredDocument, COMPACT_AFTER};
pub use list::{PostmortemListItem, LIST_LIMIT};
pub(crate) use opening::open_job;
pub use opening::OpenPostmortemJob;
pub use threads::{Reply, Thread};
pub use versions::VersionSummary;

use crate::incidents::Change;
use crate::plan::{Arg, Plan, Stmt};
use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::postmortem::{ReviewAction, ReviewContext, ReviewState};
use goldseam_core::{Actor, Command, DomainError, EventPayload, IncidentId, UserId};
use jiff::Timestamp;
use sqlx::AnyConnection;

/// A postmortem's review state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Postmortem {
    pub incident_id: IncidentId,
    pub state: ReviewState,
    /// 1 until it is amended after publishing.
    pub version: i64,
    pub opened_at: Timestamp,
    pub updated_at: Timestamp,
    /// When the current version was published.
    pub published_at: Option<Timestamp>,
    /// The reviewers of the current round, by name.
    pub reviewers: Vec<Reviewer>,
    /// Comment threads not resolved yet.
    pub open_threads: i64,
}

/// A reviewer and what they said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewer {
    pub user_id: UserId,
    pub name: String,
    /// `approved`, `changes_requested`, or `None` while waiting.
    pub verdict: Option<String>,
}

/// The table statements that follow one postmortem event.
pub(crate) fn project(
    plan: &mut Plan,
    r: IncidentId,
    at: Timestamp,
    actor: &Actor,
    p: &EventPayload,
) {
    let id = Arg::id(r);
    match p {
        EventPayload::PostmortemOpened { .. } => plan.push(Stmt::new(
            "INSERT INTO postmortems (incident_id, state, version, opened_at, updated_at) VALUES ($1, 'draft', 1, $2, $3) ON CONFLICT (incident_id) DO NOTHING",
            vec![id, Arg::I64(to_db(at)), Arg::I64(to_db(at))],
        )),
        EventPayload::PostmortemStateChanged { to, version, reviewers, .. } => {
            let published = (to == "published").then(|| to_db(at));
            plan.push(Stmt::new(
                "UPDATE postmortems SET state = $2, version = $3, updated_at = $4, published_at = COALESCE($5, published_at) WHERE incident_id = $1",
                vec![id.clone(), Arg::Str(to.clone()), Arg::I64(*version), Arg::I64(to_db(at)), Arg::OptI64(published)],
            ));
            match to.as_str() {
                "in_review" => {
                    plan.push(Stmt::new("DELETE FROM postmortem_reviewers WHERE incident_id = $1", vec![id.clone()]));
                    for reviewer in reviewers {
                        plan.push(Stmt::new(
                            "INSERT INTO postmortem_reviewers (incident_id, user_id) VALUES ($1, $2)",
                            vec![id.clone(), Arg::id(*reviewer)],
                        ));
                    }
                }
                "approved" | "changes_requested" => plan.push(Stmt::new(
                    "UPDATE postmortem_reviewers SET verdict = $3 WHERE incident_id = $1 AND user_id = $2",
                    vec![id, Arg::I64(actor.user_id.get()), Arg::Str(to.clone())],
                )),
                _ => {}
            }
        }
        EventPayload::PostmortemDistributed { version, people, channels } => plan.push(Stmt::new(
            "INSERT INTO postmortem_distributions (incident_id, version, distributed_at, people, channels) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (incident_id, version) DO NOTHING",
            vec![id, Arg::I64(*version), Arg::I64(to_db(at)), Arg::I64(*people), Arg::I64(*channels)],
        )),
        _ => {}
    }
}

fn parse_state(s: &str) -> Result<ReviewState, StoreError> {
    serde_json::from_value(serde_json::Value::String(s.into()))
        .map_err(|_| StoreError::Corrupt(format!("postmortem state {s}")))
}

pub(crate) async fn load(
    conn: &mut AnyConnection,
    r: IncidentId,
) -> Result<Option<Postmortem>, StoreError> {
    let Some(row) = sqlx::query(
        "SELECT p.state, p.version, p.opened_at, p.updated_at, p.published_at, (SELECT COUNT(*) FROM postmortem_threads t WHERE t.incident_id = p.incident_id AND t.resolved_at IS NULL) AS open_threads FROM postmortems p WHERE p.incident_id = $1",
    )
    .bind(r.get())
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let reviewers = sqlx::query(
        "SELECT r.user_id, u.name, r.verdict FROM postmortem_reviewers r JOIN users u ON u.id = r.user_id WHERE r.incident_id = $1 ORDER BY u.name",
    )
    .bind(r.get())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|row| Ok(Reviewer { user_id: row.id("user_id")?, name: row.col("name")?, verdict: row.col("verdict")? }))
    .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(Some(Postmortem {
        incident_id: r,
        state: parse_state(&row.col::<String>("state")?)?,
        version: row.col("version")?,
        opened_at: row.time("opened_at")?,
        updated_at: row.time("updated_at")?,
        published_at: row.opt_time("published_at")?,
        reviewers,
        open_threads: row.col("open_threads")?,
    }))
}

impl Store {
    /// The postmortem of incident `r` (which `actor` must be able to see), if it has one.
    pub async fn postmortem(
        &self,
        actor: &Actor,
        r: IncidentId,
    ) -> Result<Option<Postmortem>, StoreError> {
        self.incident(actor, r).await?;
        load(&mut *self.reader().await?, r).await
    }

    /// The postmortem of `r`, or why it cannot be read or does not exist.
    async fn existing_postmortem(
        &self,
        actor: &Actor,
        r: IncidentId,
    ) -> Result<Postmortem, StoreError> {
        self.postmortem(actor, r)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("the postmortem of {}", r.reference())))
    }

    /// Opens the postmortem of `r` and seeds its document from the incident and its type's
    /// template; returns it and whether this call opened it (false: it was open already).
    pub async fn open_postmortem(
        &self,
        actor: &Actor,
        r: IncidentId,
        automatic: bool,
    ) -> Result<(Postmortem, bool), StoreError> {
        if let Some(existing) = self.postmortem(actor, r).await? {
            if self.document_is_empty(r).await? {
                // A crash came between opening it and seeding it.
                self.seed_postmortem(r).await?;
            }
            return Ok((existing, false));
        }
        let open = Change::Core(Command::OpenPostmortem { automatic });
        let opened = match self.change(actor, r, &[open], None, false).await {
            Ok(_) => true,
            // Decided by the incident's write path: of two opening at once, one opens it.
            Err(StoreError::Domain(DomainError::NoChange(_))) => false,
            Err(e) => return Err(e),
        };
        // Seeding writes only into an empty log: whoever lost the race above adds nothing.
        self.seed_postmortem(r).await?;
        Ok((self.existing_postmortem(actor, r).await?, opened))
    }

    /// Moves the postmortem in its review. `reviewers` names them when asking for a review.
    pub async fn move_postmortem(
        &self,
        actor: &Actor,
        r: IncidentId,
        action: ReviewAction,
        reviewers: &[UserId],
    ) -> Result<Postmortem, StoreError> {
        goldseam_core::policy::ensure_can_write(actor)?;
        let current = self.existing_postmortem(actor, r).await?;
        let named = if action == ReviewAction::RequestReview {
            self.check_reviewers(r, reviewers).await?
        } else {
            Vec::new()
        };
        let context = ReviewContext {
            reviewers: if action == ReviewAction::RequestReview {
                named.len()
            } else {
                current.reviewers.len()
            },
            actor_reviews: current
                .reviewers
                .iter()
                .any(|rv| rv.user_id == actor.user_id),
            open_threads: current.open_threads as usize,
        };
        let change = Change::Core(Command::MovePostmortem {
            action,
            context,
            reviewers: named,
        });
        let outcome = self.change(actor, r, &[change], None, false).await?;
        let to = outcome
            .incident
            .postmortem
            .map(|stage| (stage.state, stage.version));
        if let Some((ReviewState::Published, version)) = to {
            self.freeze_version(r, version, Some(actor.user_id)).await?;
        }
        self.existing_postmortem(actor, r).await
    }

    /// The reviewers asked for, checked to be people who may see incident `r` (a reviewer of a
    /// private incident who cannot would be asked to approve what they cannot open); duplicates
    /// dropped.
    async fn check_reviewers(
        &self,
        r: IncidentId,
        reviewers: &[UserId],
    ) -> Result<Vec<UserId>, StoreError> {
        let mut named: Vec<UserId> = reviewers.to_vec();
        named.sort();
        named.dedup();
        let ids: Vec<i64> = named.iter().map(|u| u.get()).collect();
        let found = self
            .names_of(crate::response::Referenced::User, &ids)
            .await?;
        if let Some((i, missing)) = reviewers
            .iter()
            .enumerate()
            .find(|(_, u)| !found.contains_key(&u.get()))
        {
            return Err(DomainError::invalid(
                format!("reviewers[{i}]"),
                format!("no user has id {missing}"),
            )
            .into());
        }
        for (i, id) in reviewers.iter().enumerate() {
            let user = self.user(*id).await?;
            let actor = Actor {
                user_id: user.id,
                role: user.role,
            };
            let refusal = if !user.active {
                Some(format!("{} is deactivated", user.name))
            } else if self.incident(&actor, r).await.is_err() {
                Some(format!(
                    "{} cannot see this private incident; let them see it first",
                    user.name
                ))
            } else {
                None
            };
            if let Some(why) = refusal {
                return Err(DomainError::invalid(format!("reviewers[{i}]"), why).into());
            }
        }
        Ok(named)
    }
}
