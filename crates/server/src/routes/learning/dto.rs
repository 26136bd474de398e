//! The learning flow on the wire.

use crate::error::ApiError;
use crate::state::AppState;
use goldseam_core::learning::{LearningPolicy, LearningRule, Step};
use goldseam_store::learning::Checklist;
use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The learning policy.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LearningPolicyDto {
    /// The rules; the first matching an incident's severity and type applies (at most 20).
    pub rules: Vec<LearningRule>,
    /// Whether an admin saved it (false: the default). Ignored when sent.
    #[serde(default)]
    pub customized: bool,
}

impl LearningPolicyDto {
    pub(crate) fn of(p: LearningPolicy, customized: bool) -> LearningPolicyDto {
        LearningPolicyDto {
            rules: p.rules,
            customized,
        }
    }
}

/// A waiver.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WaiverRequest {
    /// The step: drafted, reviewed, meeting_held, follow_ups_committed, published or distributed.
    pub step: String,
    /// Why the incident does not owe it (up to 500 characters), shown on the timeline.
    pub reason: String,
}

/// Who waived a step, and why.
#[derive(Debug, Serialize, ToSchema)]
pub struct WaiverDto {
    pub by: Option<String>,
    pub reason: String,
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
}

/// One step of the checklist.
#[derive(Debug, Serialize, ToSchema)]
pub struct StepDto {
    pub step: Step,
    /// How people read it ("Postmortem reviewed").
    pub label: String,
    /// The role that owns it.
    pub owner_role: String,
    /// Its holder now (the incident manager when nobody holds the role); null when nobody does.
    pub owner: Option<OwnerDto>,
    /// The day it is due in its owner's zone; null until the incident is resolved.
    #[schema(value_type = Option<String>, format = Date)]
    pub due_on: Option<Date>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub done_at: Option<Timestamp>,
    pub waived: Option<WaiverDto>,
    pub overdue: bool,
}

/// A step's owner.
#[derive(Debug, Serialize, ToSchema)]
pub struct OwnerDto {
    pub user_id: i64,
    pub name: String,
}

/// What an incident owes before it may close.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChecklistDto {
    /// The rule it follows; null when it owes nothing.
    pub rule: Option<String>,
    pub steps: Vec<StepDto>,
    /// Whether every step is done or waived (closing is allowed).
    pub complete: bool,
}

impl ChecklistDto {
    pub(crate) async fn of(
        state: &AppState,
        list: Option<Checklist>,
    ) -> Result<ChecklistDto, ApiError> {
        let Some(list) = list else {
            return Ok(ChecklistDto {
                rule: None,
                steps: Vec::new(),
                complete: true,
            });
        };
        let mut steps = Vec::with_capacity(list.steps.len());
        for s in list.steps {
            let owner = match s.owner {
                Some(u) => Some(OwnerDto {
                    user_id: u.get(),
                    name: state.store.user(u).await?.name,
                }),
                None => None,
            };
            let waived = match s.waived {
                Some(w) => Some(WaiverDto {
                    by: match w.by {
                        Some(u) => Some(state.store.user(u).await?.name),
                        None => None,
                    },
                    reason: w.reason,
                    at: w.at,
                }),
                None => None,
            };
            steps.push(StepDto {
                step: s.step,
                label: s.step.label().into(),
                owner_role: s.owner_role,
                owner,
                due_on: s.due_on,
                done_at: s.done_at,
                waived,
                overdue: s.overdue,
            });
        }
        let complete = steps
            .iter()
            .all(|s| s.done_at.is_some() || s.waived.is_some());
        Ok(ChecklistDto {
            rule: Some(list.rule),
            steps,
            complete,
        })
    }
}

/// A team, by id and name.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamRefDto {
    pub id: i64,
    pub name: String,
}

/// An overdue step.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueStepDto {
    pub reference: String,
    pub title: String,
    pub severity: String,
    pub step: Step,
    pub label: String,
    #[schema(value_type = String, format = Date)]
    pub due_on: Date,
    pub owner: Option<OwnerDto>,
}

