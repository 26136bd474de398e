//! Distribution on the wire: the policy, the readers list and what a reading link shows.

use goldseam_core::postmortem::distribution::{DistributionPolicy, DistributionRule, Rendering};
use goldseam_store::distribution::{ReaderStatus, ReadersPage, Reading};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The distribution policy.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DistributionPolicyDto {
    /// Whether the incident's participants (who always get the whole document) must acknowledge it.
    pub participants_required: bool,
    /// Days after sending when required readers who have not acknowledged are reminded (1 to
    /// 60); null never reminds.
    pub reminder_days: Option<u32>,
    /// The rules, each adding audiences to the incidents it matches (at most 50).
    pub rules: Vec<DistributionRule>,
    /// Whether an admin saved it (false: the default). Ignored when sent.
    #[serde(default)]
    pub customized: bool,
}

impl DistributionPolicyDto {
    pub(crate) fn of(p: DistributionPolicy, customized: bool) -> DistributionPolicyDto {
        DistributionPolicyDto {
            participants_required: p.participants_required,
            reminder_days: p.reminder_days,
            rules: p.rules,
            customized,
        }
    }
}

/// Counts over every reader.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReaderCountsDto {
    /// People it was sent to.
    pub people: i64,
    /// People who opened their link.
    pub opened: i64,
    /// People who said they read it.
    pub acknowledged: i64,
    /// People who have not acknowledged it.
    pub pending: i64,
    /// Required readers who have not acknowledged it.
    pub required_pending: i64,
    /// Mailing lists, Slack channels and webhooks.
    pub channels: i64,
}

/// Who a reader is.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReaderKindDto {
    Person,
    MailingList,
    SlackChannel,
    Webhook,
}

/// Where a reader is with the postmortem.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReaderStatusDto {
    /// Sent; not opened yet.
    Pending,
    /// Opened; not acknowledged.
    Opened,
    /// "I have read it".
    Acknowledged,
    /// Sent to a list, channel or webhook, where nobody is tracked.
    Sent,
}

/// One reader.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReaderDto {
    pub id: i64,
    /// A person, or a channel nobody in can be tracked.
    pub kind: ReaderKindDto,
    pub user_id: Option<i64>,
    /// The person's name, or the address, channel id or URL.
    pub name: String,
    /// Why they got it: `participant`, `subscriber`, `team:<name>`, `everyone`, `channel`.
    pub audiences: Vec<String>,
    pub rendering: Rendering,
    pub required: bool,
    #[schema(value_type = String, format = DateTime)]
    pub sent_at: Timestamp,
    /// The first open of their link.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub opened_at: Option<Timestamp>,
    /// When they said "I have read it".
    #[schema(value_type = Option<String>, format = DateTime)]
    pub acknowledged_at: Option<Timestamp>,
    /// When they were reminded.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub reminded_at: Option<Timestamp>,
    /// The version they last opened.
    pub version_read: Option<i64>,
    /// Where they are; `sent` for channels (nobody there is tracked).
    pub status: ReaderStatusDto,
}

/// Who read the postmortem.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReadersDto {
    /// The version last distributed; null before the first.
    pub version: Option<i64>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub distributed_at: Option<Timestamp>,
    pub counts: ReaderCountsDto,
    /// In the order they were added (people, then channels).
    pub readers: Vec<ReaderDto>,
    /// Pass as `after` for the next page; null on the last.
    pub next: Option<i64>,
}

impl From<ReadersPage> for ReadersDto {
    fn from(p: ReadersPage) -> ReadersDto {
        let c = p.counts;
        ReadersDto {
            version: p.distributed.map(|(v, _)| v),
            distributed_at: p.distributed.map(|(_, at)| at),
            counts: ReaderCountsDto {
                people: c.people,
                opened: c.opened,
                acknowledged: c.acknowledged,
                pending: c.pending,
                required_pending: c.required_pending,
                channels: c.channels,
            },
            readers: p
                .readers
                .into_iter()
                .map(|r| ReaderDto {
                    id: r.id,
                    kind: match r.kind.as_str() {
                        "person" => ReaderKindDto::Person,
                        "mailing_list" => ReaderKindDto::MailingList,
                        "slack_channel" => ReaderKindDto::SlackChannel,
                        _ => ReaderKindDto::Webhook,
                    },
                    user_id: r.user_id.map(|u| u.get()),
                    name: r.name,
                    audiences: r.reasons,
                    rendering: r.rendering,
                    required: r.required,
                    sent_at: r.sent_at,
                    opened_at: r.opened_at,
                    acknowledged_at: r.acknowledged_at,
                    reminded_at: r.reminded_at,
                    version_read: r.version_read,
                    status: match r.status {
                        ReaderStatus::Pending => ReaderStatusDto::Pending,
                        ReaderStatus::Opened => ReaderStatusDto::Opened,
                        ReaderStatus::Acknowledged => ReaderStatusDto::Acknowledged,
                        ReaderStatus::Sent => ReaderStatusDto::Sent,
                    },
                })
                .collect(),
            next: p.next,
        }
    }
}

/// The incident a reading is about.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReadingIncidentDto {
    pub reference: String,
    pub title: String,
    pub severity: String,
    #[serde(rename = "type")]
    pub incident_type: String,
}

/// The reader a link is for.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReadingReaderDto {
    /// Their name, or the list's address.
    pub name: String,
    /// Whether they are asked to acknowledge it.
    pub required: bool,
    #[schema(value_type = String, format = DateTime)]
    pub opened_at: Timestamp,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub acknowledged_at: Option<Timestamp>,
    /// Whether the link is one person's (only a person acknowledges).
    pub is_person: bool,
}

/// What a personal reading link shows.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReadingDto {
    pub incident: ReadingIncidentDto,
    /// The latest published version.
    pub version: i64,
    #[schema(value_type = String, format = DateTime)]
    pub published_at: Timestamp,
    /// The whole document or its executive summary.
    pub rendering: Rendering,
    /// The version as sanitized HTML, to show as it is.
    pub html: String,
    pub reader: ReadingReaderDto,
    /// What changed since the version this reader last opened; null when they had not read an
    /// older one.
    pub changes: Option<Vec<String>>,
    /// Where a summary reader who can sign in reads the whole postmortem.
    pub full_link: Option<String>,
}

impl From<Reading> for ReadingDto {
    fn from(r: Reading) -> ReadingDto {
        let reference = r.incident.id.reference();
        let full_link = (r.rendering == Rendering::Summary && r.is_person)
            .then(|| format!("/incidents/{reference}/postmortem"));
        ReadingDto {
            incident: ReadingIncidentDto {
                reference,
                title: r.incident.title,
                severity: r.incident.severity.to_string(),
                incident_type: r.incident.incident_type.to_string(),
            },
            version: r.version,
            published_at: r.published_at,
            rendering: r.rendering,
            html: r.html,
            reader: ReadingReaderDto {
                name: r.reader_name,
                required: r.required,
                opened_at: r.opened_at,
                acknowledged_at: r.acknowledged_at,
                is_person: r.is_person,
            },
            changes: r.changes,
            full_link,
        }
    }
}

/// The answer to a one-click unsubscribe.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnsubscribedDto {
    /// Always true: no more postmortems you are not required to read.
    pub unsubscribed: bool,
}
