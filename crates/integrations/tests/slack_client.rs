//! The Slack Web API client against the fake Slack workspace (`goldseam_fakes::slack`): the
//! typed calls, how Slack's errors map, rate limits and their lanes, and the delivery
//! engine's `Slack` adapter on top of it.

mod slack_client {
    pub mod support;

    mod calls;
    mod errors;
    mod lanes;
    mod people;
}
