//! Pages by direct message, in words both fakes share: what the bot wrote to a person, edits
//! refused with a long wait, and the Acknowledge button clicked as the person.

use super::{mattermost_msg, slack_msg, Msg, Side};
use goldseam_fakes::mattermost::{ChannelType, Fault};
use goldseam_fakes::slack::{ClickOn, RateLimits};
use std::time::Duration;

/// A direct message from the bot, and the conversation it is in.
#[derive(Debug, Clone)]
pub struct Dm {
    pub channel: String,
    pub msg: Msg,
}

impl Side {
    /// The direct messages to `user` (their chat id), oldest first.
    pub fn dms_to(&self, user: &str) -> Vec<Dm> {
        match self {
            Side::Slack(s) => {
                let users = s.users();
                s.channels()
                    .into_iter()
                    .filter(|c| c.is_im && c.members.iter().any(|m| m == user))
                    .flat_map(|c| {
                        s.messages(&c.id)
                            .into_iter()
                            .map(move |m| (c.id.clone(), m))
                    })
                    .filter(|(_, m)| m.subtype.is_none())
                    .map(|(channel, m)| Dm {
                        channel,
                        msg: slack_msg(&users, m),
                    })
                    .collect()
            }
            Side::Mattermost(m) => {
                let (bot, users) = (m.bot_id(), m.users());
                m.channels()
                    .into_iter()
                    .filter(|c| {
                        c.channel_type == ChannelType::Direct
                            && c.members.iter().any(|id| id == user)
                    })
                    .flat_map(|c| {
                        m.messages(&c.id)
                            .into_iter()
                            .map(move |p| (c.id.clone(), p))
                    })
                    .map(|(channel, p)| Dm {
                        channel,
                        msg: mattermost_msg(&users, &bot, p),
                    })
                    .collect()
            }
        }
    }

    /// From now on the platform refuses every edit of a message with 429 and a two-minute
    /// wait: Slack's `chat.update` limit, a proxy's limit on Mattermost's post edits.
    pub fn refuse_edits_for_long(&self) {
        let long = Duration::from_secs(120);
        match self {
            Side::Slack(s) => s.set_rate_limits(RateLimits::none().with("chat.update", 1, long)),
            Side::Mattermost(m) => {
                m.inject("PUT /posts/{id}/patch", 10_000, Fault::Throttled(long))
            }
        }
    }

    /// Whether an edit has been refused with 429.
    pub fn an_edit_was_refused(&self) -> bool {
        match self {
            Side::Slack(s) => s.calls("chat.update").iter().any(|c| c.status == 429),
            Side::Mattermost(m) => m
                .calls_to("PUT /posts/{id}/patch")
                .iter()
                .any(|c| c.status == 429),
        }
    }

    /// `handle` clicks Acknowledge on `dm`, the message of page `page`; Slack's button
    /// carries the page, Mattermost's carries it in its signed context.
    pub async fn click_acknowledge(&self, handle: &str, dm: &Dm, page: i64) {
        match self {
            Side::Slack(s) => {
                let on = ClickOn::Message {
                    channel: dm.channel.clone(),
                    ts: dm.msg.id.clone(),
                };
                s.click(handle, on, "goldseam_ack_page", &page.to_string())
                    .await
                    .unwrap();
            }
            Side::Mattermost(m) => {
                let reply = m
                    .click(handle, &dm.msg.id, "goldseamackpage")
                    .await
                    .unwrap();
                assert_eq!(reply.status, 200, "{:?}", reply.body);
            }
        }
    }
}