/// An overdue follow-up.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueFollowUpDto {
    pub id: i64,
    pub title: String,
    pub reference: String,
    #[schema(value_type = String, format = Date)]
    pub due_on: Date,
    pub owner: Option<OwnerDto>,
}

/// One team's overdue learning.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamDueDto {
    /// Null for incidents and follow-ups with no team.
    pub team: Option<TeamRefDto>,
    pub steps: Vec<DueStepDto>,
    pub follow_ups: Vec<DueFollowUpDto>,
}

/// What is overdue, by team (teams by name; no team last).
#[derive(Debug, Serialize, ToSchema)]
pub struct LearningDueDto {
    pub teams: Vec<TeamDueDto>,
}

impl LearningDueDto {
    pub(crate) async fn of(
        state: &AppState,
        teams: Vec<goldseam_store::learning::TeamDue>,
    ) -> Result<LearningDueDto, ApiError> {
        let mut out = Vec::with_capacity(teams.len());
        for t in teams {
            let mut steps = Vec::with_capacity(t.steps.len());
            for (incident, s) in t.steps {
                let Some(due_on) = s.due_on else { continue };
                let owner = match s.owner {
                    Some(u) => Some(OwnerDto {
                        user_id: u.get(),
                        name: state.store.user(u).await?.name,
                    }),
                    None => None,
                };
                steps.push(DueStepDto {
                    reference: incident.id.reference(),
                    title: incident.title.clone(),
                    severity: incident.severity.to_string(),
                    step: s.step,
                    label: s.step.label().into(),
                    due_on,
                    owner,
                });
            }
            let follow_ups = t
                .follow_ups
                .into_iter()
                .filter_map(|f| {
                    Some(DueFollowUpDto {
                        id: f.id.get(),
                        title: f.title,
                        reference: f.incident.id.reference(),
                        due_on: f.due_on?,
                        owner: f.owner.map(|(u, name)| OwnerDto {
                            user_id: u.get(),
                            name,
                        }),
                    })
                })
                .collect();
            out.push(TeamDueDto {
                team: t.team.map(|(id, name)| TeamRefDto { id: id.get(), name }),
                steps,
                follow_ups,
            });
        }
        Ok(LearningDueDto { teams: out })
    }
}

/// An answer about how the response went.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackRequest {
    /// From 1 (very badly) to 5 (very well).
    pub score: i64,
    /// Anything else (up to 2,000 characters).
    pub comment: Option<String>,
}

/// Your answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackDto {
    pub score: u8,
    pub comment: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub submitted_at: Timestamp,
}

impl From<goldseam_store::learning::StoredFeedback> for FeedbackDto {
    fn from(s: goldseam_store::learning::StoredFeedback) -> FeedbackDto {
        FeedbackDto {
            score: s.feedback.score,
            comment: s.feedback.comment,
            submitted_at: s.submitted_at,
        }
    }
}

/// One team's answers, summed up.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamFeedbackDto {
    pub team: Option<TeamRefDto>,
    pub responses: usize,
    pub average: Option<f64>,
    /// How many answered 1, 2, 3, 4 and 5.
    pub scores: [usize; 5],
    /// Newest first, without names or incidents.
    pub comments: Vec<String>,
}

/// Answers per team.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackSummaryDto {
    pub teams: Vec<TeamFeedbackDto>,
}

impl FeedbackSummaryDto {
    pub(crate) fn of(
        teams: Vec<(
            Option<(goldseam_core::TeamId, String)>,
            goldseam_core::learning::FeedbackSummary,
        )>,
    ) -> FeedbackSummaryDto {
        FeedbackSummaryDto {
            teams: teams
                .into_iter()
                .map(|(team, s)| TeamFeedbackDto {
                    team: team.map(|(id, name)| TeamRefDto { id: id.get(), name }),
                    responses: s.responses,
                    average: s.average,
                    scores: s.scores,
                    comments: s.comments,
                })
                .collect(),
        }
    }
}
