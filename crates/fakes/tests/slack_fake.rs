//! The fake Slack's own tests, driven as Goldseam's will drive it: over HTTP for the Web API,
//! with a tiny receiver app (axum) or a WebSocket client standing in for Goldseam.

mod slack_fake {
    pub mod support;

    mod api;
    mod events_http;
    mod faults;
    mod interact;
    mod messages;
    mod rate;
    mod responses;
    mod socket;
    mod view;
}
