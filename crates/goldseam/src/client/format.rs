//! Text layout for terminals: ages, local times and aligned tables.

use jiff::tz::TimeZone;
use jiff::Timestamp;

/// A compact age: `45s`, `12m`, `3h12m`, `2d4h`. Clock skew between the CLI and the server can
/// make an age negative; that shows as `0s`.
pub fn age(seconds: i64) -> String {
    let s = seconds.max(0);
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86400 => format!("{}h{}m", s / 3600, s % 3600 / 60),
        _ => format!("{}d{}h", s / 86400, s % 86400 / 3600),
    }
}

/// The age of an RFC 3339 time, or `?` when it cannot be read.
pub fn age_since(at: Option<&str>, now: Timestamp) -> String {
    match at.and_then(|t| t.parse::<Timestamp>().ok()) {
        Some(t) => age(now.as_second() - t.as_second()),
        None => "?".into(),
    }
}

/// A time in the local time zone, `2025-05-01 14:03:09`, or the text as given when it is not
/// RFC 3339.
pub fn local_time(at: Option<&str>, tz: &TimeZone) -> String {
    let Some(at) = at else { return "?".into() };
    match at.parse::<Timestamp>() {
        Ok(t) => t
            .to_zoned(tz.clone())
            .strftime("%Y-%m-%d %H:%M:%S")
            .to_string(),
        Err(_) => at.to_string(),
    }
}

/// Rows aligned in columns of the widest cell; the last column is not padded.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let cols = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cols {
                out.push_str(cell);
            } else {
                out.push_str(cell);
                let pad = widths[i] - cell.chars().count() + 2;
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.trim_end().to_string()
    };
    let mut out = line(header.to_vec());
    for row in rows {
        out.push('\n');
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

/// Indents every line after the first, so a multi-line body stays under its timeline entry.
pub fn indent_rest(text: &str, indent: &str) -> String {
    text.trim_end()
        .lines()
        .collect::<Vec<_>>()
        .join(&format!("\n{indent}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_are_compact() {
        assert_eq!(age(-5), "0s");
        assert_eq!(age(45), "45s");
        assert_eq!(age(60), "1m");
        assert_eq!(age(59 * 60 + 59), "59m");
        assert_eq!(age(3 * 3600 + 12 * 60 + 30), "3h12m");
        assert_eq!(age(3600), "1h0m");
        assert_eq!(age(2 * 86400 + 4 * 3600 + 59), "2d4h");
    }

    #[test]
    fn ages_come_from_rfc3339_times() {
        let now: Timestamp = "2025-05-01T15:12:00Z".parse().unwrap();
        assert_eq!(age_since(Some("2025-05-01T12:00:00Z"), now), "3h12m");
        assert_eq!(age_since(Some("yesterday"), now), "?");
        assert_eq!(age_since(None, now), "?");
    }

    #[test]
    fn local_times_use_the_given_zone() {
        let tz = TimeZone::get("Europe/Paris").unwrap_or(TimeZone::UTC);
        let shown = local_time(Some("2025-05-01T12:00:00Z"), &tz);
        assert!(shown == "2025-05-01 14:00:00" || shown == "2025-05-01 12:00:00");
        assert_eq!(
            local_time(Some("2025-05-01T12:00:00Z"), &TimeZone::UTC),
            "2025-05-01 12:00:00"
        );
    }

    #[test]
    fn tables_align_columns() {
        let t = table(
            &["REF", "SEV", "TITLE"],
            &[
                vec!["INC-7".into(), "SEV1".into(), "DB down".into()],
                vec!["INC-12".into(), "SEV3".into(), "Slow émails".into()],
            ],
        );
        assert_eq!(
            t,
            "REF     SEV   TITLE\nINC-7   SEV1  DB down\nINC-12  SEV3  Slow émails"
        );
    }

    #[test]
    fn continuation_lines_are_indented() {
        assert_eq!(indent_rest("a\nb\n", "  "), "a\n  b");
    }
}
