//! The by-hand console of `goldseam-fakes teams`: one-line commands that show what was posted
//! and make the next requests fail.

use super::{FakeTeams, Fault};
use std::fmt::Write;
use std::time::Duration;

/// The console's commands, as `help` prints them.
pub const CONSOLE_HELP: &str = "\
cards                    the cards posted: title and facts
calls                    every request and its answer
ratelimit SECS [N]       the next N requests (1) get 429 with Retry-After: SECS
fail STATUS [N]          the next N requests (1) get STATUS (500, 502, 503…)
slow MILLIS [N]          the next N requests (1) are answered after MILLIS
down [STATUS] | up       every request gets STATUS (503) / back to normal
url                      the webhook URL";

impl FakeTeams {
    /// Runs one console line; the text to print.
    pub fn console(&self, line: &str) -> String {
        let words: Vec<&str> = line.split_whitespace().collect();
        let n = |i: usize| words.get(i).and_then(|w| w.parse().ok()).unwrap_or(1);
        match words.as_slice() {
            ["cards"] => {
                let mut out = String::new();
                for (i, c) in self.cards().iter().enumerate() {
                    let title = c.texts().into_iter().next().unwrap_or_default();
                    let _ = writeln!(out, "{i}: {title} (version {})", c.version());
                    for (t, v) in c.facts() {
                        let _ = writeln!(out, "     {t}: {v}");
                    }
                }
                if out.is_empty() {
                    "no cards yet".into()
                } else {
                    out
                }
            }
            ["calls"] => {
                let mut out = String::new();
                for c in self.calls() {
                    let why = c.reason.unwrap_or_default();
                    let _ = writeln!(out, "{} {why}", c.status);
                }
                if out.is_empty() {
                    "no calls yet".into()
                } else {
                    out
                }
            }
            ["ratelimit", secs, ..] => match secs.parse() {
                Ok(secs) => {
                    self.inject(Fault::RateLimited(secs), n(2));
                    "ok".into()
                }
                Err(_) => CONSOLE_HELP.into(),
            },
            ["fail", status, ..] => match status.parse() {
                Ok(status) => {
                    self.inject(Fault::Status(status), n(2));
                    "ok".into()
                }
                Err(_) => CONSOLE_HELP.into(),
            },
            ["slow", millis, ..] => match millis.parse() {
                Ok(ms) => {
                    self.inject(Fault::Delay(Duration::from_millis(ms)), n(2));
                    "ok".into()
                }
                Err(_) => CONSOLE_HELP.into(),
            },
            ["down"] => {
                self.set_outage(Some(503));
                "down (503)".into()
            }
            ["down", status] => match status.parse() {
                Ok(s) => {
                    self.set_outage(Some(s));
                    format!("down ({s})")
                }
                Err(_) => CONSOLE_HELP.into(),
            },
            ["up"] => {
                self.set_outage(None);
                "up".into()
            }
            ["url"] => self.url(),
            _ => CONSOLE_HELP.into(),
        }
    }
}
