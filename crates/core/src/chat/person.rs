//! People named in chat: a Slack mention (`<@U024BE7LH>` or `<@U024BE7LH|bo>`, what Slack sends
//! when the command escapes mentions), a handle (`@bo`, what Mattermost sends), an email, or
//! `me`. The adapter turns each into a Goldseam user by email; someone without an account gets a
//! clear answer and nothing is created.

/// A person as named in a chat message or command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonRef {
    /// Whoever typed the command.
    Me,
    /// A platform user id (Slack's `U…`), with the name shown when Slack gave one.
    ChatUser {
        /// The platform's user id.
        id: String,
        /// The display name in the mention, if any.
        name: Option<String>,
    },
    /// A handle without the `@` (Mattermost usernames, unescaped Slack names).
    Handle(String),
    /// An email address, lowercased.
    Email(String),
}

/// Splits `text` into the people it names and, when other words remain, a team name made of
/// them (`page @bo Database team` → bo, and the team "Database team").
pub fn parse_people(text: &str) -> (Vec<PersonRef>, Option<String>) {
    let mut people = Vec::new();
    let mut rest = Vec::new();
    for word in text.split_whitespace() {
        match parse_person(word) {
            Some(p) if !people.contains(&p) => people.push(p),
            Some(_) => {}
            None => rest.push(word),
        }
    }
    let team = (!rest.is_empty()).then(|| rest.join(" "));
    (people, team)
}

/// One word as a person, or `None` when it names no one.
pub fn parse_person(word: &str) -> Option<PersonRef> {
    let word = word.trim_matches(|c: char| c == ',' || c == ';');
    if word.eq_ignore_ascii_case("me") {
        return Some(PersonRef::Me);
    }
    if let Some(inner) = word.strip_prefix("<@").and_then(|w| w.strip_suffix('>')) {
        let (id, name) = match inner.split_once('|') {
            Some((id, name)) => (id, Some(name.to_string())),
            None => (inner, None),
        };
        let id_ok = !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric());
        return id_ok.then(|| PersonRef::ChatUser {
            id: id.to_string(),
            name,
        });
    }
    if let Some(handle) = word.strip_prefix('@') {
        let ok = !handle.is_empty()
            && handle
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'));
        return ok.then(|| PersonRef::Handle(handle.to_lowercase()));
    }
    // A plain email, or Slack's escaped `<mailto:bo@example.com|bo@example.com>`.
    let email = word
        .strip_prefix("<mailto:")
        .and_then(|w| w.strip_suffix('>'))
        .map(|w| w.split('|').next().unwrap_or(w))
        .unwrap_or(word);
    match email.split_once('@') {
        Some((local, domain))
            if !local.is_empty() && domain.contains('.') && !email.contains(['<', '>', '|']) =>
        {
            Some(PersonRef::Email(email.to_lowercase()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str, name: Option<&str>) -> PersonRef {
        PersonRef::ChatUser {
            id: id.into(),
            name: name.map(String::from),
        }
    }

    #[test]
    fn reads_each_way_a_person_is_named() {
        assert_eq!(parse_person("<@U024BE7LH>"), Some(user("U024BE7LH", None)));
        assert_eq!(
            parse_person("<@U024BE7LH|bo>"),
            Some(user("U024BE7LH", Some("bo")))
        );
        assert_eq!(
            parse_person("@Bo.Smith"),
            Some(PersonRef::Handle("bo.smith".into()))
        );
        assert_eq!(
            parse_person("Bo@Example.com"),
            Some(PersonRef::Email("bo@example.com".into()))
        );
        assert_eq!(
            parse_person("<mailto:bo@example.com|bo@example.com>"),
            Some(PersonRef::Email("bo@example.com".into()))
        );
        assert_eq!(parse_person("ME"), Some(PersonRef::Me));
    }

    #[test]
    fn words_that_name_no_one_stay_words() {
        for word in [
            "Database",
            "@",
            "<@>",
            "<@U1 x>",
            "bo@",
            "@bo!",
            "<#C123|general>",
        ] {
            assert_eq!(parse_person(word), None, "{word}");
        }
    }

    #[test]
    fn the_other_words_name_a_team_and_repeats_count_once() {
        let (people, team) = parse_people("@bo, database team <@U1> @bo");
        assert_eq!(
            people,
            vec![PersonRef::Handle("bo".into()), user("U1", None)]
        );
        assert_eq!(team.as_deref(), Some("database team"));
        assert_eq!(parse_people("  "), (vec![], None));
    }
}
