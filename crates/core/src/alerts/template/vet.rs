//! A scan of a template's source before minijinja compiles it, refusing what fuel cannot bound.
//!
//! Fuel counts instructions, not bytes: `{% set s = s ~ s %}` doubles a string per instruction,
//! `"x" * 99999999` makes 100 MB in one, and a macro or `{% filter %}` block captures output
//! that the per-field output cap never sees. So mapping templates are limited to printing
//! expressions, `if` and `for` (with `raw`), and may not use `*`. What is left grows at most
//! linearly with the source, the payload and the fuel.

/// The statements a mapping template may use; everything else (`set`, `with`, `macro`, `call`,
/// `filter`, `include`...) is refused by name.
const ALLOWED_STATEMENTS: [&str; 8] = [
    "if", "elif", "else", "endif", "for", "endfor", "raw", "endraw",
];

/// Why a source was refused: the line (from 1) and a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub line: usize,
    pub message: String,
}

/// Refuses a template source using a statement or operator the sandbox does not allow.
pub(crate) fn vet_template(source: &str) -> Result<(), Refusal> {
    let bytes = source.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'{', b'#') => {
                // Comments end at the first `#}`; an unterminated one is minijinja's error.
                i = find(source, i + 2, "#}").map_or(bytes.len(), |end| end + 2);
            }
            (b'{', b'{') => i = scan_code(source, i + 2, "}}")?,
            (b'{', b'%') => {
                let (keyword, after) = keyword_at(source, i + 2);
                if !ALLOWED_STATEMENTS.contains(&keyword) {
                    let shown = if keyword.is_empty() {
                        "(none)"
                    } else {
                        keyword
                    };
                    return Err(Refusal {
                        line: line_of(source, i),
                        message: format!(
                            "`{{% {shown} %}}` is not allowed: mapping templates may use only \
                             `if`, `for` and `raw` statements"
                        ),
                    });
                }
                i = scan_code(source, after, "%}")?;
                if keyword == "raw" {
                    // The raw body is text to minijinja, so nothing in it is vetted.
                    i = find_endraw(source, i).unwrap_or(bytes.len());
                }
            }
            _ => i += 1,
        }
    }
    Ok(())
}

/// Refuses an expression (a condition) using an operator the sandbox does not allow.
pub(crate) fn vet_expression(source: &str) -> Result<(), Refusal> {
    scan_code(source, 0, "").map(|_| ())
}

/// Scans code from `start` to the closing delimiter `close` (outside strings and brackets),
/// refusing a `*` that is not part of `**`; returns the index after the delimiter. An empty
/// `close` scans to the end (a bare expression).
fn scan_code(source: &str, start: usize, close: &str) -> Result<usize, Refusal> {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        if depth == 0 && !close.is_empty() && source[i..].starts_with(close) {
            return Ok(i + close.len());
        }
        match b {
            b'"' | b'\'' => i = skip_string(bytes, i),
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'*' if bytes.get(i + 1) == Some(&b'*') => i += 2,
            b'*' => {
                return Err(Refusal {
                    line: line_of(source, i),
                    message: "`*` is not allowed: mapping templates cannot multiply or repeat \
                              strings and lists"
                        .into(),
                });
            }
            _ => i += 1,
        }
    }
    Ok(bytes.len())
}

/// The index after the string literal opening at `start` (its quote), honouring backslash
/// escapes as minijinja's lexer does.
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The statement keyword after a `{%` (past a whitespace-control `-` or `+` and spaces), and
/// the index after it.
fn keyword_at(source: &str, start: usize) -> (&str, usize) {
    let bytes = source.as_bytes();
    let mut i = start;
    if matches!(bytes.get(i), Some(b'-' | b'+')) {
        i += 1;
    }
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    let from = i;
    while bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
    {
        i += 1;
    }
    (&source[from..i], i)
}

/// The index of the `{%` that opens the `endraw` tag after `start`.
fn find_endraw(source: &str, start: usize) -> Option<usize> {
    let mut at = start;
    while let Some(open) = find(source, at, "{%") {
        if keyword_at(source, open + 2).0 == "endraw" {
            return Some(open);
        }
        at = open + 2;
    }
    None
}

fn find(source: &str, from: usize, needle: &str) -> Option<usize> {
    source.get(from..)?.find(needle).map(|at| at + from)
}

/// The line (from 1) of a byte index.
fn line_of(source: &str, index: usize) -> usize {
    source.as_bytes()[..index.min(source.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printing_if_for_and_raw_pass() {
        let ok = "{{ payload.a }}{% if x %}{%- for i in y -%}{{ i ** 2 }}{% endfor %}{% endif %}\
                  {# {% set x = 1 %} #}{% raw %}{% set a = 'x' * 9 %}{% endraw %}{{ '*' }}";
        assert_eq!(vet_template(ok), Ok(()));
        assert_eq!(vet_expression("payload.a == \"*\" and 2 ** 3 > 1"), Ok(()));
    }

    #[test]
    fn assignments_macros_and_blocks_are_refused_with_their_line() {
        for (source, word) in [
            ("ok\n{% set s = 1 %}", "set"),
            ("ok\n{%- with s = 1 %}{% endwith %}", "with"),
            ("ok\n{% macro f() %}{% endmacro %}", "macro"),
            ("ok\n{% filter upper %}x{% endfilter %}", "filter"),
            ("ok\n{% include 'x' %}", "include"),
        ] {
            let refusal = vet_template(source).unwrap_err();
            assert_eq!(refusal.line, 2, "{source}");
            assert!(
                refusal.message.contains(&format!("`{{% {word} %}}`")),
                "{refusal:?}"
            );
        }
    }

    #[test]
    fn a_star_outside_strings_is_refused_even_after_nested_braces() {
        let refusal = vet_template("{{ {'a': {'b': 1}} ~ ('x' * 9) }}").unwrap_err();
        assert!(refusal.message.starts_with("`*` is not allowed"));
        assert!(vet_expression("'x' * 10").is_err());
        assert!(vet_template("{% for i in range(10 * 10) %}{% endfor %}").is_err());
    }
}
