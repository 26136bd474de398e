//! Timeline events in plain language: "raised the severity from SEV2 to SEV1". Reads `data` as
//! loose JSON so kinds this CLI does not know yet still print something useful.

use serde_json::Value;
use std::collections::HashMap;

/// What a description needs beyond the event itself: names for user ids (role events carry
/// ids only) and the kinds of other events (to say what was pinned).
#[derive(Debug, Default)]
pub struct Context {
    pub names: HashMap<i64, String>,
    pub event_kinds: HashMap<i64, String>,
}

impl Context {
    fn user(&self, id: Option<i64>) -> String {
        match id {
            Some(id) => self
                .names
                .get(&id)
                .cloned()
                .unwrap_or_else(|| format!("user #{id}")),
            None => "someone".into(),
        }
    }

    fn event(&self, id: Option<i64>) -> &'static str {
        match id
            .and_then(|id| self.event_kinds.get(&id))
            .map(String::as_str)
        {
            Some("comment_added") => "a comment",
            Some("status_update") => "a status update",
            _ => "an event",
        }
    }
}

fn text<'a>(data: &'a Value, key: &str) -> &'a str {
    data.get(key).and_then(Value::as_str).unwrap_or("?")
}

fn opt_text<'a>(data: &'a Value, key: &str) -> Option<&'a str> {
    data.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// `incident_manager` → `incident manager`.
fn humanize(key: &str) -> String {
    key.replace(['_', '-'], " ")
}

/// The number at the end of a severity key (`SEV2` → 2); lower numbers are more severe.
fn severity_rank(key: &str) -> Option<u32> {
    let digits: String = key
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse().ok()
}

fn with_reason(text: String, data: &Value) -> String {
    match opt_text(data, "reason") {
        Some(reason) => format!("{text}: {reason}"),
        None => text,
    }
}

