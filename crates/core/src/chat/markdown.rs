//! Markdown (what the room writes and the engine composes) as Slack's mrkdwn, and Slack's
//! emphasis as Markdown. The two differ where it shows: Markdown's `**bold**` is mrkdwn's
//! `*bold*`, Markdown's `*italic*` is mrkdwn's `_italic_`, `~~struck~~` is `~struck~`, a link
//! `[text](url)` is `<url|text>`, and mrkdwn has no headings or list markers. Slack also wants
//! `&`, `<` and `>` escaped everywhere, except in its own control sequences (mentions,
//! channel links, links), which the engine writes through the platform and keeps.

/// Markdown as Slack mrkdwn.
pub fn to_mrkdwn(md: &str) -> String {
    let mut out = String::with_capacity(md.len() + 16);
    for piece in code_split(md) {
        match piece {
            Piece::Code(code) => out.push_str(&escape(code)),
            Piece::Text(text) => {
                let lines: Vec<String> = text.split('\n').map(line_to_mrkdwn).collect();
                out.push_str(&lines.join("\n"));
            }
        }
    }
    out
}

/// Slack's emphasis as Markdown (`*bold*` → `**bold**`, `~struck~` → `~~struck~~`; `_italic_`
/// reads the same). Code is left as it is.
pub fn emphasis_to_markdown(mrkdwn: &str) -> String {
    let mut out = String::with_capacity(mrkdwn.len() + 8);
    for piece in code_split(mrkdwn) {
        match piece {
            Piece::Code(code) => out.push_str(code),
            Piece::Text(text) => {
                let bold = wrap_runs(text, '*', "**");
                out.push_str(&wrap_runs(&bold, '~', "~~"));
            }
        }
    }
    out
}

enum Piece<'a> {
    Text(&'a str),
    /// A code span or fenced block, with its backticks.
    Code(&'a str),
}

/// Splits out code (``` fences and `spans`), which is never reformatted.
fn code_split(s: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find('`') {
        let fence = if rest[start..].starts_with("```") {
            "```"
        } else {
            "`"
        };
        let body = start + fence.len();
        let Some(len) = rest[body..].find(fence) else {
            break;
        };
        let end = body + len + fence.len();
        if start > 0 {
            out.push(Piece::Text(&rest[..start]));
        }
        out.push(Piece::Code(&rest[start..end]));
        rest = &rest[end..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// One line: a heading as bold, a list marker as a bullet, then inline formatting.
fn line_to_mrkdwn(line: &str) -> String {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    let hashes = trimmed.chars().take_while(|c| *c == '#').count();
    if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
        let heading = inline(trimmed[hashes..].trim());
        return format!("{indent}*{}*", heading.trim_matches('*'));
    }
    for marker in ["- ", "* ", "+ "] {
        if let Some(item) = trimmed.strip_prefix(marker) {
            return format!("{indent}• {}", inline(item));
        }
    }
    format!("{indent}{}", inline(trimmed))
}

/// Links, bold, italic and strike-through in a run of text without code.
fn inline(text: &str) -> String {
    let text = links(text);
    // Bold first, through a marker no text contains, so its stars are not read as italic.
    const BOLD: char = '\u{E000}';
    let text = replace_pairs(&text, "**", &BOLD.to_string());
    let text = replace_pairs(&text, "__", &BOLD.to_string());
    let text = wrap_runs(&text, '*', "_");
    let text = replace_pairs(&text, "~~", "~");
    text.replace(BOLD, "*")
}

/// `[text](url)` as `<url|text>`, and everything else escaped (but Slack's own `<…>`
/// sequences, which the engine wrote on purpose).
fn links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            if let Some((label, url, used)) = link_at(after) {
                out.push_str(&format!("<{}|{}>", escape(url), escape(label)));
                rest = &after[used..];
                continue;
            }
        }
        if rest.starts_with('<') {
            if let Some(end) = rest.find('>') {
                let inner = &rest[1..end];
                if is_control(inner) {
                    out.push_str(&rest[..=end]);
                    rest = &rest[end + 1..];
                    continue;
                }
            }
        }
        let c = rest.chars().next().unwrap_or_default();
        out.push_str(&escape(&c.to_string()));
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// After `[`: `label](url)`; the label, the url and how many bytes they took.
fn link_at(after: &str) -> Option<(&str, &str, usize)> {
    let close = after.find("](")?;
    let label = &after[..close];
    let url_start = close + 2;
    let url_len = after[url_start..].find(')')?;
    let url = &after[url_start..url_start + url_len];
    let ok = !label.is_empty()
        && !label.contains('[')
        && (url.starts_with("http://")
            || url.starts_with("https://")
            || url.starts_with("mailto:"))
        && !url.contains(char::is_whitespace);
    ok.then_some((label, url, url_start + url_len + 1))
}

/// A Slack control sequence the engine writes (`@U…`, `#C…`, `!here`, a link).
fn is_control(inner: &str) -> bool {
    let word = inner.split('|').next().unwrap_or("");
    let id = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric());
    match word.chars().next() {
        Some('@') | Some('#') => id(&word[1..]),
        Some('!') => id(word[1..].split('^').next().unwrap_or("")),
        _ => {
            (word.starts_with("http://") || word.starts_with("https://"))
                && !word.contains(char::is_whitespace)
        }
    }
}

/// Each `delim…delim` pair becomes `with…with`.
fn replace_pairs(text: &str, delim: &str, with: &str) -> String {
    let parts: Vec<&str> = text.split(delim).collect();
    if parts.len() < 3 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let pairs = (parts.len() - 1) / 2 * 2;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(if i <= pairs { with } else { delim });
        }
        out.push_str(part);
    }
    out
}

