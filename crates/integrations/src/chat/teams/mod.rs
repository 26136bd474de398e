//! Microsoft Teams through a Workflows webhook: the URL the Teams Workflows app gives for
//! "Post to a channel when a webhook request is received". Office 365 connector webhooks are
//! retired, and the Workflows URL is what replaced them: post only (nothing can be edited,
//! deleted or read back), Adaptive Cards only, no buttons that call back (that would need a
//! Bot Framework bot). So Teams gets announcements, each change as a new card, and nothing
//! else: no incident channels, no mirror, no commands.
//!
//! The URL is the credential (its `sig` query parameter signs it): it is a [`Secret`], never
//! logged, and errors name only its host.
//!
//! [`Secret`]: crate::Secret

pub mod adapter;
pub mod card;
pub mod webhook;
