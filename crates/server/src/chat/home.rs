//! The app's home (Slack's App Home tab), published afresh each time a person opens it: their
//! open incidents, as the incidents API would list them for them (only those they may see),
//! and who is on call now in each schedule. Someone whose email no Goldseam account has is
//! told so there instead.

use super::follow::{platform_failure, ActError};
use super::{people, Ctx};
use goldseam_core::chat::home::{
    home, no_account_home, HomeFacts, HomeView, OnCallNow, MAX_INCIDENTS, MAX_SCHEDULES,
};
use goldseam_core::{Actor, ScheduleId, Status};
use goldseam_integrations::chat::api::ChatApi;
use goldseam_store::incidents::IncidentFilter;
use goldseam_store::users::User;
use goldseam_store::StoreError;
use std::collections::HashMap;

/// `user` opened the app's home: publishes it as it is now.
pub(super) async fn opened<A: ChatApi>(ctx: &Ctx<A>, user: &str) -> Result<String, ActError> {
    let (view, outcome) = match people::goldseam_user(ctx, user).await? {
        Ok(account) => (view_for(ctx, &account).await?, "home published"),
        Err(person) => (
            no_account_home(person.email.as_deref(), &ctx.public_url),
            "home published: no account",
        ),
    };
    match ctx.api.publish_home(user, &view).await {
        Ok(()) => Ok(outcome.into()),
        Err(e) => {
            platform_failure("publishing a home", e)?;
            Ok("home refused".into())
        }
    }
}

async fn view_for<A: ChatApi>(ctx: &Ctx<A>, account: &User) -> Result<HomeView, StoreError> {
    let actor = Actor {
        user_id: account.id,
        role: account.role,
    };
    let filter = IncidentFilter {
        statuses: Status::ALL.into_iter().filter(|s| s.is_open()).collect(),
        involving: Some(account.id),
        ..IncidentFilter::default()
    };
    let page = ctx
        .store
        .list_incidents(&actor, &filter, None, MAX_INCIDENTS as i64)
        .await?;
    let incidents: Vec<_> = page
        .items
        .into_iter()
        .map(|s| {
            let link = ctx.link(s.id);
            (s, link)
        })
        .collect();
    let (on_call, more_schedules) = on_call_now(ctx).await?;
    Ok(home(
        &HomeFacts {
            name: &account.name,
            user: account.id,
            incidents: &incidents,
            more_incidents: page.next_cursor.is_some(),
            on_call: &on_call,
            more_schedules,
            goldseam: &ctx.public_url,
        },
        &ctx.store.catalog(),
    ))
}

/// Who is on call now in the first schedules, as the schedules API resolves them (layers,
/// restrictions and overrides), and whether there are more schedules.
async fn on_call_now<A: ChatApi>(ctx: &Ctx<A>) -> Result<(Vec<OnCallNow>, bool), StoreError> {
    let mut schedules = ctx
        .store
        .list_schedules(ScheduleId::from_db(0), MAX_SCHEDULES as i64 + 1)
        .await?;
    let more = schedules.len() > MAX_SCHEDULES;
    schedules.truncate(MAX_SCHEDULES);
    let now = ctx.store.now();
    let mut shifts = Vec::new();
    for s in &schedules {
        // One schedule that no longer reads (a zone gone from the tz database) must not
        // keep the rest of the home from showing.
        let shift = match ctx.store.resolvable_schedule(s, now, now).await {
            Ok(resolved) => resolved.shift_at(now),
            Err(e) => {
                tracing::warn!(schedule = %s.id, error = %e, "chat: a schedule could not be resolved for a home");
                None
            }
        };
        shifts.push(shift);
    }
    let ids: Vec<_> = shifts.iter().flatten().map(|s| s.user).collect();
    let names: HashMap<_, _> = ctx
        .store
        .users_by_ids(&ids)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let on_call = schedules
        .iter()
        .zip(shifts)
        .map(|(s, shift)| OnCallNow {
            schedule: s.name.clone(),
            link: format!("{}/oncall/{}", ctx.public_url, s.id),
            person: shift.as_ref().map(|sh| {
                names
                    .get(&sh.user)
                    .cloned()
                    .unwrap_or_else(|| "someone".into())
            }),
            until: shift.map(|sh| sh.end),
        })
        .collect();
    Ok((on_call, more))
}
