//! Who reads one postmortem: every audience expanded by the store into people or channels, merged
//! here so that each person gets one message, in the richest rendering any of their audiences
//! gets, required if any of them requires it, with every reason they got it.

use super::policy::Rendering;
use crate::UserId;
use std::collections::BTreeMap;

/// Why a reader got the postmortem.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    /// They took part in the incident.
    Participant,
    /// They subscribe to something the incident is about.
    Subscriber,
    /// They are in a named team.
    Team(String),
    /// The whole company reads it.
    Everyone,
    /// A mailing list, Slack channel or webhook a rule names.
    Channel,
}

impl Reason {
    /// How the readers list says it: `participant`, `subscriber`, `team:Payments`, `everyone`,
    /// `channel`.
    pub fn label(&self) -> String {
        match self {
            Reason::Participant => "participant".into(),
            Reason::Subscriber => "subscriber".into(),
            Reason::Team(name) => format!("team:{name}"),
            Reason::Everyone => "everyone".into(),
            Reason::Channel => "channel".into(),
        }
    }
}

/// A channel that is not a person: it gets the message, but nobody there can be tracked.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Channel {
    /// An email address that is not a person here.
    MailingList(String),
    /// A Slack channel id.
    Slack(String),
    /// A webhook receiver's URL.
    Webhook(String),
}

impl Channel {
    /// The stored kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Channel::MailingList(_) => "mailing_list",
            Channel::Slack(_) => "slack_channel",
            Channel::Webhook(_) => "webhook",
        }
    }

    /// The address, channel id or URL.
    pub fn address(&self) -> &str {
        match self {
            Channel::MailingList(a) | Channel::Slack(a) | Channel::Webhook(a) => a,
        }
    }
}

/// A person who reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonReader {
    pub user_id: UserId,
    pub rendering: Rendering,
    pub required: bool,
    pub reasons: Vec<Reason>,
}

/// A channel that gets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelReader {
    pub channel: Channel,
    pub rendering: Rendering,
}

/// Everyone and everything one postmortem goes to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Readers {
    /// People, by id.
    pub people: Vec<PersonReader>,
    /// Channels, by kind and address.
    pub channels: Vec<ChannelReader>,
}

/// Merges expanded audiences: one entry per person (the richest rendering, required if any
/// audience requires it, every reason once) and one per channel (the richest rendering).
pub fn merge_readers(
    people: impl IntoIterator<Item = (UserId, Reason, Rendering, bool)>,
    channels: impl IntoIterator<Item = (Channel, Rendering)>,
) -> Readers {
    let mut by_person: BTreeMap<UserId, PersonReader> = BTreeMap::new();
    for (user_id, reason, rendering, required) in people {
        let reader = by_person.entry(user_id).or_insert_with(|| PersonReader {
            user_id,
            rendering,
            required,
            reasons: Vec::new(),
        });
        reader.rendering = reader.rendering.max(rendering);
        reader.required |= required;
        if !reader.reasons.contains(&reason) {
            reader.reasons.push(reason);
        }
    }
    let mut by_channel: BTreeMap<Channel, Rendering> = BTreeMap::new();
    for (channel, rendering) in channels {
        let r = by_channel.entry(channel).or_insert(rendering);
        *r = (*r).max(rendering);
    }
    Readers {
        people: by_person.into_values().collect(),
        channels: by_channel
            .into_iter()
            .map(|(channel, rendering)| ChannelReader { channel, rendering })
            .collect(),
    }
}

impl Readers {
    /// What a private incident's postmortem may reach: only the people `may_see` allows, and no
    /// channel (a mailing list, a Slack channel or a webhook has members Goldseam cannot check).
    pub fn private(self, may_see: impl Fn(UserId) -> bool) -> Readers {
        Readers {
            people: self
                .people
                .into_iter()
                .filter(|p| may_see(p.user_id))
                .collect(),
            channels: Vec::new(),
        }
    }
}
