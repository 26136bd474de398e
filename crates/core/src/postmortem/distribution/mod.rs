//! Sending a published postmortem to the people who should read it: the policy admins set per
//! severity and type ([`policy`]), who that makes the readers of one incident ([`readers`]), and
//! what each reads: the whole document or its executive summary, and after an amendment what
//! changed ([`rendering`]). The store expands audiences into people and records who read what.

mod message;
mod policy;
mod readers;
mod rendering;

pub use message::{compose_email, slack_post, ComposedEmail, Purpose, ReaderMessage};
pub use policy::{
    default_policy, validate_policy, Audience, AudienceKind, DistributionPolicy, DistributionRule,
    Rendering, MAX_AUDIENCES, MAX_REMINDER_DAYS, MAX_RULES,
};
pub use readers::{merge_readers, Channel, ChannelReader, PersonReader, Readers, Reason};
pub use rendering::{changes_between, summary_blocks, SUMMARY_SECTION_KEYS};

#[cfg(test)]
mod tests;
