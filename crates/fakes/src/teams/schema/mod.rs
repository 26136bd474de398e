//! The Adaptive Card checks: the message envelope a Workflows webhook takes, then each card
//! against the Adaptive Card schema (adaptivecards.io/explorer, versions 1.0 to 1.5) as far as
//! a notification card uses it: `TextBlock`, `FactSet`, `ColumnSet`/`Column`, `Container`,
//! `ActionSet` and `Action.OpenUrl`. Every element and property must exist in the version the
//! card declares (an `ActionSet` in a 1.0 card is refused), required properties must be there,
//! enumerations hold their values (compared without case, as renderers parse them), and
//! unknown properties are refused, so a misspelt `wieght` fails a test instead of silently
//! rendering plain.
//!
//! Stricter than the service on purpose: Workflows answers `202` to any JSON and the flow run
//! fails later, out of sight ("We're sorry, this card couldn't be displayed", or a failed run
//! in Power Automate). A card this fake refuses would have been lost that way.

use serde_json::{Map, Value};

mod elements;
#[cfg(test)]
mod tests;

/// The `contentType` of an Adaptive Card attachment.
pub const ADAPTIVE_CARD: &str = "application/vnd.microsoft.card.adaptive";

/// A schema version, `1.5` as `(1, 5)`.
pub type Version = (u32, u32);

/// The versions this checker knows.
pub const KNOWN: &[&str] = &["1.0", "1.1", "1.2", "1.3", "1.4", "1.5"];

/// Reads `"1.5"`.
pub fn parse_version(s: &str) -> Option<Version> {
    KNOWN.contains(&s).then_some(())?;
    let (major, minor) = s.split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

/// Checks a whole request body; the cards it carries, or why it would not show.
pub fn check_message(body: &Value, max: Version) -> Result<Vec<Value>, String> {
    let Some(message) = body.as_object() else {
        return Err("the body is not a JSON object".into());
    };
    if message.get("type").and_then(Value::as_str) != Some("message") {
        return Err("`type` must be \"message\" (the envelope around the cards)".into());
    }
    let Some(attachments) = message.get("attachments").and_then(Value::as_array) else {
        return Err("`attachments` must be an array of cards (the flow posts each of them)".into());
    };
    if attachments.is_empty() {
        return Err("`attachments` is empty: nothing would be posted".into());
    }
    let mut cards = Vec::new();
    for (i, a) in attachments.iter().enumerate() {
        let at = format!("attachments[{i}]");
        let a = object(a, &at)?;
        if a.get("contentType").and_then(Value::as_str) != Some(ADAPTIVE_CARD) {
            return Err(format!("{at}.contentType must be \"{ADAPTIVE_CARD}\""));
        }
        if !matches!(a.get("contentUrl"), None | Some(Value::Null)) {
            return Err(format!(
                "{at}.contentUrl must be null: the card travels inline"
            ));
        }
        let content = a
            .get("content")
            .ok_or_else(|| format!("{at}.content is required"))?;
        check_card(content, max).map_err(|e| format!("{at}.content{e}"))?;
        cards.push(content.clone());
    }
    Ok(cards)
}

/// Checks one card; errors start with the path inside it (`.body[1].facts[0]: …`).
pub fn check_card(card: &Value, max: Version) -> Result<(), String> {
    let o = object(card, "")?;
    if o.get("type").and_then(Value::as_str) != Some("AdaptiveCard") {
        return Err(": `type` must be \"AdaptiveCard\"".into());
    }
    let declared = o
        .get("version")
        .and_then(Value::as_str)
        .ok_or(": `version` is required (\"1.5\")")?;
    let v = parse_version(declared)
        .ok_or_else(|| format!(": version {declared:?} is not one of {}", KNOWN.join(", ")))?;
    if v > max {
        return Err(format!(
            ": version {declared} is newer than this host renders ({}.{})",
            max.0, max.1
        ));
    }
    if let Some(s) = o.get("$schema") {
        let s = s.as_str().unwrap_or_default();
        if s.trim_start_matches("https://")
            .trim_start_matches("http://")
            != "adaptivecards.io/schemas/adaptive-card.json"
        {
            return Err(format!(": $schema {s:?} is not the Adaptive Card schema"));
        }
    }
    let c = Checker { v };
    c.props(
        o,
        "",
        &[
            ("type", V10),
            ("version", V10),
            ("$schema", V10),
            ("body", V10),
            ("actions", V10),
            ("fallbackText", V10),
            ("speak", V10),
            ("lang", V10),
            ("selectAction", V11),
            ("verticalContentAlignment", V11),
            ("minHeight", V12),
            ("rtl", V15),
            // Teams' own extension: `{"width": "Full"}` for a full-width card.
            ("msteams", V10),
        ],
    )?;
    if let Some(teams) = o.get("msteams") {
        let width = teams.get("width").and_then(Value::as_str);
        if !matches!(width, Some(w) if w.eq_ignore_ascii_case("full")) {
            return Err(": msteams must be {\"width\": \"Full\"}".into());
        }
    }
    c.one_of(
        o,
        "",
        "verticalContentAlignment",
        &["top", "center", "bottom"],
    )?;
    if let Some(body) = o.get("body") {
        c.elements(body, ".body")?;
    }
    if let Some(actions) = o.get("actions") {
        c.actions(actions, ".actions")?;
    }
    if let Some(a) = o.get("selectAction") {
        c.action(a, ".selectAction")?;
    }
    if o.get("body").is_none() && o.get("actions").is_none() {
        return Err(": the card has neither `body` nor `actions`: it would show empty".into());
    }
    Ok(())
}

const V10: Version = (1, 0);
const V11: Version = (1, 1);
const V12: Version = (1, 2);
const V15: Version = (1, 5);

/// Properties every element may carry.
const COMMON: &[(&str, Version)] = &[
    ("type", V10),
    ("id", V10),
    ("spacing", V10),
    ("separator", V10),
    ("height", V11),
    ("isVisible", V12),
    ("requires", V12),
];

/// Colours a text may take.
const COLORS: &[&str] = &[
    "default",
    "dark",
    "light",
    "accent",
    "good",
    "warning",
    "attention",
];

fn object<'a>(v: &'a Value, at: &str) -> Result<&'a Map<String, Value>, String> {
    v.as_object()
        .ok_or_else(|| format!("{at}: expected an object"))
}

