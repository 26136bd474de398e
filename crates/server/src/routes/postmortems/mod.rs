//! Postmortems over HTTP: the postmortem of an incident (open, read, review moves), its exports
//! and versions, its comment threads, the list across incidents, the templates and the factor
//! taxonomy admins edit, and the live document's WebSocket (`sync`, the Yjs protocol).

pub mod document;
pub mod settings;
pub mod sync;
pub mod threads;

use crate::auth::Auth;
use crate::error::ApiError;
use crate::state::AppState;
use goldseam_core::postmortem::document::{load, read_document, FollowUpNote, RenderContext};
use goldseam_core::postmortem::document::{Block, Section};
use goldseam_core::postmortem::ReviewState;
use goldseam_core::IncidentId;
use goldseam_store::postmortems::Postmortem;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A reviewer and what they said.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewerDto {
    /// The person's id.
    pub user_id: i64,
    /// Their name.
    pub name: String,
    /// `approved` or `changes_requested`; null while they have not said.
    pub verdict: Option<String>,
}

/// A postmortem: where it is in its review, and its document cut into sections.
#[derive(Debug, Serialize, ToSchema)]
pub struct PostmortemDto {
    /// The incident's reference, `INC-42`.
    pub reference: String,
    /// draft, in_review, changes_requested, approved or published.
    #[schema(value_type = String)]
    pub state: ReviewState,
    /// 1 until it is amended after publishing.
    pub version: i64,
    /// The reviewers of the current round.
    pub reviewers: Vec<ReviewerDto>,
    /// Comment threads not resolved yet (publishing waits for them).
    pub open_threads: i64,
    /// Whether the caller may change the document now (not a viewer, not while published).
    pub can_edit: bool,
    /// The document's sections (cut at its level-2 headings), as Markdown.
    pub sections: Vec<Section>,
    /// When it opened.
    pub opened_at: Timestamp,
    /// When its review state last changed.
    pub updated_at: Timestamp,
    /// When the current version was published.
    pub published_at: Option<Timestamp>,
}

/// Which zone a rendering shows times in: `zone` if given, else the reader's profile zone.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ZoneQuery {
    /// An IANA time zone such as `Europe/Paris` (default: your profile's zone, else UTC).
    pub zone: Option<String>,
}

/// What renderings of `r`'s postmortem need: the reader's zone, the taxonomy's names and the
/// incident's follow-ups as they stand (as the reader may see them).
pub(crate) async fn render_context(
    state: &AppState,
    auth: &Auth,
    r: IncidentId,
    zone: Option<&str>,
) -> Result<RenderContext, ApiError> {
    let zone = match zone {
        Some(name) => jiff::tz::TimeZone::get(name).map_err(|_| {
            ApiError::invalid(
                "zone",
                format!("{name} is not an IANA time zone such as Europe/Paris"),
            )
        })?,
        None => {
            let profile = state.store.profile(auth.user.id).await?;
            profile
                .time_zone
                .and_then(|z| jiff::tz::TimeZone::get(z.as_str()).ok())
                .unwrap_or(jiff::tz::TimeZone::UTC)
        }
    };
    let follow_ups = state
        .store
        .incident_follow_ups(&auth.actor(), r)
        .await?
        .into_iter()
        .map(|f| {
            let note = FollowUpNote {
                title: f.title,
                status: f.status,
                owner: f.owner.map(|(_, name)| name),
                due_on: f.due_on,
            };
            (f.id.get(), note)
        })
        .collect();
    Ok(RenderContext {
        zone,
        categories: state.store.factor_categories().await?,
        follow_ups,
    })
}

/// The blocks of a stored document (the whole current one).
pub(crate) async fn current_blocks(
    state: &AppState,
    r: IncidentId,
) -> Result<Vec<Block>, ApiError> {
    let stored = state.store.postmortem_document(r).await?;
    blocks_of(&stored.updates)
}

/// The blocks of a document made of these updates.
pub(crate) fn blocks_of(updates: &[Vec<u8>]) -> Result<Vec<Block>, ApiError> {
    let slices: Vec<&[u8]> = updates.iter().map(Vec::as_slice).collect();
    let doc = load(&slices).map_err(|e| {
        ApiError::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("the stored document cannot be read: {e}"),
        )
    })?;
    Ok(read_document(&doc))
}

/// Whether `auth` may change the document of `pm` now.
pub(crate) fn can_edit(auth: &Auth, pm: &Postmortem) -> bool {
    goldseam_core::policy::ensure_can_write(&auth.actor()).is_ok()
        && pm.state != ReviewState::Published
}

pub(crate) async fn dto(
    state: &AppState,
    auth: &Auth,
    pm: Postmortem,
) -> Result<PostmortemDto, ApiError> {
    let ctx = render_context(state, auth, pm.incident_id, None).await?;
    let blocks = current_blocks(state, pm.incident_id).await?;
    Ok(PostmortemDto {
        reference: pm.incident_id.reference(),
        state: pm.state,
        version: pm.version,
        can_edit: can_edit(auth, &pm),
        reviewers: pm
            .reviewers
            .into_iter()
            .map(|r| ReviewerDto {
                user_id: r.user_id.get(),
                name: r.name,
                verdict: r.verdict,
            })
            .collect(),
        open_threads: pm.open_threads,
        sections: goldseam_core::postmortem::document::sections(&blocks, &ctx),
        opened_at: pm.opened_at,
        updated_at: pm.updated_at,
        published_at: pm.published_at,
    })
}
