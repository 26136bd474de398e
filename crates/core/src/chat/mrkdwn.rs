//! Slack's message text as people read it. Slack sends mentions, channel links and links as
//! control sequences in angle brackets (`<@U024BE7LH>`, `<#C123|incidents>`,
//! `<https://example.com|the docs>`, `<!here>`) and escapes `&`, `<` and `>` as HTML entities
//! (docs.slack.dev "Formatting text for app surfaces"). A comment mirrored into the timeline
//! should read "@Ada can you check #incidents", not the wire form, so the engine looks up the
//! people mentioned ([`mentioned_users`]) and renders the text with their names ([`readable`]).

/// The user ids mentioned in `text`, each once, in order.
pub fn mentioned_users(text: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for seq in sequences(text) {
        if let Seq::Control(inner) = seq {
            if let Some(id) = user_id(inner) {
                if !ids.iter().any(|i| i == id) {
                    ids.push(id.to_string());
                }
            }
        }
    }
    ids
}

/// `text` with its control sequences rendered as Markdown, its emphasis as Markdown's
/// (`*bold*` → `**bold**`) and its entities decoded: a user
/// as `@name` (`names` gives the name for an id; else the label Slack sent; else the id), a
/// channel as `#name`, `<!here>` as `@here`, a user group as its label, a link as
/// `[label](url)` or the bare url (a `mailto:` link as the address).
pub fn readable(text: &str, names: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    for seq in sequences(text) {
        match seq {
            Seq::Text(t) => out.push_str(&super::markdown::emphasis_to_markdown(&decode(t))),
            Seq::Control(inner) => out.push_str(&control(inner, &names)),
        }
    }
    out
}

enum Seq<'a> {
    Text(&'a str),
    /// What is between `<` and `>`.
    Control(&'a str),
}

/// Splits text into plain runs and control sequences. A `<` without its `>` is text (Slack
/// never sends one: a typed `<` arrives as `&lt;`).
fn sequences(text: &str) -> Vec<Seq<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        if start > 0 {
            out.push(Seq::Text(&rest[..start]));
        }
        out.push(Seq::Control(&rest[start + 1..start + len]));
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        out.push(Seq::Text(rest));
    }
    out
}

/// `U024BE7LH` in `@U024BE7LH` or `@U024BE7LH|bo`.
fn user_id(inner: &str) -> Option<&str> {
    let id = inner.strip_prefix('@')?.split('|').next()?;
    (!id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric())).then_some(id)
}

/// The label after `|`, decoded.
fn label(inner: &str) -> Option<String> {
    inner
        .split_once('|')
        .map(|(_, l)| decode(l))
        .filter(|l| !l.is_empty())
}

fn control(inner: &str, names: &impl Fn(&str) -> Option<String>) -> String {
    if let Some(id) = user_id(inner) {
        let name = names(id)
            .or_else(|| label(inner))
            .unwrap_or_else(|| id.into());
        return format!("@{name}");
    }
    if let Some(channel) = inner.strip_prefix('#') {
        let name = label(channel).unwrap_or_else(|| channel.split('|').next().unwrap_or("").into());
        return format!("#{name}");
    }
    if let Some(special) = inner.strip_prefix('!') {
        let (what, _) = special.split_once('|').unwrap_or((special, ""));
        return match what {
            "here" | "channel" | "everyone" => format!("@{what}"),
            // `<!subteam^S123|@oncall>`, `<!date^…|fallback>`: the label is what people read.
            _ => label(special).unwrap_or_default(),
        };
    }
    let (url, text) = match inner.split_once('|') {
        Some((url, text)) => (decode(url), Some(decode(text))),
        None => (decode(inner), None),
    };
    if let Some(address) = url.strip_prefix("mailto:") {
        return text.unwrap_or_else(|| address.to_string());
    }
    match text {
        Some(text) if text != url => format!("[{text}]({url})"),
        _ => url,
    }
}

/// Slack's three entities (it escapes nothing else).
fn decode(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(id: &str) -> Option<String> {
        (id == "U1").then(|| "Ada Lovelace".to_string())
    }

    #[test]
    fn mentions_become_names() {
        assert_eq!(
            readable("<@U1> can you check? cc <@U2|bo> <@U3>", names),
            "@Ada Lovelace can you check? cc @bo @U3"
        );
        assert_eq!(mentioned_users("<@U1> <@U2|bo> <@U1> <#C1>"), ["U1", "U2"]);
    }

    #[test]
    fn channels_specials_and_links() {
        assert_eq!(
            readable("see <#C123|incidents> and <#C9>, <!here>", names),
            "see #incidents and #C9, @here"
        );
        assert_eq!(
            readable("<!subteam^S1|@oncall> paged", names),
            "@oncall paged"
        );
        assert_eq!(
            readable(
                "<https://status.example.com|the status page> and <https://x.test/a?b=1&amp;c=2>",
                names
            ),
            "[the status page](https://status.example.com) and https://x.test/a?b=1&c=2"
        );
        assert_eq!(
            readable("<mailto:ops@example.com|ops@example.com>", names),
            "ops@example.com"
        );
    }

    #[test]
    fn entities_are_decoded_once() {
        assert_eq!(
            readable(
                "p99 &lt; 1s &amp;&amp; errors &gt; 0, literally &amp;lt;",
                names
            ),
            "p99 < 1s && errors > 0, literally &lt;"
        );
        // An unmatched bracket is text.
        assert_eq!(readable("a <b", names), "a <b");
    }
}
