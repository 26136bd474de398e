//! Reading Web API arguments the way Slack does: a JSON body, a form body or a query string
//! all become one JSON object; form values are strings, and the fields Slack documents as
//! "JSON-encoded string" (blocks, view...) are parsed.

use serde_json::{Map, Value};

/// Arguments Slack takes as JSON-encoded strings in a form body.
const JSON_FIELDS: &[&str] = &[
    "blocks",
    "attachments",
    "metadata",
    "view",
    "unfurls",
    "user_auth_blocks",
];

/// Why a request's arguments could not be read, as Slack's error names it.
pub(crate) fn parse(
    content_type: Option<&str>,
    query: &str,
    body: &[u8],
) -> Result<Value, &'static str> {
    let mut args = Map::new();
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        args.insert(k.into_owned(), Value::String(v.into_owned()));
    }
    if !body.is_empty() {
        let ct = content_type.unwrap_or_default().to_ascii_lowercase();
        if ct.starts_with("application/json") {
            match serde_json::from_slice::<Value>(body) {
                Ok(Value::Object(o)) => args.extend(o),
                _ => return Err("invalid_json"),
            }
        } else if ct.starts_with("application/x-www-form-urlencoded") || ct.is_empty() {
            if ct.is_empty() {
                return Err("missing_post_type");
            }
            for (k, v) in form_urlencoded::parse(body) {
                args.insert(k.into_owned(), Value::String(v.into_owned()));
            }
        } else {
            return Err("invalid_post_type");
        }
    }
    for f in JSON_FIELDS {
        if let Some(Value::String(s)) = args.get(*f) {
            let parsed = serde_json::from_str(s).map_err(|_| "invalid_arguments")?;
            args.insert((*f).to_string(), parsed);
        }
    }
    Ok(Value::Object(args))
}

/// A string argument, `None` when absent or empty.
pub(crate) fn s<'a>(p: &'a Value, k: &str) -> Option<&'a str> {
    p[k].as_str().filter(|v| !v.is_empty())
}

/// A required string argument; `Err` is Slack's error for its absence.
pub(crate) fn req<'a>(p: &'a Value, k: &str, missing: &'static str) -> Result<&'a str, String> {
    s(p, k).ok_or_else(|| missing.to_string())
}

/// A boolean argument: `true`, `"true"` or `"1"`.
pub(crate) fn flag(p: &Value, k: &str) -> bool {
    match &p[k] {
        Value::Bool(b) => *b,
        Value::String(v) => v == "true" || v == "1",
        Value::Number(n) => n.as_i64() == Some(1),
        _ => false,
    }
}

/// A JSON argument, `Null` when absent.
pub(crate) fn j(p: &Value, k: &str) -> Value {
    p.get(k).cloned().unwrap_or(Value::Null)
}
