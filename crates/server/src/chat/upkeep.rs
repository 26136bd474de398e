//! What the engine does on a clock rather than on an event: archiving incident channels some
//! days after their incident closed, and reminding an incident manager in the channel when an
//! open incident has gone without a status update for its severity's cadence (the same
//! cadence the dashboard flags overdue incidents by). It looks every 30 seconds, and whenever
//! the timeline moves.

use super::{pause, Ctx};
use goldseam_core::chat::reminder::ReminderDue;
use goldseam_core::chat::settings::ChatSettings;
use goldseam_core::role::INCIDENT_MANAGER;
use goldseam_core::Actor;
use goldseam_integrations::chat::api::{ChatApi, Outgoing};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// How often the clock's work is looked at.
const EVERY: Duration = Duration::from_secs(30);

pub(super) async fn run<A: ChatApi>(ctx: Arc<Ctx<A>>, mut stopped: watch::Receiver<bool>) {
    loop {
        if ctx.leads() {
            if let Err(e) = step(&ctx).await {
                tracing::warn!(error = %e, "chat: archiving or reminding failed");
            }
        }
        if !pause(&ctx.upkeep, &mut stopped, EVERY).await {
            return;
        }
    }
}

/// One pass: archive what is due, remind whoever is due.
pub(super) async fn step<A: ChatApi>(ctx: &Ctx<A>) -> Result<(), goldseam_store::StoreError> {
    let platform = ctx.platform();
    let now = ctx.store.now();
    for c in ctx.store.chat_channels_to_archive(platform, now).await? {
        match ctx.api.archive(&c.channel_id).await {
            Ok(()) => {
                ctx.store
                    .chat_channel_archived(platform, c.incident_id)
                    .await?
            }
            Err(e) if e.is_transient() => break,
            Err(e) => {
                tracing::info!(channel = %c.channel_id, error = %e, "chat: a channel could not be archived; left open");
                ctx.store
                    .chat_channel_archived(platform, c.incident_id)
                    .await?;
            }
        }
    }
    let policy = ChatSettings::reminders(&ctx.store.catalog());
    for c in ctx.store.chat_open_channels(platform).await? {
        let state = ctx.store.incident(&Actor::GOLDSEAM, c.incident_id).await?;
        if policy.due(&state, c.reminded_at, now) != ReminderDue::Now {
            continue;
        }
        let minutes = policy
            .minutes
            .get(state.severity.as_str())
            .copied()
            .unwrap_or_default();
        let manager = state
            .roles
            .iter()
            .find(|h| h.role.as_str() == INCIDENT_MANAGER)
            .map(|h| h.user_id);
        let who = match manager {
            Some(u) => match super::people::chat_user_for(ctx, u).await {
                Ok(Some(id)) => ctx.api.user_mention(&id),
                _ => ctx.store.user(u).await.map(|u| u.name).unwrap_or_default(),
            },
            None => "Incident manager (none assigned yet)".to_string(),
        };
        let text = format!(
            "⏰ {who}: no status update for {minutes} minutes. Post one with `/inc update …` or in the room: {}",
            ctx.link(state.id)
        );
        match ctx.api.post(&Outgoing::text(&c.channel_id, text)).await {
            Ok(_) => {
                ctx.store
                    .chat_channel_reminded(platform, c.incident_id, now)
                    .await?
            }
            Err(e) => tracing::info!(error = %e, "chat: a reminder could not be posted"),
        }
    }
    Ok(())
}
