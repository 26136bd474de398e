//! The bot scopes each Web API method needs, for the app manifest: a scope no method or event
//! needs is a permission asked of every admin for nothing, a missing one a `missing_scope` in
//! production.

/// Every Web API method the client calls, with the bot scopes it needs (none for some:
/// `auth.test`, `chat.getPermalink` and the `views.*` methods work with any bot token, and
/// `apps.connections.open` takes the app-level token, whose `connections:write` is granted
/// with that token, not in the bot's scopes).
pub const METHOD_SCOPES: &[(&str, &[&str])] = &[
    ("auth.test", &[]),
    ("apps.connections.open", &[]),
    // chat:write.public posts where the bot was not added; chat:write.customize lets a
    // mirrored message show its author's name and avatar.
    (
        "chat.postMessage",
        &["chat:write", "chat:write.public", "chat:write.customize"],
    ),
    ("chat.update", &["chat:write"]),
    ("chat.delete", &["chat:write"]),
    ("chat.postEphemeral", &["chat:write"]),
    ("chat.getPermalink", &[]),
    ("chat.unfurl", &["links:write"]),
    // Public channels need channels:*, private ones groups:*.
    ("conversations.create", &["channels:manage", "groups:write"]),
    ("conversations.invite", &["channels:manage", "groups:write"]),
    ("conversations.join", &["channels:join"]),
    (
        "conversations.setTopic",
        &["channels:manage", "groups:write"],
    ),
    (
        "conversations.archive",
        &["channels:manage", "groups:write"],
    ),
    ("conversations.info", &["channels:read", "groups:read"]),
    ("users.lookupByEmail", &["users:read", "users:read.email"]),
    // The address in a user's profile shows only with users:read.email.
    ("users.info", &["users:read", "users:read.email"]),
    ("pins.add", &["pins:write"]),
    ("pins.remove", &["pins:write"]),
    ("reactions.add", &["reactions:write"]),
    ("views.open", &[]),
    ("views.update", &[]),
    ("views.publish", &[]),
];

#[cfg(test)]
mod tests {
    use super::METHOD_SCOPES;

    /// The method names quoted in a source file (`"family.method"`).
    fn methods_in(source: &str) -> Vec<&str> {
        source
            .split('"')
            .skip(1)
            .step_by(2)
            .filter(|s| {
                let mut parts = s.split('.');
                let family = parts.next().unwrap_or_default();
                let rest: Vec<&str> = parts.collect();
                !family.is_empty()
                    && family.bytes().all(|b| b.is_ascii_lowercase())
                    && !rest.is_empty()
                    && rest
                        .iter()
                        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphabetic()))
            })
            .collect()
    }

    #[test]
    fn every_method_the_client_calls_has_its_scopes_listed() {
        let called = methods_in(include_str!("methods.rs"));
        assert!(called.len() >= 20, "{called:?}");
        let listed: Vec<&str> = METHOD_SCOPES.iter().map(|(m, _)| *m).collect();
        for m in &called {
            assert!(listed.contains(m), "{m} is called but not in METHOD_SCOPES");
        }
        for m in &listed {
            assert!(called.contains(m), "{m} is listed but never called");
        }
    }
}
