//! A person's App Home as a Block Kit `home` view: a header, each section's heading, its rows
//! (a linked title over its facts) and its note, and a link to Goldseam at the bottom. Times
//! are written with Slack's date token, so each reader sees them in their own time zone.

use super::blocks::{cut, escape};
use goldseam_core::chat::home::{HomeRow, HomeView};
use jiff::Timestamp;
use serde_json::{json, Value};

/// Slack's limits on a header's text and a section's.
const HEADER_CAP: usize = 150;
const TEXT_CAP: usize = 2900;

/// The `home` view for `views.publish`.
pub fn home_view(home: &HomeView) -> Value {
    let mut blocks = vec![json!({
        "type": "header",
        "text": {"type": "plain_text", "text": cut(&home.title, HEADER_CAP)},
    })];
    for (i, section) in home.sections.iter().enumerate() {
        if i > 0 {
            blocks.push(json!({"type": "divider"}));
        }
        blocks.push(mrkdwn_section(&format!("*{}*", escape(&section.heading))));
        for row in &section.rows {
            blocks.push(mrkdwn_section(&row_text(row)));
        }
        if let Some(note) = &section.note {
            blocks.push(context(&escape(note)));
        }
    }
    blocks.push(context(&format!("<{}|Open Goldseam>", home.goldseam)));
    json!({"type": "home", "blocks": blocks})
}

fn mrkdwn_section(text: &str) -> Value {
    json!({"type": "section", "text": {"type": "mrkdwn", "text": cut(text, TEXT_CAP)}})
}

fn context(text: &str) -> Value {
    json!({"type": "context", "elements": [{"type": "mrkdwn", "text": cut(text, TEXT_CAP)}]})
}

fn row_text(row: &HomeRow) -> String {
    let mut text = format!("*<{}|{}>*", row.link, escape(&row.title));
    let facts: Vec<String> = row.facts.iter().map(|f| escape(f)).collect();
    if !facts.is_empty() || row.until.is_some() {
        text.push('\n');
        text.push_str(&facts.join(" · "));
    }
    if let Some(until) = row.until {
        text.push_str(&format!(" until {}", local_time(until)));
    }
    text
}

/// Slack's date token: shown in the reader's time zone, UTC where a client cannot.
fn local_time(t: Timestamp) -> String {
    format!(
        "<!date^{}^{{date_short_pretty}} {{time}}|{}>",
        t.as_second(),
        t.strftime("%Y-%m-%d %H:%M UTC")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use goldseam_core::chat::home::HomeSection;

    #[test]
    fn a_home_is_a_header_sections_rows_and_notes() {
        let until: Timestamp = "2026-12-05T08:00:00Z".parse().unwrap();
        let home = HomeView {
            title: "Hello, Ada".into(),
            sections: vec![
                HomeSection {
                    heading: "Your open incidents".into(),
                    rows: vec![HomeRow {
                        title: "INC-42 · Checkout <down>".into(),
                        link: "https://g.example/incidents/INC-42".into(),
                        facts: vec!["SEV1 · Major".into(), "Active".into()],
                        until: None,
                    }],
                    note: None,
                },
                HomeSection {
                    heading: "On call now".into(),
                    rows: vec![HomeRow {
                        title: "Payments".into(),
                        link: "https://g.example/oncall/1".into(),
                        facts: vec!["Bob".into()],
                        until: Some(until),
                    }],
                    note: Some("And more".into()),
                },
            ],
            goldseam: "https://g.example".into(),
        };
        let v = home_view(&home);
        assert_eq!(v["type"], "home");
        let blocks = v["blocks"].as_array().unwrap();
        let kinds: Vec<&str> = blocks.iter().map(|b| b["type"].as_str().unwrap()).collect();
        assert_eq!(
            kinds,
            [
                "header", "section", "section", "divider", "section", "section", "context",
                "context"
            ]
        );
        assert_eq!(blocks[0]["text"]["text"], "Hello, Ada");
        assert_eq!(
            blocks[2]["text"]["text"],
            "*<https://g.example/incidents/INC-42|INC-42 · Checkout &lt;down&gt;>*\nSEV1 · Major · Active"
        );
        assert_eq!(
            blocks[5]["text"]["text"],
            format!(
                "*<https://g.example/oncall/1|Payments>*\nBob until <!date^{}^{{date_short_pretty}} {{time}}|2026-12-05 08:00 UTC>",
                until.as_second()
            )
        );
        assert_eq!(
            blocks[7]["elements"][0]["text"],
            "<https://g.example|Open Goldseam>"
        );
    }
}
