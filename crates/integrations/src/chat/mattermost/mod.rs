//! Mattermost: a bot account spoken to over REST API v4, heard over the WebSocket, with a
//! custom slash command and interactive buttons and dialogs that POST to Goldseam. Cards are
//! message attachments; buttons carry a signed, expiring context ([`context`]) because
//! Mattermost does not sign the requests a button sends, and the declare form is an
//! interactive dialog opened with the command's trigger id.
//!
//! Differences from Slack that shape this module: Mattermost does not replay what a
//! WebSocket missed, so [`socket`] catches up with `GET /channels/{id}/posts?since=` after
//! every reconnect; a pin arrives as `post_edited` with no word of who pinned, so pins are
//! recorded by Goldseam itself; and posts show under another name (`override_username`) only
//! where the server allows it (`EnablePostUsernameOverride`).

pub mod adapter;
pub mod app;
pub(crate) mod attachments;
pub mod client;
pub mod context;
pub mod http_in;
pub mod inbound;
mod pace;
pub mod socket;
