//! What admins set for every postmortem (the template of each incident type, the taxonomy of
//! contributing factors) and the list of postmortems across incidents.

use crate::auth::Auth;
use crate::error::{ApiError, Problem, Refusals};
use crate::json::ApiJson;
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::Json;
use goldseam_core::postmortem::{
    validate_categories, validate_template, FactorCategory, ReviewState, TemplateSection,
};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One section of a template.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateSectionDto {
    /// Stable key: lowercase letters, digits and `_` (`summary`, `timeline`...). `timeline` is
    /// filled with the incident's pinned events and key transitions.
    pub key: String,
    /// The heading.
    pub title: String,
    /// What to write there, shown while the section is empty.
    pub help: String,
}

/// A postmortem template.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateDto {
    /// The sections, in order.
    pub sections: Vec<TemplateSectionDto>,
    /// Whether admins edited it (false: the default template). Ignored when sent.
    #[serde(default)]
    pub customized: bool,
}

fn to_core(sections: Vec<TemplateSectionDto>) -> Vec<TemplateSection> {
    sections
        .into_iter()
        .map(|s| TemplateSection {
            key: s.key,
            title: s.title,
            help: s.help,
        })
        .collect()
}

fn to_dto(sections: Vec<TemplateSection>, customized: bool) -> TemplateDto {
    TemplateDto {
        sections: sections
            .into_iter()
            .map(|s| TemplateSectionDto {
                key: s.key,
                title: s.title,
                help: s.help,
            })
            .collect(),
        customized,
    }
}

/// Refuses with every problem a validator found, each with its field path.
fn every_problem(errors: Vec<goldseam_core::DomainError>) -> Result<(), ApiError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Refusals::from(errors).into())
    }
}

/// The postmortem template of an incident type.
#[utoipa::path(get, operation_id = "show_postmortem_template", path = "/api/v1/postmortem-templates/{type}", tag = "postmortems",
    params(("type" = String, Path, description = "Incident type key")),
    responses((status = 200, body = TemplateDto), (status = 422, body = Problem, description = "No such incident type")))]
pub async fn show_template(
    State(state): State<AppState>,
    _auth: Auth,
    Path(kind): Path<String>,
) -> Result<Json<TemplateDto>, ApiError> {
    let (sections, customized) = state.store.postmortem_template(&kind).await?;
    Ok(Json(to_dto(sections, customized)))
}

/// Replaces the postmortem template of an incident type (admins). New postmortems use it;
/// open ones keep what they were seeded with.
#[utoipa::path(put, operation_id = "put_postmortem_template", path = "/api/v1/postmortem-templates/{type}", tag = "postmortems",
    params(("type" = String, Path, description = "Incident type key")), request_body = TemplateDto,
    responses((status = 200, body = TemplateDto), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn put_template(
    State(state): State<AppState>,
    auth: Auth,
    Path(kind): Path<String>,
    body: ApiJson<TemplateDto>,
) -> Result<Json<TemplateDto>, ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    let sections = to_core(body.value.sections);
    every_problem(validate_template(&sections))?;
    state
        .store
        .set_postmortem_template(&auth.actor(), &kind, &sections)
        .await?;
    Ok(Json(to_dto(sections, true)))
}

/// A category of contributing factor.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FactorCategoryDto {
    /// Stable key, as factor blocks in documents hold it.
    pub key: String,
    /// Its name.
    pub name: String,
    /// When to pick it.
    pub description: String,
}

/// The taxonomy of contributing factors.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FactorCategoriesDto {
    /// The categories, in the order the editor offers them.
    pub categories: Vec<FactorCategoryDto>,
}

fn categories_dto(categories: Vec<FactorCategory>) -> FactorCategoriesDto {
    FactorCategoriesDto {
        categories: categories
            .into_iter()
            .map(|c| FactorCategoryDto {
                key: c.key,
                name: c.name,
                description: c.description,
            })
            .collect(),
    }
}

/// The taxonomy contributing factors are counted by.
#[utoipa::path(get, operation_id = "list_factor_categories", path = "/api/v1/postmortem-factor-categories", tag = "postmortems",
    responses((status = 200, body = FactorCategoriesDto)))]
pub async fn categories(
    State(state): State<AppState>,
    _auth: Auth,
) -> Result<Json<FactorCategoriesDto>, ApiError> {
    Ok(Json(categories_dto(state.store.factor_categories().await?)))
}

/// Replaces the taxonomy (admins). Documents keep the keys they hold; a removed key shows as
/// itself.
#[utoipa::path(put, operation_id = "put_factor_categories", path = "/api/v1/postmortem-factor-categories", tag = "postmortems",
    request_body = FactorCategoriesDto,
    responses((status = 200, body = FactorCategoriesDto), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn put_categories(
    State(state): State<AppState>,
    auth: Auth,
    body: ApiJson<FactorCategoriesDto>,
) -> Result<Json<FactorCategoriesDto>, ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    let categories: Vec<FactorCategory> = body
        .value
        .categories
        .into_iter()
        .map(|c| FactorCategory {
            key: c.key,
            name: c.name,
            description: c.description,
        })
        .collect();
    every_problem(validate_categories(&categories))?;
    state
        .store
        .set_factor_categories(&auth.actor(), &categories)
        .await?;
    Ok(Json(categories_dto(categories)))
}

/// Which postmortems to list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only those in this state: draft, in_review, changes_requested, approved or published.
    pub state: Option<String>,
}

/// One postmortem in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct PostmortemListItemDto {
    /// The incident's reference.
    pub reference: String,
    /// The incident's title.
    pub title: String,
    /// The incident's severity.
    pub severity: String,
    /// Where the postmortem is in its review.
    #[schema(value_type = String)]
    pub state: ReviewState,
    /// Its version.
    pub version: i64,
    /// The incident manager, who owns the write-up.
    pub owner: Option<String>,
    /// When it opened.
    pub opened_at: Timestamp,
    /// When its state last changed.
    pub updated_at: Timestamp,
}

/// The postmortems you may see, most recently changed first (at most 200).
#[utoipa::path(get, operation_id = "list_postmortems", path = "/api/v1/postmortems", tag = "postmortems", params(ListQuery),
    responses((status = 200, body = Vec<PostmortemListItemDto>), (status = 422, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<PostmortemListItemDto>>, ApiError> {
    const STATES: [ReviewState; 5] = [
        ReviewState::Draft,
        ReviewState::InReview,
        ReviewState::ChangesRequested,
        ReviewState::Approved,
        ReviewState::Published,
    ];
    let wanted = match q.state.as_deref() {
        None => None,
        Some(s) => Some(
            STATES
                .into_iter()
                .find(|st| st.as_str() == s)
                .ok_or_else(|| {
                    let mut e =
                        ApiError::invalid("state", format!("{s} is not a postmortem state"));
                    e.0.valid = STATES.iter().map(|st| st.as_str().to_string()).collect();
                    e
                })?,
        ),
    };
    let items = state.store.list_postmortems(&auth.actor(), wanted).await?;
    Ok(Json(
        items
            .into_iter()
            .map(|i| PostmortemListItemDto {
                reference: i.incident_id.reference(),
                title: i.title,
                severity: i.severity,
                state: i.state,
                version: i.version,
                owner: i.owner,
                opened_at: i.opened_at,
                updated_at: i.updated_at,
            })
            .collect(),
    ))
}
