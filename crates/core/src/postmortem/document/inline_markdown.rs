//! The little Markdown the seed meets: the incident's summary, comments and status updates are
//! written in Markdown, and their quotes in the postmortem should show **bold** as bold, not as
//! asterisks. Inline only (bold, italic, code, links); everything else stays text, as written.

use super::tree::{safe_href, Marks};

/// Runs of text with their marks, in order.
pub fn parse_inline(md: &str) -> Vec<(String, Marks)> {
    let mut out = Vec::new();
    parse(md, &Marks::default(), &mut out);
    // Neighbouring runs with the same marks read as one.
    let mut merged: Vec<(String, Marks)> = Vec::new();
    for (text, marks) in out {
        match merged.last_mut() {
            Some((last, m)) if *m == marks => last.push_str(&text),
            _ if text.is_empty() => {}
            _ => merged.push((text, marks)),
        }
    }
    merged
}

fn parse(md: &str, marks: &Marks, out: &mut Vec<(String, Marks)>) {
    let mut text = String::new();
    let mut rest = md;
    let mut prev: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        // Underscores inside a word (snake_case) are not emphasis, as in CommonMark.
        let word_before = prev.is_some_and(char::is_alphanumeric);
        prev = Some(c);
        let flush = |text: &mut String, out: &mut Vec<(String, Marks)>| {
            if !text.is_empty() {
                out.push((std::mem::take(text), marks.clone()));
            }
        };
        if c == '\\' {
            if let Some(next) = rest[1..]
                .chars()
                .next()
                .filter(|n| n.is_ascii_punctuation())
            {
                text.push(next);
                rest = &rest[1 + next.len_utf8()..];
                continue;
            }
        } else if c == '`' {
            if let Some(end) = rest[1..].find('`') {
                flush(&mut text, out);
                out.push((
                    rest[1..1 + end].to_string(),
                    Marks {
                        code: true,
                        ..marks.clone()
                    },
                ));
                rest = &rest[end + 2..];
                continue;
            }
        } else if let Some(delim) = ["**", "__"]
            .into_iter()
            .find(|d| rest.starts_with(d) && !(*d == "__" && word_before))
        {
            if let Some(end) = closing(&rest[2..], delim) {
                flush(&mut text, out);
                parse(
                    &rest[2..2 + end],
                    &Marks {
                        bold: true,
                        ..marks.clone()
                    },
                    out,
                );
                rest = &rest[2 + end + 2..];
                continue;
            }
        } else if c == '*' || (c == '_' && !word_before) {
            let delim = if c == '*' { "*" } else { "_" };
            if let Some(end) = closing(&rest[1..], delim) {
                flush(&mut text, out);
                parse(
                    &rest[1..1 + end],
                    &Marks {
                        italic: true,
                        ..marks.clone()
                    },
                    out,
                );
                rest = &rest[1 + end + 1..];
                continue;
            }
        } else if c == '[' {
            if let Some((label, href, used)) = link(rest) {
                flush(&mut text, out);
                parse(
                    label,
                    &Marks {
                        link: Some(href),
                        ..marks.clone()
                    },
                    out,
                );
                rest = &rest[used..];
                continue;
            }
        }
        text.push(c);
        rest = &rest[c.len_utf8()..];
    }
    if !text.is_empty() {
        out.push((text, marks.clone()));
    }
}

/// Where `delim` closes emphasis that opened just before `s`: the content must not start or end
/// with a space, nor be empty (so "2 * 3 * 4" stays text).
fn closing(s: &str, delim: &str) -> Option<usize> {
    if s.starts_with(char::is_whitespace) || s.starts_with(delim) {
        return None;
    }
    let mut from = 0;
    while let Some(i) = s[from..].find(delim) {
        let at = from + i;
        let word_after =
            delim.starts_with('_') && s[at + delim.len()..].starts_with(char::is_alphanumeric);
        if at > 0 && !s[..at].ends_with(char::is_whitespace) && !word_after {
            return Some(at);
        }
        from = at + delim.len();
    }
    None
}

/// `[label](href)` at the start of `s`, when href is a link Goldseam renders.
fn link(s: &str) -> Option<(&str, String, usize)> {
    let close = s.find("](")?;
    let end = s[close + 2..].find(')')? + close + 2;
    let href = safe_href(&s[close + 2..end])?;
    Some((&s[1..close], href, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(runs: Vec<(String, Marks)>) -> Vec<String> {
        runs.into_iter()
            .map(|(t, m)| {
                let mut tags = String::new();
                for (on, tag) in [(m.bold, "b"), (m.italic, "i"), (m.code, "c")] {
                    if on {
                        tags.push_str(tag);
                    }
                }
                if let Some(href) = m.link {
                    tags.push_str(&format!("@{href}"));
                }
                if tags.is_empty() {
                    t
                } else {
                    format!("{t}[{tags}]")
                }
            })
            .collect()
    }

    #[test]
    fn bold_italic_code_and_links_become_marks() {
        assert_eq!(
            show(parse_inline("Rolled back **payments-api** in `eu-1`, see [the runbook](https://r.example/x) _now_")),
            ["Rolled back ", "payments-api[b]", " in ", "eu-1[c]", ", see ", "the runbook[@https://r.example/x]", " ", "now[i]"]
        );
        assert_eq!(
            show(parse_inline("**bold _and italic_**")),
            ["bold [b]", "and italic[bi]"]
        );
    }

    #[test]
    fn what_is_not_markup_stays_as_written() {
        assert_eq!(
            show(parse_inline("2 * 3 * 4 and snake_case_name")),
            ["2 * 3 * 4 and snake_case_name"]
        );
        assert_eq!(
            show(parse_inline("[click](javascript:alert(1))")),
            ["[click](javascript:alert(1))"]
        );
        assert_eq!(
            show(parse_inline(r"\*not italic\* and an unclosed `tick")),
            ["*not italic* and an unclosed `tick"]
        );
    }
}
