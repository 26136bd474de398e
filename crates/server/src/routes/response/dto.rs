//! The wire shapes of escalation policies, response rules and the preview.

use goldseam_core::{ScheduleId, ServiceId, TeamId, UserId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Something referred to by id, with its name when it exists.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Named {
    /// Its id.
    pub id: i64,
    /// Its name; null if it was deleted since.
    pub name: Option<String>,
}

/// A target in a request.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetRequest {
    /// `user`, `schedule` (whoever is on call), `team` (its on-call) or `policy` (hand over).
    #[serde(rename = "type")]
    pub kind: String,
    /// The id of that user, schedule, team or policy.
    pub id: i64,
}

/// A target as stored.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TargetDto {
    /// `user`, `schedule`, `team` or `policy`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Its id.
    pub id: i64,
    /// Its name; null if it was deleted since.
    pub name: Option<String>,
}

/// One level in a request.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelRequest {
    /// Minutes after the previous level (after the page starts, for the first); 0 to 1,440.
    pub delay_minutes: i64,
    /// Who this level notifies.
    pub targets: Vec<TargetRequest>,
}

/// One level.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LevelDto {
    /// Minutes after the previous level.
    pub delay_minutes: i64,
    /// Who it notifies.
    pub targets: Vec<TargetDto>,
}

/// A new or changed escalation policy.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyRequest {
    /// A name people recognise, unique.
    pub name: String,
    /// The levels, in order.
    pub levels: Vec<LevelRequest>,
    /// How many more times the levels run if nobody acknowledges (0 to 9, default 0).
    pub repeat: Option<u32>,
    /// Minutes between the last level and the next pass (default 30).
    pub repeat_after_minutes: Option<i64>,
}

/// An escalation policy.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PolicyDto {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Levels, in order.
    pub levels: Vec<LevelDto>,
    /// Extra passes.
    pub repeat: u32,
    /// Minutes between passes.
    pub repeat_after_minutes: i64,
}

/// When a rule applies; empty lists match everything.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ConditionsDto {
    /// Any of these incident types.
    pub types: Vec<String>,
    /// This severity or a more severe one.
    pub min_severity: Option<String>,
    /// Any of these service ids.
    #[schema(value_type = Vec<i64>)]
    pub services: Vec<ServiceId>,
    /// Any of these tags.
    pub tags: Vec<String>,
}

/// What a rule does.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ActionsDto {
    /// Team ids whose on-call people are paged.
    #[schema(value_type = Vec<i64>)]
    pub page_teams: Vec<TeamId>,
    /// User ids added as responders and paged.
    #[schema(value_type = Vec<i64>)]
    pub responders: Vec<UserId>,
    /// Team ids informed as stakeholders.
    #[schema(value_type = Vec<i64>)]
    pub inform_teams: Vec<TeamId>,
    /// User ids informed as stakeholders.
    #[schema(value_type = Vec<i64>)]
    pub inform_users: Vec<UserId>,
    /// Make the incident private.
    pub make_private: bool,
    /// Teams named before they exist; each name becomes a team id (in `page_teams` or
    /// `inform_teams`) once a team of that name is created or renamed to it.
    pub awaiting_teams: AwaitingTeamsDto,
    /// `high` (default) or `low`: how urgent the pages this rule causes are.
    pub urgency: Option<String>,
}

/// Team names a rule waits for.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AwaitingTeamsDto {
    /// Teams to page once they exist.
    pub page: Vec<String>,
    /// Teams to inform once they exist.
    pub inform: Vec<String>,
}

/// A new or changed response rule.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseRuleRequest {
    /// A name people recognise.
    pub name: String,
    /// Default true.
    pub enabled: Option<bool>,
    /// When it applies.
    #[serde(default)]
    pub when: ConditionsDto,
    /// What it does.
    #[serde(default)]
    pub then: ActionsDto,
}

/// A response rule.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ResponseRuleDto {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Whether it runs.
    pub enabled: bool,
    /// When it applies.
    pub when: ConditionsDto,
    /// What it does.
    pub then: ActionsDto,
}

/// "What would happen if I declared this?"
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    /// Incident type key; `other` when absent.
    #[serde(rename = "type")]
    pub incident_type: Option<String>,
    /// Severity key.
    pub severity: String,
    /// Service ids.
    #[serde(default)]
    #[schema(value_type = Vec<i64>)]
    pub services: Vec<ServiceId>,
    /// Tags, with or without `#`.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// What declaring such an incident would do.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PreviewDto {
    /// The rules that match, in order.
    pub matched_rules: Vec<Named>,
    /// Teams paged.
    pub page_teams: Vec<Named>,
    /// People added as responders.
    pub responders: Vec<Named>,
    /// Teams informed.
    pub inform_teams: Vec<Named>,
    /// People informed.
    pub inform_users: Vec<Named>,
    /// Whether it becomes private.
    pub private: bool,
    /// `high` or `low`: how urgent the pages are.
    pub urgency: &'static str,
    /// Teams matching rules name that do not exist yet: they would be paged or informed once
    /// created.
    pub awaiting_teams: Vec<String>,
    /// The incident-manager schedule whose on-call person would lead it, if the severity is
    /// high enough.
    pub incident_manager_schedule: Option<Named>,
}

/// Which schedule supplies the incident manager, from which severity up.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentManagerDto {
    /// The incident-manager rotation.
    #[schema(value_type = i64)]
    pub schedule_id: ScheduleId,
    /// Incidents at this severity or a more severe one get the on-call incident manager.
    pub min_severity: String,
}