struct Checker {
    /// The version the card declares.
    v: Version,
}

impl Checker {
    /// Each property must be known, and known in the declared version.
    fn props(
        &self,
        o: &Map<String, Value>,
        at: &str,
        allowed: &[(&str, Version)],
    ) -> Result<(), String> {
        for key in o.keys() {
            let since = allowed.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
            match since {
                None => return Err(format!("{at}: unknown property `{key}`")),
                Some(since) if since > self.v => {
                    return Err(format!(
                        "{at}: `{key}` needs version {}.{} (the card declares {}.{})",
                        since.0, since.1, self.v.0, self.v.1
                    ))
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// An element's properties: its own and those every element may carry.
    fn element_props(
        &self,
        o: &Map<String, Value>,
        at: &str,
        own: &[(&str, Version)],
    ) -> Result<(), String> {
        let all: Vec<(&str, Version)> = own.iter().chain(COMMON).copied().collect();
        self.props(o, at, &all)
    }

    /// An optional enumeration.
    fn one_of(
        &self,
        o: &Map<String, Value>,
        at: &str,
        key: &str,
        values: &[&str],
    ) -> Result<(), String> {
        match o.get(key) {
            None => Ok(()),
            Some(Value::String(s)) if values.iter().any(|v| v.eq_ignore_ascii_case(s)) => Ok(()),
            Some(other) => Err(format!(
                "{at}: `{key}` is {other}, not one of {}",
                values.join(", ")
            )),
        }
    }

    fn boolean(&self, o: &Map<String, Value>, at: &str, keys: &[&str]) -> Result<(), String> {
        for k in keys {
            if o.get(*k).is_some_and(|v| !v.is_boolean()) {
                return Err(format!("{at}: `{k}` must be true or false"));
            }
        }
        Ok(())
    }

    fn string(&self, o: &Map<String, Value>, at: &str, key: &str) -> Result<String, String> {
        match o.get(key) {
            Some(Value::String(s)) => Ok(s.clone()),
            Some(other) => Err(format!("{at}: `{key}` must be a string, not {other}")),
            None => Err(format!("{at}: `{key}` is required")),
        }
    }
}
