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

    /// A list of elements (a card's body, a container's items).
    fn elements(&self, list: &Value, at: &str) -> Result<(), String> {
        let items = list
            .as_array()
            .ok_or_else(|| format!("{at}: expected an array of elements"))?;
        for (i, e) in items.iter().enumerate() {
            self.element(e, &format!("{at}[{i}]"))?;
        }
        Ok(())
    }

    fn element(&self, e: &Value, at: &str) -> Result<(), String> {
        let o = object(e, at)?;
        let kind = self.string(o, at, "type")?;
        self.one_of(
            o,
            at,
            "spacing",
            &[
                "default",
                "none",
                "small",
                "medium",
                "large",
                "extraLarge",
                "padding",
            ],
        )?;
        self.one_of(o, at, "height", &["auto", "stretch"])?;
        self.boolean(o, at, &["separator", "isVisible"])?;
        match kind.as_str() {
            "TextBlock" => self.text_block(o, at),
            "FactSet" => self.fact_set(o, at),
            "ColumnSet" => self.column_set(o, at),
            "Container" => self.container(o, at),
            "ActionSet" => {
                if self.v < V12 {
                    return Err(format!("{at}: ActionSet needs version 1.2"));
                }
                self.element_props(o, at, &[("actions", V12)])?;
                let actions = o
                    .get("actions")
                    .ok_or_else(|| format!("{at}: `actions` is required"))?;
                self.actions(actions, &format!("{at}.actions"))
            }
            other => Err(format!(
                "{at}: element type {other:?} is not one a notification card uses (TextBlock, FactSet, ColumnSet, Container, ActionSet)"
            )),
        }
    }

    fn text_block(&self, o: &Map<String, Value>, at: &str) -> Result<(), String> {
        self.element_props(
            o,
            at,
            &[
                ("text", V10),
                ("color", V10),
                ("horizontalAlignment", V10),
                ("isSubtle", V10),
                ("maxLines", V10),
                ("size", V10),
                ("weight", V10),
                ("wrap", V10),
                ("fontType", V12),
                ("style", V15),
            ],
        )?;
        let text = self.string(o, at, "text")?;
        if text.trim().is_empty() {
            return Err(format!("{at}: `text` is empty"));
        }
        self.one_of(
            o,
            at,
            "size",
            &["default", "small", "medium", "large", "extraLarge"],
        )?;
        self.one_of(o, at, "weight", &["default", "lighter", "bolder"])?;
        self.one_of(o, at, "color", COLORS)?;
        self.one_of(o, at, "horizontalAlignment", &["left", "center", "right"])?;
        self.one_of(o, at, "fontType", &["default", "monospace"])?;
        self.one_of(o, at, "style", &["default", "heading"])?;
        self.boolean(o, at, &["isSubtle", "wrap"])?;
        if o.get("maxLines").is_some_and(|n| !n.is_u64()) {
            return Err(format!("{at}: `maxLines` must be a whole number"));
        }
        Ok(())
    }

    fn fact_set(&self, o: &Map<String, Value>, at: &str) -> Result<(), String> {
        self.element_props(o, at, &[("facts", V10)])?;
        let facts = o
            .get("facts")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("{at}: `facts` is required (an array)"))?;
        for (i, f) in facts.iter().enumerate() {
            let at = format!("{at}.facts[{i}]");
            let f = object(f, &at)?;
            for key in f.keys() {
                if key != "title" && key != "value" {
                    return Err(format!("{at}: unknown property `{key}`"));
                }
            }
            self.string(f, &at, "title")?;
            self.string(f, &at, "value")?;
        }
        Ok(())
    }

    fn container(&self, o: &Map<String, Value>, at: &str) -> Result<(), String> {
        self.element_props(
            o,
            at,
            &[
                ("items", V10),
                ("style", V10),
                ("selectAction", V11),
                ("verticalContentAlignment", V11),
                ("bleed", V12),
                ("minHeight", V12),
                ("rtl", V15),
            ],
        )?;
        self.style(o, at)?;
        self.boolean(o, at, &["bleed", "rtl"])?;
        self.one_of(
            o,
            at,
            "verticalContentAlignment",
            &["top", "center", "bottom"],
        )?;
        if let Some(a) = o.get("selectAction") {
            self.action(a, &format!("{at}.selectAction"))?;
        }
        let items = o
            .get("items")
            .ok_or_else(|| format!("{at}: `items` is required"))?;
        self.elements(items, &format!("{at}.items"))
    }

    /// A container's style: `default` and `emphasis` from 1.0, the colours from 1.2.
    fn style(&self, o: &Map<String, Value>, at: &str) -> Result<(), String> {
        self.one_of(
            o,
            at,
            "style",
            &[
                "default",
                "emphasis",
                "good",
                "attention",
                "warning",
                "accent",
            ],
        )?;
        match o.get("style").and_then(Value::as_str) {
            Some(s) if self.v < V12 && !["default", "emphasis"].contains(&s) => {
                Err(format!("{at}: style {s:?} needs version 1.2"))
            }
            _ => Ok(()),
        }
    }

    fn column_set(&self, o: &Map<String, Value>, at: &str) -> Result<(), String> {
        self.element_props(
            o,
            at,
            &[
                ("columns", V10),
                ("horizontalAlignment", V10),
                ("selectAction", V11),
                ("style", V12),
                ("bleed", V12),
                ("minHeight", V12),
            ],
        )?;
        self.style(o, at)?;
        self.boolean(o, at, &["bleed"])?;
        self.one_of(o, at, "horizontalAlignment", &["left", "center", "right"])?;
        let Some(columns) = o.get("columns") else {
            return Ok(());
        };
        let columns = columns
            .as_array()
            .ok_or_else(|| format!("{at}: `columns` must be an array"))?;
        for (i, c) in columns.iter().enumerate() {
            let at = format!("{at}.columns[{i}]");
            let c = object(c, &at)?;
            if c.get("type").is_some_and(|t| t != "Column") {
                return Err(format!("{at}: a column's `type` is \"Column\""));
            }
            self.element_props(
                c,
                &at,
                &[
                    ("items", V10),
                    ("style", V10),
                    ("width", V10),
                    ("selectAction", V11),
                    ("verticalContentAlignment", V11),
                    ("bleed", V12),
                    ("minHeight", V12),
                    ("rtl", V15),
                ],
            )?;
            self.style(c, &at)?;
            self.width(c, &at)?;
            if let Some(items) = c.get("items") {
                self.elements(items, &format!("{at}.items"))?;
            }
        }
        Ok(())
    }

    /// `auto`, `stretch`, a weight (`2`, `"2"`) or pixels (`"50px"`).
    fn width(&self, o: &Map<String, Value>, at: &str) -> Result<(), String> {
        let ok = match o.get("width") {
            None => true,
            Some(Value::Number(n)) => n.as_f64().is_some_and(|n| n > 0.0),
            Some(Value::String(s)) => {
                let s = s.to_ascii_lowercase();
                s == "auto"
                    || s == "stretch"
                    || s.parse::<f64>().is_ok_and(|n| n > 0.0)
                    || s.strip_suffix("px")
                        .is_some_and(|p| p.parse::<u32>().is_ok())
            }
            Some(_) => false,
        };
        if ok {
            Ok(())
        } else {
            Err(format!(
                "{at}: `width` must be auto, stretch, a weight or pixels (\"50px\")"
            ))
        }
    }

    fn actions(&self, list: &Value, at: &str) -> Result<(), String> {
        let actions = list
            .as_array()
            .ok_or_else(|| format!("{at}: expected an array of actions"))?;
        for (i, a) in actions.iter().enumerate() {
            self.action(a, &format!("{at}[{i}]"))?;
        }
        Ok(())
    }

    fn action(&self, a: &Value, at: &str) -> Result<(), String> {
        let o = object(a, at)?;
        let kind = self.string(o, at, "type")?;
        match kind.as_str() {
            "Action.OpenUrl" => {}
            "Action.Submit" | "Action.Execute" => {
                return Err(format!(
                    "{at}: {kind} needs a bot to receive it; a Workflows webhook's card cannot call back (use Action.OpenUrl)"
                ))
            }
            other => {
                return Err(format!(
                    "{at}: action type {other:?}: only Action.OpenUrl works on a Workflows card"
                ))
            }
        }
        self.props(
            o,
            at,
            &[
                ("type", V10),
                ("url", V10),
                ("title", V10),
                ("id", V10),
                ("iconUrl", V11),
                ("style", V12),
                ("fallback", V12),
                ("requires", V12),
                ("tooltip", V15),
                ("isEnabled", V15),
                ("mode", V15),
            ],
        )?;
        let url = self.string(o, at, "url")?;
        if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains(' ') {
            return Err(format!(
                "{at}: `url` {url:?} is not an absolute http(s) URL"
            ));
        }
        if o.get("title").is_some() {
            self.string(o, at, "title")?;
        }
        self.one_of(o, at, "style", &["default", "positive", "destructive"])?;
        self.one_of(o, at, "mode", &["primary", "secondary"])?;
        self.boolean(o, at, &["isEnabled"])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const MAX: Version = (1, 5);

    fn message(card: Value) -> Value {
        json!({"type": "message", "attachments": [
            {"contentType": ADAPTIVE_CARD, "contentUrl": null, "content": card}
        ]})
    }

    fn card() -> Value {
        json!({
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard",
            "version": "1.5",
            "msteams": {"width": "Full"},
            "body": [
                {"type": "Container", "style": "attention", "bleed": true, "items": [
                    {"type": "TextBlock", "text": "INC-1 · Checkout down", "size": "Large",
                     "weight": "Bolder", "wrap": true, "style": "heading"}
                ]},
                {"type": "FactSet", "facts": [{"title": "Severity", "value": "SEV1"}]},
                {"type": "ColumnSet", "columns": [
                    {"type": "Column", "width": "auto", "items": [
                        {"type": "TextBlock", "text": "left"}]},
                    {"type": "Column", "width": "stretch", "items": []}
                ]},
                {"type": "ActionSet", "actions": [
                    {"type": "Action.OpenUrl", "title": "Runbook", "url": "https://example.com/r"}
                ]}
            ],
            "actions": [{"type": "Action.OpenUrl", "title": "Open", "url": "https://example.com/i/1"}]
        })
    }

    fn refused(card: Value) -> String {
        check_message(&message(card), MAX).unwrap_err()
    }

    #[test]
    fn a_notification_card_passes() {
        let cards = check_message(&message(card()), MAX).unwrap();
        assert_eq!(cards.len(), 1);
    }

    #[test]
    fn the_envelope_is_checked() {
        let e = check_message(&json!({"attachments": []}), MAX).unwrap_err();
        assert!(e.contains("`type` must be \"message\""), "{e}");
        let e = check_message(&json!({"type": "message", "text": "hi"}), MAX).unwrap_err();
        assert!(e.contains("attachments"), "{e}");
        let mut m = message(card());
        m["attachments"][0]["contentType"] =
            json!("application/vnd.microsoft.teams.card.o365connector");
        assert!(check_message(&m, MAX).unwrap_err().contains("contentType"));
        m = message(card());
        m["attachments"][0]["contentUrl"] = json!("https://example.com/card.json");
        assert!(check_message(&m, MAX).unwrap_err().contains("contentUrl"));
    }

    #[test]
    fn versions_are_those_declared_and_features_need_theirs() {
        let mut c = card();
        c["version"] = json!("1.6");
        assert!(refused(c).contains("not one of"));
        let mut c = card();
        c["version"] = json!("1.4");
        // `style: heading` on a TextBlock is 1.5.
        let e = refused(c);
        assert!(e.contains("`style` needs version 1.5"), "{e}");
        let mut c = card();
        c["version"] = json!("1.1");
        c["body"] = json!([{"type": "ActionSet", "actions": []}]);
        assert!(refused(c).contains("ActionSet needs version 1.2"));
        let c = card();
        assert!(
            check_message(&message(c), (1, 4))
                .unwrap_err()
                .contains("newer than"),
            "a host that renders 1.4 refuses a 1.5 card"
        );
        let mut c = card();
        c.as_object_mut().unwrap().remove("version");
        assert!(refused(c).contains("`version` is required"));
    }

    #[test]
    fn elements_need_their_fields_and_known_values() {
        let with = |element: Value| {
            let mut c = card();
            c["body"] = json!([element]);
            refused(c)
        };
        assert!(with(json!({"type": "TextBlock"})).contains("`text` is required"));
        assert!(with(json!({"type": "TextBlock", "text": " "})).contains("empty"));
        assert!(with(json!({"type": "TextBlock", "text": "x", "size": "huge"})).contains("`size`"));
        assert!(
            with(json!({"type": "TextBlock", "text": "x", "wieght": "bolder"}))
                .contains("unknown property `wieght`")
        );
        assert!(with(json!({"type": "FactSet", "facts": [{"title": "A"}]}))
            .contains(".body[0].facts[0]: `value` is required"));
        assert!(with(json!({"type": "Container"})).contains("`items` is required"));
        assert!(with(json!({"type": "Image", "url": "https://x/y.png"}))
            .contains("not one a notification card uses"));
        assert!(
            with(json!({"type": "ColumnSet", "columns": [{"width": "wide"}]})).contains("`width`")
        );
    }

    #[test]
    fn only_links_are_actions() {
        let mut c = card();
        c["actions"] = json!([{"type": "Action.Submit", "title": "Resolve", "data": {}}]);
        assert!(refused(c).contains("cannot call back"));
        let mut c = card();
        c["actions"] = json!([{"type": "Action.OpenUrl", "title": "Open"}]);
        assert!(refused(c).contains("`url` is required"));
        let mut c = card();
        c["actions"] = json!([{"type": "Action.OpenUrl", "url": "/incidents/1"}]);
        assert!(refused(c).contains("absolute"));
    }
}
