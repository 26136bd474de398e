//! Reading iCalendar text (RFC 5545 section 3.1): lines unfolded, each content line split into
//! name, parameters and value, and BEGIN/END pairs built into a tree of components.
//!
//! Calendars come from strangers' servers and feeds, so the reader is strict about structure
//! (every error names the line it is on, counted in the text as received) and bounded in size.

use super::content_line::{content_line, is_name_char, unfold};
use std::fmt;

/// The largest text read: a busy person's feed of several years is a few megabytes.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;
/// The longest content line once unfolded (an inline attachment is the usual culprit).
pub const MAX_LINE: usize = 256 * 1024;
/// The deepest nesting of components (VCALENDAR > VEVENT > VALARM is 3).
pub const MAX_DEPTH: usize = 16;
/// The most components in one text.
pub const MAX_COMPONENTS: usize = 200_000;

/// Why a calendar could not be read, and on which line (1-based, as received, before
/// unfolding; 0 when the whole text is at fault).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct IcalError {
    /// Where.
    pub line: usize,
    /// What was wrong there.
    pub message: String,
}

impl IcalError {
    /// An error on `line`.
    pub fn new(line: usize, message: impl Into<String>) -> IcalError {
        IcalError {
            line,
            message: message.into(),
        }
    }
}

/// A parameter such as `TZID=Europe/Berlin` or `MEMBER="a","b"`: quotes removed, RFC 6868
/// caret escapes decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// The name, uppercased.
    pub name: String,
    /// Its values (most parameters have one).
    pub values: Vec<String>,
}

/// One content line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// The name, uppercased (`DTSTART`).
    pub name: String,
    /// Its parameters, in order.
    pub params: Vec<Param>,
    /// The raw value: TEXT escapes are left for the reader of that property.
    pub value: String,
    /// The line it starts on.
    pub line: usize,
}

impl Property {
    /// The first value of parameter `name` (case-insensitive).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .and_then(|p| p.values.first())
            .map(String::as_str)
    }

    /// An error about this property's value, on its line.
    pub fn error(&self, message: impl fmt::Display) -> IcalError {
        IcalError::new(self.line, format!("{}: {message}", self.name))
    }
}

/// A component (`VCALENDAR`, `VEVENT`...) with its properties and the components inside it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Component {
    /// The name, uppercased.
    pub name: String,
    /// Its properties, in order.
    pub properties: Vec<Property>,
    /// The components inside it, in order.
    pub children: Vec<Component>,
    /// The line of its BEGIN.
    pub line: usize,
}

impl Component {
    /// The first property called `name` (case-insensitive).
    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// Every property called `name`.
    pub fn properties_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Property> {
        self.properties
            .iter()
            .filter(move |p| p.name.eq_ignore_ascii_case(name))
    }

    /// The components directly inside this one called `name`.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Component> {
        self.children
            .iter()
            .filter(move |c| c.name.eq_ignore_ascii_case(name))
    }

    /// Every component called `name` at any depth below this one, parents before children.
    pub fn descendants_named<'a>(&'a self, name: &'a str) -> Vec<&'a Component> {
        let mut out = Vec::new();
        let mut stack: Vec<&Component> = self.children.iter().rev().collect();
        while let Some(c) = stack.pop() {
            if c.name.eq_ignore_ascii_case(name) {
                out.push(c);
            }
            stack.extend(c.children.iter().rev());
        }
        out
    }
}

/// Parses raw bytes: invalid UTF-8 is reported on the line it is on.
pub fn parse_bytes(bytes: &[u8]) -> Result<Vec<Component>, IcalError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text),
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            Err(IcalError::new(line, "the text is not valid UTF-8"))
        }
    }
}

/// Parses a whole text into its top-level components (usually one VCALENDAR; some servers
/// concatenate several).
pub fn parse(text: &str) -> Result<Vec<Component>, IcalError> {
    if text.len() > MAX_BYTES {
        return Err(IcalError::new(
            0,
            format!(
                "the calendar is {} bytes, more than the {} accepted",
                text.len(),
                MAX_BYTES
            ),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut top = Vec::new();
    let mut stack: Vec<Component> = Vec::new();
    let mut count = 0usize;
    for (line, content) in unfold(text)? {
        let prop = match content_line(&content, line) {
            Ok(p) => p,
            // Outside any component the likeliest story is not iCalendar at all (an HTML
            // login page instead of the feed): say what was expected.
            Err(_) if stack.is_empty() => return Err(expected_begin(&content, line)),
            Err(e) => return Err(e),
        };
        match prop.name.as_str() {
            "BEGIN" => {
                let name = component_name(&prop)?;
                count += 1;
                if count > MAX_COMPONENTS {
                    return Err(IcalError::new(
                        line,
                        format!("more than {MAX_COMPONENTS} components"),
                    ));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(IcalError::new(
                        line,
                        format!("components nested more than {MAX_DEPTH} deep"),
                    ));
                }
                stack.push(Component {
                    name,
                    line,
                    ..Component::default()
                });
            }
            "END" => {
                let name = component_name(&prop)?;
                let Some(open) = stack.pop() else {
                    return Err(IcalError::new(
                        line,
                        format!("END:{name} without a matching BEGIN"),
                    ));
                };
                if open.name != name {
                    return Err(IcalError::new(
                        line,
                        format!(
                            "END:{name} does not close BEGIN:{} (line {})",
                            open.name, open.line
                        ),
                    ));
                }
                match stack.last_mut() {
                    Some(parent) => parent.children.push(open),
                    None => top.push(open),
                }
            }
            _ => match stack.last_mut() {
                Some(current) => current.properties.push(prop),
                None => return Err(expected_begin(&content, line)),
            },
        }
    }
    if let Some(open) = stack.pop() {
        let last = text.lines().count().max(1);
        return Err(IcalError::new(
            last,
            format!(
                "the text ends before END:{} (BEGIN on line {})",
                open.name, open.line
            ),
        ));
    }
    if top.is_empty() {
        return Err(IcalError::new(
            1,
            "the text holds no calendar (BEGIN:VCALENDAR)",
        ));
    }
    Ok(top)
}

fn expected_begin(content: &str, line: usize) -> IcalError {
    IcalError::new(
        line,
        format!("expected BEGIN:VCALENDAR, found {:?}", shorten(content, 40)),
    )
}

fn component_name(prop: &Property) -> Result<String, IcalError> {
    let name = prop.value.trim();
    if name.is_empty() || !name.chars().all(is_name_char) {
        return Err(IcalError::new(
            prop.line,
            format!(
                "{}: {:?} is not a component name",
                prop.name,
                shorten(name, 40)
            ),
        ));
    }
    Ok(name.to_ascii_uppercase())
}

/// At most `max` characters of `s`, for quoting it in an error.
pub(crate) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