/// `c…c` around a run that starts and ends with a non-space, at word edges, becomes
/// `with…with` (so `2 * 3 * 4` and `snake_case` are left alone).
fn wrap_runs(text: &str, c: char, with: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == c && opens(&chars, i) {
            if let Some(j) = (i + 1..chars.len()).find(|&j| chars[j] == c && closes(&chars, j, i)) {
                out.push_str(with);
                out.extend(&chars[i + 1..j]);
                out.push_str(with);
                i = j + 1;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn opens(chars: &[char], i: usize) -> bool {
    let before_ok = i == 0 || !chars[i - 1].is_alphanumeric();
    let next = chars.get(i + 1);
    before_ok && next.is_some_and(|n| !n.is_whitespace() && *n != chars[i])
}

fn closes(chars: &[char], j: usize, open: usize) -> bool {
    let after_ok = chars.get(j + 1).is_none_or(|a| !a.is_alphanumeric());
    j > open + 1 && !chars[j - 1].is_whitespace() && after_ok
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_mrkdwn() {
        assert_eq!(
            to_mrkdwn("**Root cause**: the *new* cache, ~~not~~ the DB"),
            "*Root cause*: the _new_ cache, ~not~ the DB"
        );
        assert_eq!(
            to_mrkdwn("See [the runbook](https://wiki.test/run?a=1&b=2) now"),
            "See <https://wiki.test/run?a=1&amp;b=2|the runbook> now"
        );
        assert_eq!(
            to_mrkdwn("## Impact\n- checkout\n- search"),
            "*Impact*\n• checkout\n• search"
        );
    }

    #[test]
    fn text_is_escaped_but_the_engines_own_sequences_are_kept() {
        assert_eq!(
            to_mrkdwn("p99 < 1s && <@U024BE7LH> in <#C123>, <!here>"),
            "p99 &lt; 1s &amp;&amp; <@U024BE7LH> in <#C123>, <!here>"
        );
        assert_eq!(to_mrkdwn("a <b> tag"), "a &lt;b&gt; tag");
    }

    #[test]
    fn code_and_plain_stars_are_left_alone() {
        assert_eq!(
            to_mrkdwn("run `a **b** <c>` then\n```\nx * y\n```"),
            "run `a **b** &lt;c&gt;` then\n```\nx * y\n```"
        );
        assert_eq!(
            to_mrkdwn("2 * 3 * 4 and snake_case_name"),
            "2 * 3 * 4 and snake_case_name"
        );
    }

    #[test]
    fn slack_emphasis_becomes_markdown() {
        assert_eq!(
            emphasis_to_markdown("*Rolled back* the _bad_ deploy, ~oops~ `*not*`"),
            "**Rolled back** the _bad_ deploy, ~~oops~~ `*not*`"
        );
        assert_eq!(emphasis_to_markdown("2 * 3 * 4"), "2 * 3 * 4");
    }
}
