//! A published version as its readers read it: the whole document or its executive summary, as
//! Markdown (the text part, Slack, webhooks) and HTML (the email's HTML part, the reading page).
//! Everything rendered goes through core's whitelist renderers, so nothing a writer typed can
//! reach an inbox as markup.

use crate::{Store, StoreError};
use goldseam_core::postmortem::distribution::{summary_blocks, Rendering, SUMMARY_SECTION_KEYS};
use goldseam_core::postmortem::document::{
    load, read_document, render_html, render_markdown, sections, Block, FollowUpNote,
    RenderContext, Section,
};
use goldseam_core::postmortem::ReviewState;
use goldseam_core::{Actor, IncidentState};
use jiff::tz::TimeZone;

/// The stored name of a rendering.
pub(crate) fn rendering_name(r: Rendering) -> &'static str {
    match r {
        Rendering::Full => "full",
        Rendering::Summary => "summary",
    }
}

/// A rendering from its stored name.
pub(crate) fn parse_rendering(s: &str) -> Result<Rendering, StoreError> {
    match s {
        "full" => Ok(Rendering::Full),
        "summary" => Ok(Rendering::Summary),
        other => Err(StoreError::Corrupt(format!("postmortem rendering {other}"))),
    }
}

/// One rendering of a version.
#[derive(Debug, Clone)]
pub(crate) struct Rendered {
    pub markdown: String,
    pub html: String,
}

/// A version's blocks with what rendering them needs.
pub(crate) struct VersionDocument {
    pub blocks: Vec<Block>,
    pub ctx: RenderContext,
    summary_titles: Vec<String>,
}

impl VersionDocument {
    /// The whole document or its executive summary.
    pub fn render(&self, rendering: Rendering) -> Rendered {
        let blocks = match rendering {
            Rendering::Full => self.blocks.clone(),
            Rendering::Summary => summary_blocks(&self.blocks, &self.summary_titles),
        };
        Rendered {
            markdown: render_markdown(&blocks, &self.ctx),
            html: render_html(&blocks, &self.ctx),
        }
    }

    /// Its sections, for describing an amendment.
    pub fn sections(&self) -> Vec<Section> {
        sections(&self.blocks, &self.ctx)
    }
}

impl Store {
    /// Published version `version` of the postmortem of `incident`, with times shown in `zone`.
    /// A version published but not frozen yet (the freeze follows the event) is frozen here:
    /// the document cannot change while it is published, so both freezes are the same.
    pub(crate) async fn version_document(
        &self,
        incident: &IncidentState,
        version: i64,
        zone: TimeZone,
    ) -> Result<VersionDocument, StoreError> {
        let r = incident.id;
        let god = Actor::GOLDSEAM;
        let mut bytes = self.postmortem_version(&god, r, version).await?;
        if bytes.is_none() {
            let pm = self.postmortem(&god, r).await?;
            if pm.is_some_and(|p| p.state == ReviewState::Published && p.version == version) {
                self.freeze_version(r, version, None).await?;
                bytes = self.postmortem_version(&god, r, version).await?;
            }
        }
        let bytes = bytes.ok_or_else(|| {
            StoreError::NotFound(format!(
                "version {version} of the postmortem of {}",
                r.reference()
            ))
        })?;
        let doc = load(&[bytes.as_slice()])
            .map_err(|e| StoreError::Corrupt(format!("postmortem {}: {e}", r.reference())))?;
        let follow_ups = self
            .incident_follow_ups(&god, r)
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
        let (template, _) = self
            .postmortem_template(incident.incident_type.as_str())
            .await?;
        let summary_titles = SUMMARY_SECTION_KEYS
            .iter()
            .filter_map(|key| template.iter().find(|s| s.key == *key))
            .map(|s| s.title.clone())
            .collect();
        Ok(VersionDocument {
            blocks: read_document(&doc),
            ctx: RenderContext {
                zone,
                categories: self.factor_categories().await?,
                follow_ups,
            },
            summary_titles,
        })
    }
}
