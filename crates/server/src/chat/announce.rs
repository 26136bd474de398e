//! The company-wide announcement: one post per incident per announcement channel, edited in
//! place. A change only marks the post due (`want`); the loop here edits due posts with the
//! incident as it is then, no sooner than two seconds after the last edit, so a burst of
//! changes makes few edits and the last state wins. A private incident is never announced,
//! and one made private loses the posts it had (where the platform can delete them; Teams
//! cannot, and then says nothing more about it).

use super::follow::ActError;
use super::{pause, Ctx};
use goldseam_core::chat::announce::AnnouncementRoutes;
use goldseam_core::chat::card::{announcement, channel_card, AnnouncementFacts, Card};
use goldseam_core::chat::settings::ChatSettings;
use goldseam_core::{Actor, IncidentId, IncidentState};
use goldseam_integrations::chat::api::{ChatApi, ChatError, Outgoing};
use goldseam_store::chat::Announcement;
use jiff::SignedDuration;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// Marks the incident's posts due: in the channel its severity routes to now, and in every
/// channel it was announced in before (to edit them, or remove them if it became private).
pub(super) async fn want<A: ChatApi>(
    ctx: &Ctx<A>,
    settings: &ChatSettings,
    r: IncidentId,
) -> Result<(), ActError> {
    let platform = ctx.platform();
    let state = ctx.store.incident(&Actor::GOLDSEAM, r).await?;
    let mut channels: Vec<String> = ctx
        .store
        .chat_announcements_of(platform, r)
        .await?
        .into_iter()
        .map(|a| a.channel_id)
        .collect();
    // A platform with one fixed destination (a Teams webhook) takes every announcement there;
    // the routes keep the rule that private incidents go nowhere.
    let routes = match ctx.api.announcement_destination() {
        Some(fixed) => AnnouncementRoutes {
            default_channel: Some(fixed.to_string()),
            per_severity: Default::default(),
        },
        None => settings.routes(),
    };
    if let Some(c) = routes.channel_for(&state) {
        channels.push(c.to_string());
    }
    channels.sort();
    channels.dedup();
    for c in &channels {
        ctx.store.want_chat_announcement(platform, r, c).await?;
    }
    if !channels.is_empty() {
        ctx.announcements.notify_one();
    }
    Ok(())
}

pub(super) async fn run<A: ChatApi>(ctx: Arc<Ctx<A>>, mut stopped: watch::Receiver<bool>) {
    loop {
        let wait = if ctx.leads() {
            match step(&ctx).await {
                Ok(next) => next,
                Err(e) => {
                    tracing::warn!(error = %e, "chat: announcements failed");
                    Duration::from_secs(1)
                }
            }
        } else {
            Duration::from_secs(1)
        };
        if !pause(&ctx.announcements, &mut stopped, wait).await {
            return;
        }
    }
}

/// Sends every due post; returns how long until the next is due.
async fn step<A: ChatApi>(ctx: &Ctx<A>) -> Result<Duration, goldseam_store::StoreError> {
    let platform = ctx.platform();
    let now = ctx.store.now();
    let (due, next) = ctx.store.due_chat_announcements(platform, now, 50).await?;
    for a in &due {
        if let Err(e) = send(ctx, a).await {
            let after = match e {
                ChatError::Limited(after) => after,
                _ => Duration::from_secs(5),
            };
            tracing::info!(incident = %a.incident_id, error = %e, "chat: announcement put off");
            let at = ctx.store.now() + SignedDuration::try_from(after).unwrap_or_default();
            ctx.store.delay_chat_announcement(platform, a, at).await?;
        }
    }
    let until = next
        .map(|n| n.duration_since(ctx.store.now()))
        .and_then(|d| Duration::try_from(d).ok())
        .unwrap_or(Duration::from_secs(1));
    Ok(if due.len() == 50 {
        Duration::ZERO
    } else {
        until.min(Duration::from_secs(1))
    })
}

/// Posts, edits or removes one announcement so it shows the incident as it is.
async fn send<A: ChatApi>(ctx: &Ctx<A>, a: &Announcement) -> Result<(), ChatError> {
    let platform = ctx.platform();
    let store = |e: goldseam_store::StoreError| ChatError::Unavailable(format!("store: {e}"));
    let state = ctx
        .store
        .incident(&Actor::GOLDSEAM, a.incident_id)
        .await
        .map_err(store)?;
    // The incident's card in its own channel is kept up to date the same way, and stays
    // when the incident is private (its channel is private too).
    let own_channel = ctx
        .store
        .chat_channel_of(platform, a.incident_id)
        .await
        .map_err(store)?
        .is_some_and(|c| c.channel_id == a.channel_id);
    if state.private && !own_channel {
        if let Some(ts) = &a.ts {
            ctx.api.delete(&a.channel_id, ts).await?;
        }
        return ctx
            .store
            .chat_announcement_sent(platform, a, None, None, a.ts.is_some())
            .await
            .map_err(store);
    }
    let card = card_for(ctx, &state, own_channel).await.map_err(store)?;
    let rendered = serde_json::to_string(&card).unwrap_or_default();
    let message = Outgoing::card(&a.channel_id, card);
    let (ts, edited) = match &a.ts {
        None => (ctx.api.post(&message).await?, true),
        Some(ts) if a.rendered.as_deref() == Some(rendered.as_str()) => (ts.clone(), false),
        Some(ts) => {
            ctx.api.update(&a.channel_id, ts, &message).await?;
            (ts.clone(), true)
        }
    };
    ctx.store
        .chat_announcement_sent(platform, a, Some(&ts), Some(&rendered), edited)
        .await
        .map_err(store)
}

/// The announcement card, or with `own_channel` the card in the incident's channel: the
/// incident with the names the catalog and users give it.
pub(super) async fn card_for<A: ChatApi>(
    ctx: &Ctx<A>,
    state: &IncidentState,
    own_channel: bool,
) -> Result<Card, goldseam_store::StoreError> {
    let catalog = ctx.store.catalog();
    let severity = catalog
        .severity(state.severity.as_str())
        .map(|s| match s.name.as_str() {
            name if name == s.key.as_str() => name.to_string(),
            name => format!("{} · {name}", s.key.as_str()),
        })
        .unwrap_or_else(|_| state.severity.as_str().to_string());
    let incident_type = catalog
        .incident_type(state.incident_type.as_str())
        .map(|t| t.name.clone())
        .unwrap_or_else(|_| state.incident_type.as_str().to_string());
    let mut roles = Vec::new();
    for kind in &catalog.roles {
        for holder in state.roles.iter().filter(|h| h.role == kind.key) {
            let name = match ctx.store.user(holder.user_id).await {
                Ok(u) => u.name,
                Err(_) => "someone".into(),
            };
            roles.push((kind.name.clone(), name));
        }
    }
    let channel = ctx
        .store
        .chat_channel_of(ctx.platform(), state.id)
        .await?
        .map(|c| ctx.api.channel_mention(&c.channel_id));
    let facts = AnnouncementFacts {
        severity,
        incident_type,
        roles,
        link: ctx.link(state.id),
        channel,
    };
    Ok(if own_channel {
        channel_card(state, &facts)
    } else {
        announcement(state, &facts)
    })
}
