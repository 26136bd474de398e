//! The fake Mattermost's own tests: it speaks the wire format an app would see (REST, the
//! WebSocket, slash commands, buttons, dialogs) and fails the ways it is told to.

#[path = "mattermost/support.rs"]
mod support;

#[path = "mattermost/commands.rs"]
mod commands;
#[path = "mattermost/console.rs"]
mod console;
#[path = "mattermost/failures.rs"]
mod failures;
#[path = "mattermost/interactive.rs"]
mod interactive;
#[path = "mattermost/rest_channels.rs"]
mod rest_channels;
#[path = "mattermost/rest_posts.rs"]
mod rest_posts;
#[path = "mattermost/websocket.rs"]
mod websocket;
