//! Escalation policies, response rules and the incident-manager setting, as admins edit them.

pub(crate) mod cache;
mod escalate;
pub(crate) mod links;
mod names;
mod page_by_hand;
mod pages;
mod paging;
mod policies;
mod reach;
mod respond;
pub(crate) mod rules;
mod settings;

pub use cache::ResponseConfig;
pub use links::{AckLink, LinkError, ACK_LINK_LIFETIME};
pub use names::Referenced;
pub use page_by_hand::{PageTarget, Paged};
pub use pages::{job_prefix, page_and_user_of_key, Acknowledged, Page};
pub use paging::PagingSummary;
pub use respond::{incident_link, respond_job, EscalateJob, RespondJob};
pub use settings::IncidentManagerSetting;
