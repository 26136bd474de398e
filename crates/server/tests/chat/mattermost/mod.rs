//! What only Mattermost needs: its own checks on commands, dialogs and buttons (it signs none
//! of them), and catching up on what the WebSocket missed.

pub mod buttons;
pub mod catch_up;
pub mod commands;
