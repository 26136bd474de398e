//! Text as Slack shows it, made safe for HTML: `plain_text` escaped as it is, and `mrkdwn`
//! (what apps and people write) with its links, mentions, emoji, bold, italic, strike and
//! code rendered. Everything that came from the workspace passes through [`esc`] once.

use super::Names;

/// Escapes text for HTML element content and double- or single-quoted attributes.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Undoes the three escapes Slack's text uses (a typed `<` arrives as `&lt;`).
fn unslack(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Emoji names people and apps use most, as their characters; others stay `:name:`.
pub(crate) fn emoji(name: &str) -> Option<&'static str> {
    Some(match name {
        "pushpin" => "📌",
        "eyes" => "👀",
        "+1" | "thumbsup" => "👍",
        "-1" | "thumbsdown" => "👎",
        "white_check_mark" => "✅",
        "heavy_check_mark" => "✔️",
        "x" => "❌",
        "warning" => "⚠️",
        "rotating_light" => "🚨",
        "fire" => "🔥",
        "red_circle" => "🔴",
        "large_orange_circle" => "🟠",
        "large_yellow_circle" => "🟡",
        "lock" => "🔒",
        "tada" => "🎉",
        "pray" => "🙏",
        "raised_hands" => "🙌",
        "bulb" => "💡",
        "memo" => "📝",
        "mag" => "🔍",
        "hourglass" => "⌛",
        "slightly_smiling_face" | "smile" => "🙂",
        _ => return None,
    })
}

/// A private-use character stands for each rendered `<…>` sequence while bold and friends are
/// found, so that a `_` or `*` in a URL is never taken for formatting.
const SLOT: u32 = 0xE000;
const SLOTS: u32 = 0x1800;

/// `mrkdwn` as HTML: `<url|label>`, `<@U…>`, `<#C…|name>`, `<!here>`, `<!date^…|fallback>`,
/// `:emoji:`, `*bold*`, `_italic_`, `~strike~`, `` `code` ``, ```` ```pre``` ```` and line breaks.
pub(crate) fn mrkdwn(text: &str, names: &Names) -> String {
    // The private-use range is ours while rendering; text using it shows a replacement mark.
    let text: String = text
        .chars()
        .map(|c| match c as u32 {
            n if (SLOT..SLOT + SLOTS).contains(&n) => '\u{FFFD}',
            _ => c,
        })
        .collect();
    let mut pieces: Vec<String> = Vec::new();
    let mut body = String::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find('<') {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        body.push_str(&esc(&unslack(&rest[..start])));
        let rendered = control(&rest[start + 1..start + len], names);
        match char::from_u32(SLOT + pieces.len() as u32).filter(|_| pieces.len() < SLOTS as usize) {
            Some(slot) => {
                body.push(slot);
                pieces.push(rendered);
            }
            None => body.push_str(&rendered),
        }
        rest = &rest[start + len + 1..];
    }
    body.push_str(&esc(&unslack(rest)));
    let mut html = code_spans(&body);
    html = html.replace('\n', "<br>");
    html.chars()
        .map(|c| match c as u32 {
            n if (SLOT..SLOT + SLOTS).contains(&n) => pieces[(n - SLOT) as usize].clone(),
            _ => c.to_string(),
        })
        .collect()
}

/// What is between `<` and `>`.
fn control(inner: &str, names: &Names) -> String {
    let (target, label) = match inner.split_once('|') {
        Some((t, l)) => (t, Some(l)),
        None => (inner, None),
    };
    let label_html = |fallback: &str| esc(&unslack(label.unwrap_or(fallback)));
    if let Some(id) = target.strip_prefix('@') {
        let name = names
            .user(id)
            .unwrap_or_else(|| unslack(label.unwrap_or(id)));
        return format!("<span class=\"mention\">@{}</span>", esc(&name));
    }
    if let Some(id) = target.strip_prefix('#') {
        let name = names
            .channel(id)
            .unwrap_or_else(|| unslack(label.unwrap_or(id)));
        return format!("<span class=\"mention\">#{}</span>", esc(&name));
    }
    if let Some(special) = target.strip_prefix('!') {
        return match special.split('^').next().unwrap_or_default() {
            "here" | "channel" | "everyone" => {
                format!("<span class=\"mention\">@{}</span>", esc(special))
            }
            "subteam" => format!("<span class=\"mention\">{}</span>", label_html("@group")),
            // A date shows in the reader's time zone; the fallback is what a client without
            // one shows, and what this page shows.
            _ => label_html(special),
        };
    }
    let url = unslack(target);
    let safe = ["http://", "https://", "mailto:"]
        .iter()
        .any(|p| url.to_ascii_lowercase().starts_with(p));
    if !safe {
        return label_html(target);
    }
    let label = label.map(|l| inline(&esc(&unslack(l))));
    format!(
        "<a href=\"{}\">{}</a>",
        esc(&url),
        label.unwrap_or_else(|| esc(&url))
    )
}

