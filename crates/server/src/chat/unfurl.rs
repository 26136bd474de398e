//! Links to incidents, previewed where they were shared. Only this Goldseam's room links are
//! previewed, and only with what anyone may see: the people reading the conversation are not
//! known, whoever posted the link, so a private incident previews as restricted. A link to an
//! incident that does not exist gets no preview.

use super::follow::{platform_failure, ActError};
use super::Ctx;
use goldseam_core::chat::unfurl::{incident_in_link, preview, MAX_LINKS};
use goldseam_core::Actor;
use goldseam_integrations::chat::api::{ChatApi, SharedLinks};
use goldseam_store::StoreError;

/// Previews the incident links among `links`.
pub(super) async fn shared<A: ChatApi>(
    ctx: &Ctx<A>,
    place: &SharedLinks,
    links: &[String],
) -> Result<String, ActError> {
    let catalog = ctx.store.catalog();
    let mut previews = Vec::new();
    let mut seen = Vec::new();
    for url in links {
        if previews.len() == MAX_LINKS {
            break;
        }
        let Some(id) = incident_in_link(&ctx.public_url, url) else {
            continue;
        };
        if seen.contains(url) {
            continue;
        }
        seen.push(url.clone());
        // Goldseam reads the incident itself; what the preview may show is decided by the
        // policy for a reader with no access beyond everyone's (`preview`).
        let state = match ctx.store.incident(&Actor::GOLDSEAM, id).await {
            Ok(s) => s,
            Err(StoreError::NotFound(_)) => continue,
            Err(e) => return Err(e.into()),
        };
        previews.push((url.clone(), preview(&state, &ctx.link(id), &catalog)));
    }
    if previews.is_empty() {
        return Ok("no incident links".into());
    }
    match ctx.api.unfurl(place, &previews).await {
        Ok(()) => Ok(format!("unfurled {}", previews.len())),
        Err(e) => {
            platform_failure("unfurling links", e)?;
            Ok("unfurl refused".into())
        }
    }
}
