//! How an integration treats its alerts: the routes that decide what a group of alerts does,
//! and the windows and thresholds of grouping (reopen, flapping, resolve, storms). Stored as
//! JSON with the integration and checked here before it is.

use super::route::Route;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// When a group of alerts counts as resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResolvePolicy {
    /// When none of its alerts is firing any more (the default).
    #[default]
    All,
    /// When any of its alerts resolves.
    First,
    /// When the alert that fired last resolves.
    Last,
    /// Never by its alerts: only by hand or with its incident.
    Never,
}

impl ResolvePolicy {
    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ResolvePolicy::All => "all",
            ResolvePolicy::First => "first",
            ResolvePolicy::Last => "last",
            ResolvePolicy::Never => "never",
        }
    }
}

/// When an integration is in a storm: beyond `new_groups` new groups within `window_secs`,
/// every further new group folds into one storm group (one incident, one page) until it
/// resolves. Alerts are still accepted and stored: a storm is when they matter most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StormPolicy {
    /// New groups allowed within the window before the storm starts; 0 turns storms off.
    #[schema(maximum = 100_000)]
    pub new_groups: u32,
    /// The window, in seconds (at most a day).
    #[schema(maximum = 86_400)]
    pub window_secs: u32,
}

impl Default for StormPolicy {
    fn default() -> Self {
        StormPolicy {
            new_groups: 10,
            window_secs: 300,
        }
    }
}

/// Everything an integration decides about its alerts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct AlertPolicy {
    /// Tried in order; the first that matches an alert takes it. An alert none matches takes
    /// the default route ([`Route::default`]: group as the sender does, open an incident).
    pub routes: Vec<Route>,
    /// A group that fires again within this many seconds of resolving reopens (and counts a
    /// flap) instead of starting a new group.
    #[schema(maximum = 86_400)]
    pub reopen_window_secs: u32,
    /// Reopenings within an hour after which a group is flapping: it stops paging again and
    /// only writes to the timeline, until it stays resolved for an hour.
    #[schema(maximum = 100)]
    pub flap_limit: u32,
    /// When a group resolves.
    pub resolve: ResolvePolicy,
    /// When new groups fold into one storm group.
    pub storm: StormPolicy,
    /// Whether an incident a group opened resolves by itself once all its groups resolved.
    pub resolve_incidents: bool,
}

impl Default for AlertPolicy {
    fn default() -> Self {
        AlertPolicy {
            routes: Vec::new(),
            reopen_window_secs: 600,
            flap_limit: 3,
            resolve: ResolvePolicy::All,
            storm: StormPolicy::default(),
            resolve_incidents: true,
        }
    }
}

/// Longest reopen or storm window accepted: a day.
pub const MAX_WINDOW_SECS: u32 = 86_400;
/// Most routes an integration may have.
pub const MAX_ROUTES: usize = 50;
/// The most reopenings an hour a policy may allow before a group counts as flapping.
pub const MAX_FLAP_LIMIT: u32 = 100;
/// The most new groups a storm threshold may allow within its window.
pub const MAX_STORM_GROUPS: u32 = 100_000;

impl AlertPolicy {
    /// The route that takes `alert`: the first whose conditions match, else the default.
    pub fn route_for(&self, alert: &super::AlertSignal) -> std::borrow::Cow<'_, Route> {
        match self.routes.iter().find(|r| r.matches(alert)) {
            Some(r) => std::borrow::Cow::Borrowed(r),
            None => std::borrow::Cow::Owned(Route::default()),
        }
    }

    /// Every problem with the policy, each naming its field (`routes[1].name`).
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if self.routes.len() > MAX_ROUTES {
            out.push((
                "routes".into(),
                format!("at most {MAX_ROUTES} routes are allowed"),
            ));
        }
        let mut names = std::collections::HashSet::new();
        for (i, r) in self.routes.iter().enumerate() {
            for (field, why) in r.problems() {
                out.push((format!("routes[{i}].{field}"), why));
            }
            if !names.insert(r.name.trim().to_lowercase()) {
                out.push((
                    format!("routes[{i}].name"),
                    format!(
                        "another route is called {:?}; route names must differ",
                        r.name
                    ),
                ));
            }
        }
        if self.reopen_window_secs > MAX_WINDOW_SECS {
            out.push((
                "reopen_window_secs".into(),
                format!("must be at most {MAX_WINDOW_SECS} (a day)"),
            ));
        }
        if self.flap_limit > MAX_FLAP_LIMIT {
            out.push((
                "flap_limit".into(),
                format!("must be at most {MAX_FLAP_LIMIT}"),
            ));
        }
        if self.storm.new_groups > MAX_STORM_GROUPS {
            out.push((
                "storm.new_groups".into(),
                format!("must be at most {MAX_STORM_GROUPS}"),
            ));
        }
        if self.storm.window_secs == 0 && self.storm.new_groups > 0 {
            out.push((
                "storm.window_secs".into(),
                "must be at least 1 when storm.new_groups is set".into(),
            ));
        }
        if self.storm.window_secs > MAX_WINDOW_SECS {
            out.push((
                "storm.window_secs".into(),
                format!("must be at most {MAX_WINDOW_SECS} (a day)"),
            ));
        }
        out
    }
}