/// One event as a sentence without its subject (the actor is printed before it).
pub fn describe(kind: &str, data: &Value, ctx: &Context) -> String {
    match kind {
        "declared" => {
            let mut s = format!(
                "declared the incident \"{}\" ({}, {}",
                text(data, "title"),
                text(data, "severity"),
                text(data, "type")
            );
            if data.get("private").and_then(Value::as_bool) == Some(true) {
                s.push_str(", private");
            }
            s.push(')');
            s
        }
        "title_changed" => format!(
            "renamed the incident from \"{}\" to \"{}\"",
            text(data, "from"),
            text(data, "to")
        ),
        "summary_changed" => match (opt_text(data, "from"), opt_text(data, "to")) {
            (_, None) => "removed the summary".into(),
            (None, Some(to)) => format!("added a summary: {to}"),
            (Some(_), Some(to)) => format!("changed the summary: {to}"),
        },
        "severity_changed" => {
            let (from, to) = (text(data, "from"), text(data, "to"));
            let verb = match (severity_rank(from), severity_rank(to)) {
                (Some(a), Some(b)) if b < a => "raised",
                (Some(a), Some(b)) if b > a => "lowered",
                _ => "changed",
            };
            format!("{verb} the severity from {from} to {to}")
        }
        "type_changed" => format!(
            "changed the type from {} to {}",
            text(data, "from"),
            text(data, "to")
        ),
        "status_changed" => {
            let (from, to) = (text(data, "from"), text(data, "to"));
            let transition = data.get("transition").and_then(Value::as_str);
            let s = match (transition, to) {
                (Some("reopened"), _) => format!("reopened the incident ({from} → {to})"),
                (Some("regressed"), _) => {
                    format!(
                        "moved the incident back from {from} to {to}; the mitigation did not hold"
                    )
                }
                (_, "resolved") => "resolved the incident".into(),
                (_, "closed") => "closed the incident".into(),
                (_, "canceled") => "canceled the incident as a false alarm".into(),
                (_, "mitigated") => "marked the incident mitigated".into(),
                _ => format!("changed the status from {from} to {to}"),
            };
            with_reason(s, data)
        }
        "visibility_changed" => with_reason(
            match data.get("private").and_then(Value::as_bool) {
                Some(true) => "made the incident private".into(),
                Some(false) => "made the incident public".into(),
                None => "changed who can see the incident".into(),
            },
            data,
        ),
        "access_granted" => with_reason(
            format!(
                "let {} see the incident",
                ctx.user(data.get("user_id").and_then(Value::as_i64))
            ),
            data,
        ),
        "informed" => {
            let who: Vec<String> = data
                .get("user_ids")
                .and_then(Value::as_array)
                .map(|ids| ids.iter().map(|id| ctx.user(id.as_i64())).collect())
                .unwrap_or_default();
            format!("informed {} ({})", who.join(", "), text(data, "reason"))
        }
        "postmortem_opened" => match data.get("automatic").and_then(Value::as_bool) {
            Some(true) => "the postmortem opened".into(),
            _ => "started the postmortem".into(),
        },
        "postmortem_state_changed" => format!(
            "moved the postmortem from {} to {} (version {})",
            text(data, "from").replace('_', " "),
            text(data, "to").replace('_', " "),
            data.get("version").and_then(Value::as_i64).unwrap_or(1)
        ),
        "response_gap" => {
            let what = format!(
                "could not {} {}: {}",
                text(data, "action"),
                text(data, "target"),
                text(data, "problem")
            );
            match opt_text(data, "rule") {
                Some(rule) => format!("rule \"{rule}\" {what}"),
                None => format!("the incident-manager setting {what}"),
            }
        }
        "role_assigned" => {
            let who = ctx.user(data.get("user_id").and_then(Value::as_i64));
            let mut s = format!("made {who} {}", humanize(text(data, "role")));
            if let Some(prev) = data.get("replaced_user_id").and_then(Value::as_i64) {
                s.push_str(&format!(", replacing {}", ctx.user(Some(prev))));
            }
            s
        }
        "role_unassigned" => format!(
            "removed {} as {}",
            ctx.user(data.get("user_id").and_then(Value::as_i64)),
            humanize(text(data, "role"))
        ),
        "tag_added" => {
            let mut s = format!("tagged the incident #{}", text(data, "tag"));
            if opt_text(data, "source") == Some("hashtag") {
                s.push_str(" (from a #hashtag)");
            }
            s
        }
        "tag_removed" => format!("removed the tag #{}", text(data, "tag")),
        "comment_added" => format!("commented: {}", text(data, "body")),
        "comment_edited" => format!("edited a comment: {}", text(data, "body")),
        "comment_deleted" => "deleted a comment".into(),
        "status_update" => match opt_text(data, "status") {
            Some(status) => format!("posted a status update ({status}): {}", text(data, "body")),
            None => format!("posted a status update: {}", text(data, "body")),
        },
        "pinned" => format!(
            "pinned {}",
            ctx.event(data.get("event_id").and_then(Value::as_i64))
        ),
        "unpinned" => format!(
            "unpinned {}",
            ctx.event(data.get("event_id").and_then(Value::as_i64))
        ),
        other => match data {
            Value::Object(map) if !map.is_empty() => format!("{} {data}", humanize(other)),
            _ => humanize(other),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn d(kind: &str, data: Value) -> String {
        let mut ctx = Context::default();
        ctx.names.insert(3, "Ana Lopez".into());
        ctx.names.insert(4, "Bo Chen".into());
        ctx.event_kinds.insert(10, "comment_added".into());
        describe(kind, &data, &ctx)
    }

    #[test]
    fn what_the_response_did_and_could_not_do_is_said() {
        assert_eq!(
            d(
                "informed",
                json!({"user_ids": [3, 4], "reason": "team Legal by rule: Leaks"})
            ),
            "informed Ana Lopez, Bo Chen (team Legal by rule: Leaks)"
        );
        assert_eq!(
            d(
                "postmortem_state_changed",
                json!({"from": "changes_requested", "to": "in_review", "version": 2, "reviewers": [3]})
            ),
            "moved the postmortem from changes requested to in review (version 2)"
        );
        assert_eq!(
            d(
                "response_gap",
                json!({"rule": "Leaks", "action": "page", "target": "Security", "problem": "no team of that name exists yet"})
            ),
            "rule \"Leaks\" could not page Security: no team of that name exists yet"
        );
        assert_eq!(
            d(
                "access_granted",
                json!({"user_id": 4, "reason": "our counsel"})
            ),
            "let Bo Chen see the incident: our counsel"
        );
        assert_eq!(
            d(
                "visibility_changed",
                json!({"private": false, "reason": "customers were told"})
            ),
            "made the incident public: customers were told"
        );
    }

    #[test]
    fn severity_changes_say_which_way() {
        let s = |from: &str, to: &str| d("severity_changed", json!({"from": from, "to": to}));
        assert_eq!(s("SEV2", "SEV1"), "raised the severity from SEV2 to SEV1");
        assert_eq!(s("SEV1", "SEV3"), "lowered the severity from SEV1 to SEV3");
        assert_eq!(s("HIGH", "LOW"), "changed the severity from HIGH to LOW");
    }

    #[test]
    fn status_changes_use_lifecycle_words() {
        let s = |v: Value| d("status_changed", v);
        assert_eq!(
            s(json!({"from": "active", "to": "mitigated", "transition": "forward"})),
            "marked the incident mitigated"
        );
        assert_eq!(
            s(
                json!({"from": "mitigated", "to": "resolved", "reason": "rolled back", "transition": "forward"})
            ),
            "resolved the incident: rolled back"
        );
        assert_eq!(
            s(json!({"from": "resolved", "to": "active", "transition": "reopened"})),
            "reopened the incident (resolved → active)"
        );
        assert_eq!(
            s(json!({"from": "triage", "to": "active", "transition": "forward"})),
            "changed the status from triage to active"
        );
        assert_eq!(
            s(
                json!({"from": "active", "to": "canceled", "reason": "test alert", "transition": "forward"})
            ),
            "canceled the incident as a false alarm: test alert"
        );
    }

    #[test]
    fn people_are_named() {
        assert_eq!(
            d(
                "role_assigned",
                json!({"role": "incident_manager", "user_id": 3, "replaced_user_id": 4})
            ),
            "made Ana Lopez incident manager, replacing Bo Chen"
        );
        assert_eq!(
            d(
                "role_unassigned",
                json!({"role": "responder", "user_id": 9})
            ),
            "removed user #9 as responder"
        );
    }

    #[test]
    fn the_other_kinds() {
        assert_eq!(
            d(
                "declared",
                json!({"title": "DB down", "severity": "SEV1", "type": "outage", "private": true})
            ),
            "declared the incident \"DB down\" (SEV1, outage, private)"
        );
        assert_eq!(
            d("comment_added", json!({"body": "restarting"})),
            "commented: restarting"
        );
        assert_eq!(
            d(
                "status_update",
                json!({"body": "fixed", "status": "resolved"})
            ),
            "posted a status update (resolved): fixed"
        );
        assert_eq!(
            d("tag_added", json!({"tag": "db", "source": "hashtag"})),
            "tagged the incident #db (from a #hashtag)"
        );
        assert_eq!(d("pinned", json!({"event_id": 10})), "pinned a comment");
        assert_eq!(
            d("visibility_changed", json!({"private": false})),
            "made the incident public"
        );
        assert_eq!(
            d("summary_changed", json!({"from": null, "to": "why"})),
            "added a summary: why"
        );
    }

    #[test]
    fn unknown_kinds_still_print() {
        assert_eq!(
            d("page_sent", json!({"to": "bo"})),
            "page sent {\"to\":\"bo\"}"
        );
        assert_eq!(d("alert_attached", Value::Null), "alert attached");
    }
}
