//! Writing iCalendar text (RFC 5545 3.1-3.3): content lines, escaping and value formats, shared
//! by the shift feeds (`schedule::ics`) and the invitations (`ical::itip`).
//!
//! Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character); TEXT values
//! escape `\`, `;`, `,` and newlines; parameter values are quoted when they hold `:`, `;` or `,`.

use jiff::civil::DateTime;
use jiff::tz::Offset;
use jiff::Timestamp;

/// `20260308T140000Z`: a UTC DATE-TIME (RFC 5545 3.3.5, form 2).
pub fn utc(t: Timestamp) -> String {
    t.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// `20260308T100000`: a local DATE-TIME, for values with a `TZID` parameter (form 3) and for
/// the onsets inside a VTIMEZONE (which are local to their TZOFFSETFROM).
pub fn local(dt: DateTime) -> String {
    dt.strftime("%Y%m%dT%H%M%S").to_string()
}

/// `+0100`, `-0430`, `+001530`: a UTC-OFFSET (RFC 5545 3.3.14); seconds only when not zero,
/// as some historical offsets have them. `-0000` is not allowed, so zero is `+0000`.
pub fn offset(o: Offset) -> String {
    let total = o.seconds();
    let sign = if total < 0 { '-' } else { '+' };
    let abs = total.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs / 60 % 60, abs % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

/// A TEXT value escaped (RFC 5545 3.3.11): backslash, semicolon, comma and newlines.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            // Other control characters are not allowed in TEXT.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value (RFC 5545 3.2), such as a `CN`: quoted when it holds `:`, `;` or `,`
/// (which would otherwise end it). A double quote cannot appear even inside quotes, so it
/// becomes a single quote; control characters are dropped.
pub fn param(s: &str) -> String {
    let clean: String = s
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if c == '"' { '\'' } else { c })
        .collect();
    if clean.contains([':', ';', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// Appends a content line folded so no physical line passes 75 octets before its CRLF; each
/// continuation starts with one space (RFC 5545 3.1).
pub fn push_folded(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// Undoes folding: the logical lines of a calendar (for tests and for reading feeds back).
pub fn unfold(feed: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for physical in feed.split("\r\n") {
        if let Some(rest) = physical.strip_prefix(' ') {
            if let Some(last) = lines.last_mut() {
                last.push_str(rest);
                continue;
            }
        }
        if !physical.is_empty() {
            lines.push(physical.to_string());
        }
    }
    lines
}

/// Builds a calendar line by line, folding each; callers escape values with [`escape`] and
/// [`param`] as the property's type needs, since URIs and dates must not be TEXT-escaped.
#[derive(Debug, Default, Clone)]
pub struct Lines {
    out: String,
}

impl Lines {
    /// An empty calendar text.
    pub fn new() -> Lines {
        Lines::default()
    }

    /// One content line, already formatted (`NAME;PARAM=x:value`).
    pub fn line(&mut self, line: &str) -> &mut Lines {
        push_folded(&mut self.out, line);
        self
    }

    /// `NAME:value` with a TEXT value, escaped here.
    pub fn text(&mut self, name: &str, value: &str) -> &mut Lines {
        self.line(&format!("{name}:{}", escape(value)))
    }

    /// `BEGIN:NAME`.
    pub fn begin(&mut self, component: &str) -> &mut Lines {
        self.line(&format!("BEGIN:{component}"))
    }

    /// `END:NAME`.
    pub fn end(&mut self, component: &str) -> &mut Lines {
        self.line(&format!("END:{component}"))
    }

    /// The text so far.
    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_characters_whole_and_lines_at_75_octets() {
        let long = format!("SUMMARY:{}", "é✓a".repeat(40));
        let mut lines = Lines::new();
        lines.line(&long).text("DESCRIPTION", "x");
        let text = lines.finish();
        for physical in text.split("\r\n") {
            assert!(physical.len() <= 75, "{physical:?}");
        }
        assert_eq!(unfold(&text), vec![long, "DESCRIPTION:x".to_string()]);
    }

    #[test]
    fn carriage_returns_and_control_characters_do_not_break_lines() {
        assert_eq!(escape("a\r\nb\rc\u{7}d"), "a\\nb\\ncd");
        assert_eq!(escape("a;b,c\\d"), "a\\;b\\,c\\\\d");
    }

    #[test]
    fn parameter_values_are_quoted_only_when_they_must_be() {
        assert_eq!(param("Ana Díaz"), "Ana Díaz");
        assert_eq!(param("Díaz, Ana"), "\"Díaz, Ana\"");
        assert_eq!(param("Ana \"the\" boss:\n"), "\"Ana 'the' boss:\"");
    }

    #[test]
    fn offsets_and_times_use_the_basic_formats() {
        let o = |s| Offset::from_seconds(s).unwrap();
        assert_eq!(offset(o(3600)), "+0100");
        assert_eq!(offset(o(-16200)), "-0430");
        assert_eq!(offset(o(19800)), "+0530");
        assert_eq!(offset(o(0)), "+0000");
        assert_eq!(offset(o(930)), "+001530");
        let t: Timestamp = "2026-03-08T14:00:00Z".parse().unwrap();
        assert_eq!(utc(t), "20260308T140000Z");
        assert_eq!(
            local(jiff::civil::date(2026, 3, 29).at(2, 0, 0, 0)),
            "20260329T020000"
        );
    }
}
