//! Teams and their members.

use crate::row::Columns;
use crate::time::to_db;
use crate::{Named, Store, StoreError};
use goldseam_core::people::{Description, Name, TeamRole};
use goldseam_core::{DomainError, EscalationPolicyId, ScheduleId, TeamId, UserId};
use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Connection};

/// A team, with its members.
#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    /// Its id.
    pub id: TeamId,
    /// Its name, unique ignoring case.
    pub name: String,
    /// What it does; may be empty.
    pub description: String,
    /// Its on-call schedule, if any (not checked here: schedules are their own feature).
    pub schedule_id: Option<ScheduleId>,
    /// Its escalation policy, if any (not checked here either).
    pub escalation_policy_id: Option<EscalationPolicyId>,
    /// Its members, by name.
    pub members: Vec<TeamMember>,
    /// Created at.
    pub created_at: Timestamp,
    /// Last changed at (members included).
    pub updated_at: Timestamp,
}

/// One member of a team.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamMember {
    /// The user.
    pub user_id: UserId,
    /// Their display name.
    pub name: String,
    /// Their email.
    pub email: String,
    /// Their role in the team, such as `lead`.
    pub role: Option<TeamRole>,
}

/// A team to create.
#[derive(Debug, Clone)]
pub struct NewTeam {
    /// Its name.
    pub name: Name,
    /// What it does.
    pub description: Description,
    /// Its on-call schedule.
    pub schedule_id: Option<ScheduleId>,
    /// Its escalation policy.
    pub escalation_policy_id: Option<EscalationPolicyId>,
    /// Its first members (distinct users).
    pub members: Vec<(UserId, Option<TeamRole>)>,
}

/// Changes to a team; `None` leaves a field as it is, `Some(None)` clears an id.
#[derive(Debug, Clone, Default)]
pub struct TeamChange {
    /// A new name.
    pub name: Option<Name>,
    /// A new description.
    pub description: Option<Description>,
    /// A new schedule, or none.
    pub schedule_id: Option<Option<ScheduleId>>,
    /// A new escalation policy, or none.
    pub escalation_policy_id: Option<Option<EscalationPolicyId>>,
}

const COLUMNS: &str =
    "id, name, description, schedule_id, escalation_policy_id, created_at, updated_at";

fn from_row(r: &AnyRow) -> Result<Team, StoreError> {
    Ok(Team {
        id: r.id("id")?,
        name: r.col("name")?,
        description: r.col("description")?,
        schedule_id: r.opt_id("schedule_id")?,
        escalation_policy_id: r.opt_id("escalation_policy_id")?,
        members: Vec::new(),
        created_at: r.time("created_at")?,
        updated_at: r.time("updated_at")?,
    })
}

fn name_taken(name: &str) -> StoreError {
    StoreError::NameTaken {
        what: Named::Team,
        name: name.to_string(),
    }
}

/// The members of `teams`, each team's sorted by name.
async fn load_members(conn: &mut AnyConnection, teams: &mut [Team]) -> Result<(), StoreError> {
    if teams.is_empty() {
        return Ok(());
    }
    let mut q = crate::sql::SqlBuilder::new(
        "SELECT m.team_id, m.user_id, u.name, u.email, m.role FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id IN (",
    );
    for (i, t) in teams.iter().enumerate() {
        q.push(if i == 0 { "" } else { ", " }).push_bind_id(t.id);
    }
    q.push(") ORDER BY m.team_id, u.name, u.id");
    let (sql, args) = q.finish();
    for r in sqlx::query_with(&sql, args).fetch_all(&mut *conn).await? {
        let team_id: TeamId = r.id("team_id")?;
        let role: Option<String> = r.col("role")?;
        if let Some(t) = teams.iter_mut().find(|t| t.id == team_id) {
            t.members.push(TeamMember {
                user_id: r.id("user_id")?,
                name: r.col("name")?,
                email: r.col("email")?,
                role: role.map(TeamRole::from_stored),
            });
        }
    }
    Ok(())
}

pub(super) async fn team_in(conn: &mut AnyConnection, id: TeamId) -> Result<Team, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM teams WHERE id = $1"))
        .bind(id.get())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("team {id}")))?;
    let mut teams = [from_row(&row)?];
    load_members(conn, &mut teams).await?;
    let [team] = teams;
    Ok(team)
}

/// Refuses user ids that do not exist, naming the field of each.
async fn ensure_users(
    conn: &mut AnyConnection,
    ids: &[(String, UserId)],
) -> Result<(), StoreError> {
    for (field, id) in ids {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE id = $1")
            .bind(id.get())
            .fetch_optional(&mut *conn)
            .await?;
        if found.is_none() {
            return Err(DomainError::invalid(field.clone(), format!("no user has id {id}")).into());
        }
    }
    Ok(())
}

