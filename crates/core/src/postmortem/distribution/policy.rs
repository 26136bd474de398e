//! The distribution policy: who reads a published postmortem, per severity and type. The
//! incident's participants always get the whole document; each rule that matches the incident
//! adds its audiences, each with the rendering it gets and whether reading it is required.

use crate::error::DomainError;
use crate::text::Email;
use crate::{Catalog, TeamId};
use serde::{Deserialize, Serialize};

/// The most rules a policy holds.
pub const MAX_RULES: usize = 50;
/// The most audiences one rule names.
pub const MAX_AUDIENCES: usize = 20;
/// The longest wait before required readers are reminded.
pub const MAX_REMINDER_DAYS: u32 = 60;

/// What an audience reads.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Rendering {
    /// The executive summary: the header, the summary and the impact.
    Summary,
    /// The whole document.
    Full,
}

/// Whom an audience reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AudienceKind {
    /// Everyone subscribed to the incident, its severity, tags, services or their teams.
    Subscribers,
    /// The members of one team (`team_id`).
    Team,
    /// Every active person on this server.
    Everyone,
    /// An email address that is not a person here (`address`), such as a mailing list.
    MailingList,
    /// A Slack channel (`channel`).
    SlackChannel,
    /// A signed JSON POST to `url`.
    Webhook,
}

impl AudienceKind {
    /// Whether it reaches people Goldseam knows (who can be tracked and reminded).
    pub fn is_people(self) -> bool {
        matches!(
            self,
            AudienceKind::Subscribers | AudienceKind::Team | AudienceKind::Everyone
        )
    }
}

/// One audience of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    /// Whom it reaches.
    pub kind: AudienceKind,
    /// The team, for `team`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<i64>,
    /// The email address, for `mailing_list`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The Slack channel id (`C0123ABCD`), for `slack_channel`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// The receiver's URL, for `webhook`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The whole document or its executive summary.
    pub rendering: Rendering,
    /// Whether its people must acknowledge reading it (and are reminded until they do). Lists,
    /// channels and webhooks cannot acknowledge, so it means nothing for them.
    #[serde(default)]
    pub required: bool,
}

/// One rule: the incidents it matches and whom it adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DistributionRule {
    /// Shown as the reason readers got it ("Leadership for SEV0-1").
    pub name: String,
    /// The severities it matches, by key; empty matches every severity.
    #[serde(default)]
    pub severities: Vec<String>,
    /// The incident types it matches, by key; empty matches every type.
    #[serde(default)]
    pub types: Vec<String>,
    /// Whom it adds.
    pub audiences: Vec<Audience>,
}

impl DistributionRule {
    /// Whether it applies to an incident of this severity and type.
    pub fn matches(&self, severity: &str, type_key: &str) -> bool {
        crate::rule_scope::matches(&self.severities, &self.types, severity, type_key)
    }
}

/// The whole policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DistributionPolicy {
    /// Whether the incident's participants (who always get the whole document) must acknowledge it.
    pub participants_required: bool,
    /// Days after sending when required readers who have not acknowledged are reminded, once;
    /// `None` never reminds.
    pub reminder_days: Option<u32>,
    /// The rules, each adding audiences to the incidents it matches.
    pub rules: Vec<DistributionRule>,
}

impl DistributionPolicy {
    /// The rules that apply to an incident of this severity and type.
    pub fn rules_for<'a>(
        &'a self,
        severity: &'a str,
        type_key: &'a str,
    ) -> impl Iterator<Item = &'a DistributionRule> + 'a {
        self.rules
            .iter()
            .filter(move |r| r.matches(severity, type_key))
    }
}

/// The policy a server starts with: subscribers read the whole document, and for the gravest
/// severity (the catalog's first) the whole company reads the executive summary.
pub fn default_policy(catalog: &Catalog) -> DistributionPolicy {
    let audience = |kind, rendering| Audience {
        kind,
        team_id: None,
        address: None,
        channel: None,
        url: None,
        rendering,
        required: false,
    };
    let mut rules = vec![DistributionRule {
        name: "Subscribers".into(),
        severities: Vec::new(),
        types: Vec::new(),
        audiences: vec![audience(AudienceKind::Subscribers, Rendering::Full)],
    }];
    if let Some(gravest) = catalog.severities.first() {
        rules.push(DistributionRule {
            name: format!("The whole company for {}", gravest.key),
            severities: vec![gravest.key.to_string()],
            types: Vec::new(),
            audiences: vec![audience(AudienceKind::Everyone, Rendering::Summary)],
        });
    }
    DistributionPolicy {
        participants_required: true,
        reminder_days: Some(3),
        rules,
    }
}