/// Splits escaped text on backticks: code keeps its text as is, the rest gets formatting.
fn code_spans(escaped: &str) -> String {
    let mut out = String::new();
    let mut rest = escaped;
    loop {
        if let Some(after) = rest.strip_prefix("```") {
            if let Some(end) = after.find("```") {
                out.push_str(&format!("<pre>{}</pre>", &after[..end]));
                rest = &after[end + 3..];
                continue;
            }
        }
        let Some(tick) = rest.find('`') else {
            out.push_str(&inline(rest));
            return out;
        };
        let fence = rest[tick..].starts_with("```") && rest[tick + 3..].contains("```");
        let closing = rest[tick + 1..].find('`').filter(|_| !fence);
        match closing {
            _ if fence => {
                out.push_str(&inline(&rest[..tick]));
                rest = &rest[tick..];
            }
            Some(len) if len > 0 && !rest[tick + 1..tick + 1 + len].contains('\n') => {
                out.push_str(&inline(&rest[..tick]));
                out.push_str(&format!("<code>{}</code>", &rest[tick + 1..tick + 1 + len]));
                rest = &rest[tick + 2 + len..];
            }
            _ => {
                out.push_str(&inline(&rest[..=tick]));
                rest = &rest[tick + 1..];
            }
        }
    }
}

/// Bold, italic and strike in escaped text, and `:emoji:` names.
fn inline(escaped: &str) -> String {
    let mut s = emoji_names(escaped);
    for (mark, tag) in [('*', "b"), ('_', "i"), ('~', "s")] {
        s = pairs(&s, mark, tag);
    }
    s
}

/// `:name:` as its emoji where the name is known; escaped text in, escaped text out.
pub(crate) fn emoji_names(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(start) = rest.find(':') {
        let after = &rest[start + 1..];
        let end = after.find(':');
        let name = end.map(|e| &after[..e]);
        let known = name
            .filter(|n| {
                !n.is_empty()
                    && n.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "_+-".contains(c))
            })
            .and_then(emoji);
        match (known, end) {
            (Some(e), Some(len)) => {
                out.push_str(&rest[..start]);
                out.push_str(e);
                rest = &after[len + 1..];
            }
            _ => {
                out.push_str(&rest[..=start]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `mark text mark` as `<tag>text</tag>`, where the marks stand at word edges (so `snake_case`
/// and `2*3*4` stay as written) and the text neither starts nor ends with a space.
fn pairs(s: &str, mark: char, tag: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let edge = |c: Option<&char>| c.is_none_or(|c| !c.is_alphanumeric());
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let opens = chars[i] == mark
            && edge(i.checked_sub(1).and_then(|p| chars.get(p)))
            && chars
                .get(i + 1)
                .is_some_and(|c| !c.is_whitespace() && *c != mark);
        let close = opens
            .then(|| {
                (i + 2..chars.len()).find(|&j| {
                    chars[j] == mark && !chars[j - 1].is_whitespace() && edge(chars.get(j + 1))
                })
            })
            .flatten()
            .filter(|&j| !chars[i + 1..j].contains(&'\n'));
        match close {
            Some(j) => {
                let inner: String = chars[i + 1..j].iter().collect();
                out.push_str(&format!("<{tag}>{inner}</{tag}>"));
                i = j + 1;
            }
            None => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    out
}
