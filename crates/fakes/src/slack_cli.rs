//! `goldseam-fakes slack`: a fake Slack workspace to try Goldseam's Slack app by hand. It
//! seeds alice, bob and #incidents (with the bot in it), prints what to configure Goldseam
//! with, and takes commands on stdin as the people in the workspace. A browser shows the
//! workspace at `/_fake/view` (web/e2e/fake-slack.ts reads this banner: keep its labels).

use clap::Args;
use goldseam_fakes::slack::{ClickOn, Down, FakeSlack, SlackOptions};
use std::net::SocketAddr;
use tokio::sync::mpsc::UnboundedReceiver;

/// Options of `goldseam-fakes slack`.
#[derive(Args)]
pub struct SlackArgs {
    #[arg(long, default_value = "127.0.0.1:9102")]
    listen: SocketAddr,
    /// Events API Request URL (HTTP mode); without it, events wait for a Socket Mode link.
    #[arg(long)]
    events_url: Option<String>,
    /// Slash command Request URL.
    #[arg(long)]
    commands_url: Option<String>,
    /// Interactivity Request URL.
    #[arg(long)]
    interactions_url: Option<String>,
    #[arg(long, default_value = "fake-signing-secret")]
    signing_secret: String,
}

const HELP: &str = "commands:
  say USER CHANNEL TEXT          reply USER CHANNEL TS TEXT
  edit USER CHANNEL TS TEXT      delete USER CHANNEL TS
  command USER CHANNEL /CMD TEXT click USER CHANNEL TS ACTION_ID [VALUE]
  pin USER CHANNEL TS            react USER CHANNEL TS EMOJI
  join USER CHANNEL              leave USER CHANNEL
  home USER                      link USER CHANNEL URL
  user NAME EMAIL                channels | users | messages CHANNEL | calls [METHOD] | deliveries
  down on|off|refused            disconnect refresh_requested|warning|link_disabled";

