//! What people type after the slash command (`/inc …` in Slack and Mattermost), parsed once
//! into a [`ChatCommand`] so both platforms run the same actions. A mistake gets a [`Usage`]
//! answer that says what was wrong and shows the forms that work, shown only to the person who
//! typed it; nothing is changed.
//!
//! The incident is named first (`/inc INC-42 severity SEV1`) or, inside an incident's own
//! channel, left out: [`ChatCommand::target`] decides which applies.

use super::person::{parse_people, PersonRef};
use crate::error::DomainError;
use crate::id::IncidentId;
use crate::status::Status;
use crate::text::{Body, Reason, Title};

/// One parsed slash command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatCommand {
    /// The incident named in the command (`INC-42`), if any.
    pub incident: Option<IncidentId>,
    /// What to do.
    pub action: ChatAction,
}

/// The actions a slash command can ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChatAction {
    /// Open the declare form, its title prefilled when one was typed.
    Declare {
        /// The title typed after `declare`.
        title: Option<Title>,
    },
    /// Show how to use the command.
    Help,
    /// Show the incident's state (only to the person asking).
    Show,
    /// Post a status update for stakeholders.
    Update {
        /// The update's markdown.
        body: Body,
    },
    /// Change the severity.
    Severity {
        /// The severity key as typed (the catalog decides whether it exists).
        key: String,
    },
    /// Move the incident to a status.
    Status {
        /// The status asked for.
        status: Status,
    },
    /// Resolve the incident, with an optional note.
    Resolve {
        /// Why, or what fixed it.
        note: Option<Reason>,
    },
    /// Page people and/or a team.
    Page {
        /// The people named.
        people: Vec<PersonRef>,
        /// A team named by the rest of the words.
        team: Option<String>,
    },
    /// Make someone the incident manager.
    Lead {
        /// Who.
        person: PersonRef,
    },
}

impl ChatAction {
    /// Whether the action works on one incident (and so needs one named or a channel's).
    pub fn needs_incident(&self) -> bool {
        !matches!(self, ChatAction::Declare { .. } | ChatAction::Help)
    }
}

/// Why a command was not run, with the forms that work; shown to the person only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage {
    /// The message, plain text with the command's forms.
    pub message: String,
}

/// The slash command Goldseam registers (the Slack manifest names it) and answers to.
pub const COMMAND: &str = "/inc";

/// The subcommands, as listed in help and the Slack manifest's usage hint.
pub const SUBCOMMANDS: &[&str] = &[
    "declare", "update", "severity", "status", "resolve", "page", "lead", "help",
];

/// The forms of the command, one a line, for help and usage answers.
pub fn help_text(command: &str) -> String {
    [
        format!("{command} [declare] [title]: declare an incident (opens a form)"),
        format!("{command} [INC-42] update TEXT: post a status update"),
        format!("{command} [INC-42] severity SEV1: change the severity"),
        format!("{command} [INC-42] status active|mitigated|resolved|closed: change the status"),
        format!("{command} [INC-42] resolve [what fixed it]: resolve the incident"),
        format!("{command} [INC-42] page @person… [team]: page people or a team"),
        format!("{command} [INC-42] lead @person|me: make someone the incident manager"),
        format!("{command} [INC-42]: show the incident"),
        format!("{command} help: this list"),
        "In an incident's channel, leave out INC-42.".to_string(),
    ]
    .join("\n")
}

fn usage(command: &str, problem: impl std::fmt::Display) -> Usage {
    Usage {
        message: format!("{problem}\n\n{}", help_text(command)),
    }
}

fn field_error(command: &str, e: DomainError) -> Usage {
    // The field name means nothing in a chat box; the message says what is accepted.
    let detail = match e {
        DomainError::Invalid { message, .. } => message,
        other => other.to_string(),
    };
    usage(command, detail)
}

