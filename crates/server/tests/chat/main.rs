//! Goldseam's chat app end to end: a real server and its chat engine against the fake Slack
//! and the fake Mattermost, on both databases. The scenarios (`scenarios/`) run unchanged on
//! both platforms through [`side::Side`]; `slack/` and `mattermost/` hold what only one of
//! them has; `teams.rs` checks the announcements posted to the fake Teams webhook. People act in the fakes as they would in the products; the tests read what
//! Goldseam recorded through the API and what it did in the workspace through the fake.

#[path = "../common/mod.rs"]
mod common;
mod mattermost;
mod scenarios;
mod settings;
mod side;
mod slack;
mod teams;
mod world;

/// Runs each scenario on Slack and on Mattermost, each on SQLite and PostgreSQL:
/// `slack::sqlite::name`, `mattermost::postgres::name`...
macro_rules! on_both_platforms {
    ($($path:ident :: $name:ident),* $(,)?) => {
        mod on_slack {
            $(
                async fn $name(db: goldseam_testdb::TestDb) {
                    crate::scenarios::$path::$name(db, crate::side::Kind::Slack).await
                }
            )*
            goldseam_testdb::on_both_databases!($($name),*);
        }
        mod on_mattermost {
            $(
                async fn $name(db: goldseam_testdb::TestDb) {
                    crate::scenarios::$path::$name(db, crate::side::Kind::Mattermost).await
                }
            )*
            goldseam_testdb::on_both_databases!($($name),*);
        }
    };
}

on_both_platforms!(
    announce::an_incident_is_announced_and_gets_its_channel,
    announce::a_burst_of_changes_makes_few_edits_and_ends_in_the_last_state,
    announce::a_private_incident_is_never_announced,
    conversation::a_conversation_on_both_sides_reads_the_same_without_echo,
    conversation::someone_without_an_account_is_told_and_nothing_is_recorded,
    mirror::edits_deletes_threads_and_pins_follow_both_ways,
    commands::commands_in_the_channel_change_the_incident,
    commands::unknown_commands_get_their_usage,
    commands::the_declare_form_shows_mistakes_and_declares,
    commands::buttons_clicked_twice_are_handled_once,
    outages::the_platform_down_makes_work_wait_and_nothing_is_lost,
    outages::an_event_acknowledged_before_a_crash_is_processed_once,
    paging::a_page_lands_while_announcement_edits_are_refused_and_is_acknowledged_by_button,
);

mod settings_api {
    use crate::settings::mistakes_name_their_field_and_change_nothing;

    goldseam_testdb::on_both_databases!(mistakes_name_their_field_and_change_nothing);
}

mod slack_only {
    use crate::slack::home::{
        incident_links_unfurl_and_private_ones_only_as_restricted,
        someone_without_an_account_sees_why_their_home_is_empty,
        the_home_lists_my_open_incidents_and_who_is_on_call,
    };
    use crate::slack::transports::the_http_request_urls_take_signed_requests_only;
    use crate::slack::upkeep::the_incident_manager_is_reminded_and_channels_archived;

    goldseam_testdb::on_both_databases!(
        the_http_request_urls_take_signed_requests_only,
        the_incident_manager_is_reminded_and_channels_archived,
        the_home_lists_my_open_incidents_and_who_is_on_call,
        someone_without_an_account_sees_why_their_home_is_empty,
        incident_links_unfurl_and_private_ones_only_as_restricted,
    );
}

mod mattermost_only {
    use crate::mattermost::buttons::a_forged_or_expired_button_changes_nothing;
    use crate::mattermost::catch_up::messages_missed_while_the_websocket_was_away_are_caught_up;
    use crate::mattermost::commands::commands_and_dialogs_in_someone_elses_name_are_refused;

    goldseam_testdb::on_both_databases!(
        a_forged_or_expired_button_changes_nothing,
        messages_missed_while_the_websocket_was_away_are_caught_up,
        commands_and_dialogs_in_someone_elses_name_are_refused,
    );
}
