//! The by-hand console of `goldseam-fakes mattermost`: a seeded team and one-line commands
//! that act as its people and show what the app did.

use super::faults::{Down, Fault};
use super::model::ChannelType;
use super::options::RateLimit;
use super::FakeMattermost;
use std::fmt::Write;

/// The console's commands, as `help` prints them.
pub const CONSOLE_HELP: &str = "\
say USER CHANNEL TEXT        post as USER (channel by name or id)
reply USER POST TEXT         reply in POST's thread
edit USER POST TEXT | delete USER POST | pin USER POST | react USER POST EMOJI
join USER CHANNEL            join a public channel
command USER CHANNEL /CMD TEXT   run a slash command
click USER POST ACTION       click a button
submit USER JSON             submit USER's open dialog
channels | posts CHANNEL | calls | events
down on|off|503              refuse connections / back up / answer 503
ratelimit PER_SEC BURST|off
fail ENDPOINT STATUS [N]     e.g. fail \"POST /posts\" 500 2 (endpoint with or without quotes)";

impl FakeMattermost {
    /// Seeds people and the company's `incidents` channel (with the bot in it) for trying
    /// the fake by hand; a summary to print.
    pub fn seed_demo(&self) -> String {
        let ada = self.add_user("ada", "ada@example.com");
        let bob = self.add_user("bob", "bob@example.com");
        let made = self.create_channel("ada", "incidents", "Incidents", ChannelType::Open);
        let incidents = made.unwrap_or_default();
        let _ = self.join("bob", &incidents, None);
        let _ = self.join(&self.bot_id(), &incidents, Some("ada"));
        format!("users: ada {ada}, bob {bob}\nchannel: incidents {incidents}")
    }

    /// Runs one console line; the text to print.
    pub async fn console(&self, line: &str) -> String {
        let words: Vec<&str> = line.split_whitespace().collect();
        let rest = |n: usize| words.get(n..).map(|w| w.join(" ")).unwrap_or_default();
        let shown = |r: Result<String, String>| r.unwrap_or_else(|e| format!("error: {e}"));
        let done = |r: Result<(), String>| shown(r.map(|()| "ok".into()));
        match words.as_slice() {
            ["say", user, channel, ..] => shown(
                self.say(user, channel, &rest(3))
                    .map(|id| format!("post {id}")),
            ),
            ["reply", user, post, ..] => shown(
                self.reply(user, post, &rest(3))
                    .map(|id| format!("post {id}")),
            ),
            ["edit", user, post, ..] => done(self.edit(user, post, &rest(3))),
            ["delete", user, post] => done(self.delete(user, post)),
            ["pin", user, post] => done(self.pin(user, post)),
            ["react", user, post, emoji] => done(self.react(user, post, emoji)),
            ["join", user, channel] => done(self.join(user, channel, None)),
            ["command", user, channel, command, ..] => {
                let reply = self.slash_command(user, channel, command, &rest(4)).await;
                shown(reply.map(|r| format!("{} {}", r.status, r.body)))
            }
            ["click", user, post, action] => {
                let reply = self.click(user, post, action).await;
                shown(reply.map(|r| format!("{} {}", r.status, r.body)))
            }
            ["submit", user, ..] => match serde_json::from_str(&rest(2)) {
                Ok(values) => {
                    let reply = self.submit_dialog(user, values).await;
                    shown(reply.map(|r| format!("{} {} closed={}", r.status, r.body, r.closed)))
                }
                Err(e) => format!("error: {e}"),
            },
            ["channels"] => self.channels().iter().fold(String::new(), |mut out, c| {
                let _ = writeln!(
                    out,
                    "{} {} {:?} members={}",
                    c.id,
                    c.name,
                    c.channel_type,
                    c.members.len()
                );
                out
            }),
            ["posts", channel] => self
                .posts(channel)
                .iter()
                .fold(String::new(), |mut out, p| {
                    let who = self
                        .user(&p.user_id)
                        .map(|u| u.username)
                        .unwrap_or_default();
                    let _ = writeln!(out, "{} @{who} {} {:?}", p.id, p.post_type, p.message);
                    out
                }),
            ["calls"] => self.calls().iter().fold(String::new(), |mut out, c| {
                let _ = writeln!(out, "{} {} -> {}", c.endpoint, c.body, c.status);
                out
            }),
            ["events"] => self.events().iter().fold(String::new(), |mut out, e| {
                let _ = writeln!(out, "{}", e.frame);
                out
            }),
            ["down", state] => {
                let down = match *state {
                    "on" => Down::Refused,
                    "503" => Down::Unavailable,
                    _ => Down::Up,
                };
                self.set_down(down).await;
                format!("{down:?}")
            }
            ["ratelimit", "off"] => {
                self.set_rate_limit(None);
                "no rate limit".into()
            }
            ["ratelimit", per_sec, burst] => match (per_sec.parse(), burst.parse()) {
                (Ok(per_sec), Ok(max_burst)) => {
                    self.set_rate_limit(Some(RateLimit { per_sec, max_burst }));
                    "ok".into()
                }
                _ => "usage: ratelimit PER_SEC BURST".into(),
            },
            ["fail", ..] => {
                let line = line.trim_start_matches("fail").trim().replace('"', "");
                let parts: Vec<&str> = line.split_whitespace().collect();
                match parts.as_slice() {
                    [method, path, status, n @ ..] => match status.parse::<u16>() {
                        Ok(status) => {
                            let times = n.first().and_then(|n| n.parse().ok()).unwrap_or(1);
                            let endpoint = format!("{method} {path}");
                            self.inject(
                                &endpoint,
                                times,
                                Fault::error(status, "app.fake.injected.app_error"),
                            );
                            format!("{endpoint} fails {times} time(s) with {status}")
                        }
                        Err(_) => "usage: fail METHOD PATH STATUS [N]".into(),
                    },
                    _ => "usage: fail METHOD PATH STATUS [N]".into(),
                }
            }
            _ => CONSOLE_HELP.into(),
        }
    }
}
