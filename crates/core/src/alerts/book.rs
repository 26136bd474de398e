//! The alerts and groups one processing batch may touch, in memory: the store loads them, the
//! grouping rules read and change them here, and the store writes back what changed.

use super::group::{AlertState, GroupId, GroupState};
use jiff::Timestamp;
use std::collections::{BTreeSet, HashMap};

/// One integration's alerts and groups, as far as a batch needs them.
#[derive(Debug, Default, Clone)]
pub struct Book {
    alerts: HashMap<String, AlertState>,
    groups: HashMap<GroupId, GroupState>,
    /// The open group of each (route, key).
    open: HashMap<(String, String), GroupId>,
    /// The latest resolved group of each (route, key).
    last: HashMap<(String, String), GroupId>,
    /// The open storm group.
    storm: Option<GroupId>,
    /// When the groups opened within the storm window opened (storm groups aside).
    openings: Vec<Timestamp>,
    next_new: GroupId,
    changed_alerts: BTreeSet<String>,
    changed_groups: BTreeSet<GroupId>,
}

impl Book {
    /// An empty book.
    pub fn new() -> Book {
        Book {
            next_new: -1,
            ..Book::default()
        }
    }

    /// Adds an alert as stored.
    pub fn load_alert(&mut self, dedup_key: &str, alert: AlertState) {
        self.alerts.insert(dedup_key.into(), alert);
    }

    /// Adds a group as stored: the open one of its route and key, its latest resolved one, or
    /// the group an alert is in.
    pub fn load_group(&mut self, group: GroupState) {
        let slot = (group.route.clone(), group.key.clone());
        if group.storm && group.is_open() {
            self.storm = Some(group.id);
        } else if group.is_open() {
            self.open.insert(slot, group.id);
        } else {
            let newer = self
                .last
                .get(&slot)
                .and_then(|id| self.groups.get(id))
                .is_none_or(|g| g.resolved_at < group.resolved_at);
            if newer {
                self.last.insert(slot, group.id);
            }
        }
        self.groups.insert(group.id, group);
    }

    /// Adds when a group opened within the storm window.
    pub fn load_opening(&mut self, at: Timestamp) {
        self.openings.push(at);
    }

    /// The alert with `dedup_key`, if known.
    pub fn alert(&self, dedup_key: &str) -> Option<&AlertState> {
        self.alerts.get(dedup_key)
    }

    /// Records what an alert now is.
    pub fn put_alert(&mut self, dedup_key: &str, alert: AlertState) {
        self.alerts.insert(dedup_key.into(), alert);
        self.changed_alerts.insert(dedup_key.into());
    }

    /// A group, if loaded.
    pub fn group(&self, id: GroupId) -> Option<&GroupState> {
        self.groups.get(&id)
    }

    /// A loaded group, to change. Panics for a group never loaded: the rules only change
    /// groups they were given or made.
    pub fn group_mut(&mut self, id: GroupId) -> &mut GroupState {
        self.changed_groups.insert(id);
        self.groups.get_mut(&id).expect("a loaded group")
    }

    /// The open group of `route` and `key`.
    pub fn open_group(&self, route: &str, key: &str) -> Option<GroupId> {
        self.open.get(&(route.into(), key.into())).copied()
    }

    /// The latest resolved group of `route` and `key`.
    pub fn last_group(&self, route: &str, key: &str) -> Option<GroupId> {
        self.last.get(&(route.into(), key.into())).copied()
    }

    /// The open storm group.
    pub fn storm_group(&self) -> Option<GroupId> {
        self.storm
    }

    /// Groups opened since `since` (storm groups aside).
    pub fn openings_since(&self, since: Timestamp) -> usize {
        self.openings.iter().filter(|t| **t >= since).count()
    }

    /// Makes a new group (its id negative until stored) and counts its opening.
    pub fn add_group(&mut self, mut group: GroupState) -> GroupId {
        let id = self.next_new;
        self.next_new -= 1;
        group.id = id;
        if group.storm {
            self.storm = Some(id);
        } else {
            self.openings.push(group.opened_at);
            self.open
                .insert((group.route.clone(), group.key.clone()), id);
        }
        self.groups.insert(id, group);
        self.changed_groups.insert(id);
        id
    }

    /// Notes that a group resolved or reopened, so later alerts find it where it now belongs.
    pub fn refile(&mut self, id: GroupId) {
        let Some(g) = self.groups.get(&id) else {
            return;
        };
        let slot = (g.route.clone(), g.key.clone());
        if g.storm {
            self.storm = g
                .is_open()
                .then_some(id)
                .or(self.storm.filter(|s| *s != id));
            return;
        }
        if g.is_open() {
            self.open.insert(slot.clone(), id);
            if self.last.get(&slot) == Some(&id) {
                self.last.remove(&slot);
            }
        } else {
            if self.open.get(&slot) == Some(&id) {
                self.open.remove(&slot);
            }
            self.last.insert(slot, id);
        }
    }

    /// Gives a new group the id the store gave it, everywhere it is referred to.
    pub fn renumber(&mut self, from: GroupId, to: GroupId) {
        if let Some(mut g) = self.groups.remove(&from) {
            g.id = to;
            self.groups.insert(to, g);
        }
        for id in self.open.values_mut().chain(self.last.values_mut()) {
            if *id == from {
                *id = to;
            }
        }
        if self.storm == Some(from) {
            self.storm = Some(to);
        }
        for a in self.alerts.values_mut() {
            if a.group == Some(from) {
                a.group = Some(to);
            }
        }
        if self.changed_groups.remove(&from) {
            self.changed_groups.insert(to);
        }
    }

    /// The alerts changed since the book was loaded, with their keys.
    pub fn changed_alerts(&self) -> impl Iterator<Item = (&str, &AlertState)> {
        self.changed_alerts
            .iter()
            .map(|k| (k.as_str(), &self.alerts[k]))
    }

    /// The groups made or changed since the book was loaded.
    pub fn changed_groups(&self) -> impl Iterator<Item = &GroupState> {
        self.changed_groups.iter().map(|id| &self.groups[id])
    }
}