impl Store {
    /// Creates a team with its first members; a name already taken (ignoring case) is a
    /// conflict, an unknown member a refusal naming `members[i].user_id`.
    pub async fn create_team(&self, new: &NewTeam) -> Result<Team, StoreError> {
        let now = self.now();
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM teams WHERE name_key = $1")
            .bind(new.name.key())
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(name_taken(new.name.as_str()));
        }
        let fields: Vec<(String, UserId)> = new
            .members
            .iter()
            .enumerate()
            .map(|(i, (u, _))| (format!("members[{i}].user_id"), *u))
            .collect();
        ensure_users(&mut tx, &fields).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO teams (name, name_key, description, schedule_id, escalation_policy_id, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(new.name.as_str())
        .bind(new.name.key())
        .bind(new.description.as_str())
        .bind(new.schedule_id.map(ScheduleId::get))
        .bind(new.escalation_policy_id.map(EscalationPolicyId::get))
        .bind(to_db(now))
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| unique_as(e, || name_taken(new.name.as_str())))?;
        let id = TeamId::from_db(id);
        for (user_id, role) in &new.members {
            sqlx::query(
                "INSERT INTO team_members (team_id, user_id, role, added_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(id.get())
            .bind(user_id.get())
            .bind(role.as_ref().map(|r| r.as_str().to_string()))
            .bind(to_db(now))
            .execute(&mut *tx)
            .await?;
        }
        crate::response::rules::adopt_team_in(&mut tx, id, new.name.as_str(), to_db(now)).await?;
        let team = team_in(&mut tx, id).await?;
        self.announce_response_change(&mut tx).await?;
        tx.commit().await?;
        self.response_changed();
        Ok(team)
    }

    /// A team with its members.
    pub async fn team(&self, id: TeamId) -> Result<Team, StoreError> {
        team_in(&mut *self.reader().await?, id).await
    }

    /// Teams by id after `after`, at most `limit`, with their members.
    pub async fn list_teams(&self, after: TeamId, limit: i64) -> Result<Vec<Team>, StoreError> {
        let mut conn = self.reader().await?;
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM teams WHERE id > $1 ORDER BY id LIMIT $2"
        ))
        .bind(after.get())
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
        let mut teams = rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
        load_members(&mut conn, &mut teams).await?;
        Ok(teams)
    }

    /// Changes a team's name, description, schedule or escalation policy.
    pub async fn update_team(&self, id: TeamId, change: &TeamChange) -> Result<Team, StoreError> {
        let now = self.now();
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        let current = team_in(&mut tx, id).await?;
        if let Some(name) = &change.name {
            let taken: Option<i64> =
                sqlx::query_scalar("SELECT id FROM teams WHERE name_key = $1 AND id <> $2")
                    .bind(name.key())
                    .bind(id.get())
                    .fetch_optional(&mut *tx)
                    .await?;
            if taken.is_some() {
                return Err(name_taken(name.as_str()));
            }
        }
        let name = change.name.as_ref().map(|n| n.as_str().to_string());
        let name = name.unwrap_or(current.name);
        let description = change.description.as_ref().map(|d| d.as_str().to_string());
        sqlx::query(
            "UPDATE teams SET name = $1, name_key = $2, description = $3, schedule_id = $4, escalation_policy_id = $5, updated_at = $6 WHERE id = $7",
        )
        .bind(&name)
        .bind(name.to_lowercase())
        .bind(description.unwrap_or(current.description))
        .bind(change.schedule_id.unwrap_or(current.schedule_id).map(ScheduleId::get))
        .bind(
            change
                .escalation_policy_id
                .unwrap_or(current.escalation_policy_id)
                .map(EscalationPolicyId::get),
        )
        .bind(to_db(now))
        .bind(id.get())
        .execute(&mut *tx)
        .await
        .map_err(|e| unique_as(e, || name_taken(&name)))?;
        if change.name.is_some() {
            crate::response::rules::adopt_team_in(&mut tx, id, &name, to_db(now)).await?;
        }
        let team = team_in(&mut tx, id).await?;
        self.announce_response_change(&mut tx).await?;
        tx.commit().await?;
        self.response_changed();
        Ok(team)
    }

    /// Deletes a team, its memberships and subscriptions, and subscriptions following it. A
    /// team that owns services is kept: the conflict names them, so they can be moved to
    /// another team or deleted first.
    pub async fn delete_team(&self, id: TeamId) -> Result<(), StoreError> {
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        let team = team_in(&mut tx, id).await?;
        let owned: Vec<String> =
            sqlx::query_scalar("SELECT name FROM services WHERE team_id = $1 ORDER BY name")
                .bind(id.get())
                .fetch_all(&mut *tx)
                .await?;
        if !owned.is_empty() {
            return Err(StoreError::TeamOwnsServices {
                team: team.name,
                services: owned,
            });
        }
        sqlx::query("DELETE FROM team_members WHERE team_id = $1")
            .bind(id.get())
            .execute(&mut *tx)
            .await?;
        // What the team followed, and who followed the team, go with it.
        sqlx::query("DELETE FROM team_subscriptions WHERE team_id = $1")
            .bind(id.get())
            .execute(&mut *tx)
            .await?;
        crate::subscriptions::forget_followers_of(
            &mut tx,
            &goldseam_core::SubscriptionTarget::Team(id),
        )
        .await?;
        sqlx::query("DELETE FROM teams WHERE id = $1")
            .bind(id.get())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Maps a unique violation (a concurrent insert that won the race) to `conflict`.
pub(super) fn unique_as(e: sqlx::Error, conflict: impl FnOnce() -> StoreError) -> StoreError {
    let e = StoreError::from(e);
    if e.is_unique_violation() {
        conflict()
    } else {
        e
    }
}
