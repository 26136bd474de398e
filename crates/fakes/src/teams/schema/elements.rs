//! The elements and actions a notification card uses, each checked for its required
//! properties, its enumerations and the version it first appeared in.

use super::{object, Checker, COLORS, V10, V11, V12, V15};
use serde_json::{Map, Value};

impl Checker {
    pub(super) fn elements(&self, list: &Value, at: &str) -> Result<(), String> {
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

    pub(super) fn actions(&self, list: &Value, at: &str) -> Result<(), String> {
        let actions = list
            .as_array()
            .ok_or_else(|| format!("{at}: expected an array of actions"))?;
        for (i, a) in actions.iter().enumerate() {
            self.action(a, &format!("{at}[{i}]"))?;
        }
        Ok(())
    }

    pub(super) fn action(&self, a: &Value, at: &str) -> Result<(), String> {
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
