//! One content line of iCalendar text (RFC 5545 3.1): physical lines unfolded into logical
//! ones (each keeping the number of the line it starts on, for errors), and a logical line split
//! into its name, parameters (quoted or not, RFC 6868 caret escapes decoded) and value.

use super::parse::{shorten, IcalError, Param, Property, MAX_LINE};

/// Logical lines with the number of the physical line each starts on. Folding is CRLF (or a
/// bare LF: XML parsers and some servers normalise line ends) followed by a space or a tab.
pub(super) fn unfold(text: &str) -> Result<Vec<(usize, String)>, IcalError> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let physical = raw.strip_suffix('\r').unwrap_or(raw);
        let number = i + 1;
        if let Some(rest) = physical
            .strip_prefix(' ')
            .or_else(|| physical.strip_prefix('\t'))
        {
            match out.last_mut() {
                Some((start, last)) => {
                    if last.len() + rest.len() > MAX_LINE {
                        return Err(IcalError::new(
                            *start,
                            format!("a content line longer than {MAX_LINE} bytes"),
                        ));
                    }
                    last.push_str(rest);
                }
                None => {
                    return Err(IcalError::new(
                        number,
                        "a continuation line (starting with a space) before any content line",
                    ))
                }
            }
        } else if physical.trim().is_empty() {
            // Blank lines are not allowed, but trailing ones are common and harmless.
            continue;
        } else {
            if physical.len() > MAX_LINE {
                return Err(IcalError::new(
                    number,
                    format!("a content line longer than {MAX_LINE} bytes"),
                ));
            }
            out.push((number, physical.to_string()));
        }
    }
    Ok(out)
}

pub(super) fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

/// `NAME;PARAM=value;P2="quoted:value":the value`.
pub(super) fn content_line(s: &str, line: usize) -> Result<Property, IcalError> {
    let bad = |why: &str| IcalError::new(line, format!("{why} in {:?}", shorten(s, 60)));
    let name_end = s.find(|c: char| !is_name_char(c)).unwrap_or(s.len());
    if name_end == 0 {
        return Err(bad("expected a property name"));
    }
    let name = s[..name_end].to_ascii_uppercase();
    let mut rest = &s[name_end..];
    let mut params = Vec::new();
    loop {
        match rest.chars().next() {
            Some(':') => break,
            Some(';') => {
                rest = &rest[1..];
                let pname_end = rest.find(|c: char| !is_name_char(c)).unwrap_or(rest.len());
                if pname_end == 0 || !rest[pname_end..].starts_with('=') {
                    return Err(bad("expected PARAM=value after ';'"));
                }
                let pname = rest[..pname_end].to_ascii_uppercase();
                rest = &rest[pname_end + 1..];
                let mut values = Vec::new();
                loop {
                    let (value, after) = param_value(rest)
                        .ok_or_else(|| bad(&format!("unclosed quote in parameter {pname}")))?;
                    values.push(caret_decode(value));
                    rest = after;
                    match rest.strip_prefix(',') {
                        Some(next) => rest = next,
                        None => break,
                    }
                }
                params.push(Param {
                    name: pname,
                    values,
                });
            }
            _ => return Err(bad("expected ':' after the property name")),
        }
    }
    Ok(Property {
        name,
        params,
        value: rest[1..].to_string(),
        line,
    })
}

/// One parameter value (quoted or not) and what follows it; `None` for an unclosed quote.
fn param_value(s: &str) -> Option<(&str, &str)> {
    if let Some(quoted) = s.strip_prefix('"') {
        let end = quoted.find('"')?;
        Some((&quoted[..end], &quoted[end + 1..]))
    } else {
        let end = s.find([';', ':', ',']).unwrap_or(s.len());
        Some((&s[..end], &s[end..]))
    }
}

/// RFC 6868: `^n` is a newline, `^'` a double quote, `^^` a caret.
fn caret_decode(s: &str) -> String {
    if !s.contains('^') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('^', Some('n')) => {
                out.push('\n');
                chars.next();
            }
            ('^', Some('\'')) => {
                out.push('"');
                chars.next();
            }
            ('^', Some('^')) => {
                out.push('^');
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}