/// Parses the text typed after `command` (`/inc`).
pub fn parse(command: &str, text: &str) -> Result<ChatCommand, Usage> {
    let text = text.trim();
    let (incident, rest) = match split_word(text) {
        (first, rest) if looks_like_reference(first) => {
            let id = IncidentId::parse_reference(first).map_err(|e| field_error(command, e))?;
            (Some(id), rest)
        }
        _ => (None, text),
    };
    let (verb, args) = split_word(rest);
    let action = match verb.to_ascii_lowercase().as_str() {
        "" if incident.is_some() => ChatAction::Show,
        "" => ChatAction::Declare { title: None },
        "declare" | "new" => {
            if incident.is_some() {
                return Err(usage(
                    command,
                    "declare starts a new incident: leave out the reference.",
                ));
            }
            let title = match args {
                "" => None,
                t => Some(Title::parse("title", t).map_err(|e| field_error(command, e))?),
            };
            ChatAction::Declare { title }
        }
        "help" => ChatAction::Help,
        "show" | "info" => ChatAction::Show,
        "update" => {
            if args.is_empty() {
                return Err(usage(
                    command,
                    "update needs the text of the status update.",
                ));
            }
            ChatAction::Update {
                body: Body::parse("update", args).map_err(|e| field_error(command, e))?,
            }
        }
        "severity" | "sev" => match args.split_whitespace().collect::<Vec<_>>()[..] {
            [key] => ChatAction::Severity {
                key: key.to_ascii_uppercase(),
            },
            _ => return Err(usage(command, "severity needs one severity, such as SEV1.")),
        },
        "status" => match args.split_whitespace().collect::<Vec<_>>()[..] {
            [word] => ChatAction::Status {
                status: Status::parse("status", &word.to_ascii_lowercase())
                    .map_err(|e| field_error(command, e))?,
            },
            _ => {
                return Err(usage(
                    command,
                    "status needs one status, such as mitigated.",
                ))
            }
        },
        "resolve" => ChatAction::Resolve {
            note: match args {
                "" => None,
                note => Some(Reason::parse("note", note).map_err(|e| field_error(command, e))?),
            },
        },
        "page" => {
            let (people, team) = parse_people(args);
            if people.is_empty() && team.is_none() {
                return Err(usage(
                    command,
                    "page needs a person (@name or email) or a team.",
                ));
            }
            ChatAction::Page { people, team }
        }
        "lead" => match parse_people(args) {
            (people, None) if people.len() == 1 => ChatAction::Lead {
                person: people.into_iter().next().expect("one person"),
            },
            _ => {
                return Err(usage(
                    command,
                    "lead needs one person: @name, an email or me.",
                ))
            }
        },
        other => {
            return Err(usage(
                command,
                format!("{command} does not know {:?}.", truncate(other, 40)),
            ))
        }
    };
    if incident.is_some() && !action.needs_incident() {
        return Err(usage(command, "help works without an incident reference."));
    }
    Ok(ChatCommand { incident, action })
}

impl ChatCommand {
    /// The incident the command works on: the one named, else the channel's (`channel` is the
    /// incident whose channel the command was typed in). `None` for actions that need none.
    pub fn target(
        &self,
        command: &str,
        channel: Option<IncidentId>,
    ) -> Result<Option<IncidentId>, Usage> {
        if !self.action.needs_incident() {
            return Ok(None);
        }
        match self.incident.or(channel) {
            Some(id) => Ok(Some(id)),
            None => Err(usage(
                command,
                "Name the incident (INC-42), or run this in the incident's channel.",
            )),
        }
    }
}

/// `INC-…` or a bare number: the words that can only be a reference.
fn looks_like_reference(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    lower.starts_with("inc-") || (!word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()))
}

/// The first word and the rest, trimmed.
fn split_word(text: &str) -> (&str, &str) {
    let text = text.trim();
    match text.find(char::is_whitespace) {
        Some(i) => (&text[..i], text[i..].trim()),
        None => (text, ""),
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}