/// Runs the fake until stdin closes.
pub async fn run(a: SlackArgs, mut lines: UnboundedReceiver<String>) -> std::io::Result<()> {
    let options = SlackOptions {
        listen: a.listen,
        events_url: a.events_url,
        commands_url: a.commands_url,
        interactions_url: a.interactions_url,
        signing_secret: a.signing_secret,
        ..SlackOptions::default()
    };
    let fake = FakeSlack::start(options).await?;
    // A refused human action panics; by hand, one line saying why is enough.
    std::panic::set_hook(Box::new(|info| {
        let why = info.payload().downcast_ref::<String>().cloned();
        let why = why.or_else(|| info.payload().downcast_ref::<&str>().map(|s| s.to_string()));
        println!("refused: {}", why.unwrap_or_default());
    }));
    let o = fake.options();
    fake.add_user("alice", "alice@example.com");
    fake.add_user("bob", "bob@example.com");
    fake.create_channel("alice", "incidents", false);
    fake.invite("alice", "incidents", &o.bot_user_id);
    println!("fake Slack on {} (Web API {}/api/)", fake.url(), fake.url());
    println!("bot token      {}", o.bot_token);
    println!("app token      {} (Socket Mode)", o.app_token);
    println!("signing secret {}", o.signing_secret);
    println!(
        "team {} ({}), bot user {} ({}), app {}",
        o.team_id, o.team_domain, o.bot_user_id, o.bot_user_name, o.app_id
    );
    println!("seeded: alice, bob, #incidents (bot is a member)");
    println!("web view       {}/_fake/view?as=alice", fake.url());
    println!("{HELP}");
    while let Some(line) = lines.recv().await {
        let words: Vec<&str> = line.split_whitespace().collect();
        let rest = |n: usize| words.get(n..).unwrap_or_default().join(" ");
        // Human actions panic on unknown names; keep the session alive and say so.
        let f = fake.clone();
        let w: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        let text = |n| rest(n);
        let done = match w.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            ["say", u, c, ..] => guard(|| println!("ts {}", f.say(u, c, &text(3)))),
            ["reply", u, c, ts, ..] => guard(|| println!("ts {}", f.reply(u, c, ts, &text(4)))),
            ["edit", u, c, ts, ..] => guard(|| f.edit(u, c, ts, &text(4))),
            ["delete", u, c, ts] => guard(|| f.delete(u, c, ts)),
            ["pin", u, c, ts] => guard(|| f.pin(u, c, ts)),
            ["react", u, c, ts, e] => guard(|| f.react(u, c, ts, e)),
            ["join", u, c] => guard(|| f.join(u, c)),
            ["leave", u, c] => guard(|| f.leave(u, c)),
            ["home", u] => guard(|| f.open_home(u)),
            ["link", u, c, url] => guard(|| println!("ts {}", f.share_link(u, c, url))),
            ["user", name, email] => guard(|| println!("{}", f.add_user(name, email))),
            ["command", u, c, cmd, ..] => {
                let (u, c, cmd, t) = (u.to_string(), c.to_string(), cmd.to_string(), text(4));
                match tokio::spawn(async move { f.slash_command(&u, &c, &cmd, &t).await }).await {
                    Ok(Ok(r)) => println!("app answered {}: {}", r.status, r.body),
                    Ok(Err(e)) => println!("error: {e}"),
                    Err(_) => println!("error: unknown user or channel"),
                }
                true
            }
            ["click", u, c, ts, action, ..] => {
                let on = ClickOn::Message {
                    channel: c.to_string(),
                    ts: ts.to_string(),
                };
                let (u, action, value) = (u.to_string(), action.to_string(), text(5));
                match tokio::spawn(async move { f.click(&u, on, &action, &value).await }).await {
                    Ok(Ok(r)) => println!("app answered {}: {}", r.status, r.body),
                    Ok(Err(e)) => println!("error: {e}"),
                    Err(_) => println!("error: no such user, message or element"),
                }
                true
            }
            ["channels"] => {
                for c in f.channels() {
                    let kind = if c.is_private { "private" } else { "public" };
                    println!(
                        "{} #{} {kind} members={} topic={:?}",
                        c.id,
                        c.name,
                        c.members.len(),
                        c.topic
                    );
                }
                true
            }
            ["users"] => {
                f.users()
                    .iter()
                    .for_each(|u| println!("{} {} {:?}", u.id, u.name, u.email));
                true
            }
            ["messages", c] => {
                for m in f.messages(c) {
                    let who = m.bot_id.clone().or(m.user.clone()).unwrap_or_default();
                    let thread = m
                        .thread_ts
                        .map(|t| format!(" (thread {t})"))
                        .unwrap_or_default();
                    println!("{} {who}{thread}: {}", m.ts, m.text);
                }
                true
            }
            ["calls", method @ ..] => {
                for c in f
                    .all_calls()
                    .iter()
                    .filter(|c| method.first().is_none_or(|m| c.method == *m))
                {
                    println!("{} {} -> {} {}", c.method, c.params, c.status, c.answer);
                }
                true
            }
            ["deliveries"] => {
                for d in f.deliveries() {
                    println!(
                        "{:?} {} attempt {} {:?}: {:?}",
                        d.kind,
                        d.transport,
                        d.attempt,
                        d.event_type(),
                        d.outcome
                    );
                }
                true
            }
            ["down", "on"] => set(&f, Down::Unavailable),
            ["down", "refused"] => set(&f, Down::Refused),
            ["down", "off"] => set(&f, Down::Up),
            ["disconnect", reason] => {
                f.disconnect(reason);
                true
            }
            _ => false,
        };
        if !done {
            println!("{HELP}");
        }
    }
    Ok(())
}

fn set(f: &FakeSlack, d: Down) -> bool {
    f.set_down(d);
    println!("{d:?}");
    true
}

/// Runs a human action, reporting a refused one instead of ending the session.
fn guard(action: impl FnOnce()) -> bool {
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(action));
    true
}