/// Checks a Slack channel id: `C` (public), `G` (private) then 6 to 20 capitals or digits.
fn valid_channel(raw: &str) -> bool {
    let s = raw.trim();
    match s.strip_prefix('C').or_else(|| s.strip_prefix('G')) {
        Some(rest) => {
            (6..=20).contains(&rest.len())
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        }
        None => false,
    }
}

/// Every problem with a policy, each named by its path (`rules[1].audiences[0].address`), and the
/// policy normalized (names trimmed, addresses lowercased, channel ids uppercased). Whether a named
/// team exists is the store's to check.
pub fn validate_policy(
    policy: &DistributionPolicy,
    catalog: &Catalog,
) -> Result<DistributionPolicy, Vec<DomainError>> {
    let mut errors = Vec::new();
    let mut out = policy.clone();
    if let Some(days) = policy.reminder_days {
        if !(1..=MAX_REMINDER_DAYS).contains(&days) {
            errors.push(DomainError::invalid(
                "reminder_days",
                format!("between 1 and {MAX_REMINDER_DAYS} days, or null never to remind"),
            ));
        }
    }
    if policy.rules.len() > MAX_RULES {
        errors.push(DomainError::invalid(
            "rules",
            format!("at most {MAX_RULES} rules"),
        ));
    }
    for (i, (rule, fixed)) in policy.rules.iter().zip(out.rules.iter_mut()).enumerate() {
        let at = |field: &str| format!("rules[{i}].{field}");
        fixed.name = crate::rule_scope::check(
            i,
            &rule.name,
            ", shown to readers as why they got it",
            &rule.severities,
            &rule.types,
            catalog,
            &mut errors,
        );
        if rule.audiences.is_empty() || rule.audiences.len() > MAX_AUDIENCES {
            errors.push(DomainError::invalid(
                at("audiences"),
                format!("1 to {MAX_AUDIENCES} audiences"),
            ));
        }
        for (j, (a, fixed)) in rule
            .audiences
            .iter()
            .zip(fixed.audiences.iter_mut())
            .enumerate()
        {
            let field = |name: &str| format!("rules[{i}].audiences[{j}].{name}");
            let missing = |name: &str, what: &str| {
                DomainError::invalid(
                    field(name),
                    format!("{what} is needed for this kind of audience"),
                )
            };
            match a.kind {
                AudienceKind::Team => match a.team_id {
                    Some(id) if id > 0 => {}
                    Some(_) => errors.push(DomainError::invalid(field("team_id"), "no team has this id")),
                    None => errors.push(missing("team_id", "the team")),
                },
                AudienceKind::MailingList => match &a.address {
                    Some(raw) => match Email::parse(&field("address"), raw) {
                        Ok(e) => fixed.address = Some(e.as_str().to_string()),
                        Err(e) => errors.push(e),
                    },
                    None => errors.push(missing("address", "the email address")),
                },
                AudienceKind::SlackChannel => match &a.channel {
                    Some(raw) if valid_channel(&raw.to_ascii_uppercase()) => {
                        fixed.channel = Some(raw.trim().to_ascii_uppercase())
                    }
                    Some(_) => errors.push(DomainError::invalid(
                        field("channel"),
                        "is not a Slack channel id; copy it from the channel's details (it starts with C or G, such as C0123ABCD)",
                    )),
                    None => errors.push(missing("channel", "the Slack channel id")),
                },
                AudienceKind::Webhook => match &a.url {
                    Some(raw) => match crate::people::contact::parse_webhook_url(&field("url"), raw) {
                        Ok(u) => fixed.url = Some(u),
                        Err(e) => errors.push(e),
                    },
                    None => errors.push(missing("url", "the receiver's URL")),
                },
                AudienceKind::Subscribers | AudienceKind::Everyone => {}
            }
            // Only what the kind uses is kept, so a stored policy never carries stray fields.
            if a.kind != AudienceKind::Team {
                fixed.team_id = None;
            }
            if a.kind != AudienceKind::MailingList {
                fixed.address = None;
            }
            if a.kind != AudienceKind::SlackChannel {
                fixed.channel = None;
            }
            if a.kind != AudienceKind::Webhook {
                fixed.url = None;
            }
            if !a.kind.is_people() {
                fixed.required = false;
            }
        }
        fixed.severities.dedup();
        fixed.types.dedup();
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

impl Audience {
    /// The team it names, for `team`.
    pub fn team(&self) -> Option<TeamId> {
        self.team_id.map(TeamId::from_db)
    }
}
