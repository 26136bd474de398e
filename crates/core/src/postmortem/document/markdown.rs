//! CommonMark (with GitHub's tables, task lists and strikethrough) from the document. Text is
//! escaped so nothing a writer typed becomes markup or raw HTML in another renderer.

use super::tree::{plain_text, Block, Inline, ListItem, Marks};
use super::RenderContext;

/// The document as Markdown, blocks separated by blank lines.
pub fn render_markdown(blocks: &[Block], ctx: &RenderContext) -> String {
    let mut out = String::new();
    write_blocks(&mut out, blocks, ctx, "");
    let trimmed = out.trim_end();
    format!("{trimmed}\n")
}

fn write_blocks(out: &mut String, blocks: &[Block], ctx: &RenderContext, prefix: &str) {
    let mut first = true;
    for block in blocks {
        let text = block_markdown(block, ctx);
        if text.is_empty() {
            continue;
        }
        if !first {
            out.push_str(prefix.trim_end());
            out.push('\n');
        }
        first = false;
        for line in text.lines() {
            out.push_str(if line.is_empty() {
                prefix.trim_end()
            } else {
                prefix
            });
            out.push_str(line);
            out.push('\n');
        }
    }
}

fn block_markdown(block: &Block, ctx: &RenderContext) -> String {
    match block {
        Block::Heading { level, content } => {
            let text = inline_markdown(content);
            if text.is_empty() {
                return String::new();
            }
            format!("{} {}", "#".repeat(*level as usize), text)
        }
        Block::Paragraph { content, .. } => escape_line_start(&inline_markdown(content)),
        Block::BulletList(items) => list(items.iter().map(|item| ("- ".to_string(), item)), ctx),
        Block::OrderedList { start, items } => list(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| (format!("{}. ", start + i as u64), item)),
            ctx,
        ),
        Block::TaskList(items) => {
            let mut out = String::new();
            for item in items {
                let marker = if item.checked { "- [x] " } else { "- [ ] " };
                out.push_str(&list_item(marker, &item.content, ctx));
            }
            out
        }
        Block::Blockquote(blocks) => {
            let mut out = String::new();
            write_blocks(&mut out, blocks, ctx, "> ");
            out
        }
        Block::CodeBlock { language, text } => {
            let fence = "`".repeat(longest_run(text, '`').max(2) + 1);
            let language = language.as_deref().map(clean_language).unwrap_or_default();
            format!("{fence}{language}\n{text}\n{fence}")
        }
        Block::Rule => "---".into(),
        Block::Table(rows) => table(rows),
        Block::Factor { category, content } => {
            format!(
                "**Contributing factor ({}):** {}",
                escape(ctx.category_name(category)),
                inline_markdown(content)
            )
        }
        Block::FollowUp { id, title } => {
            let (title, meta, finished) = ctx.follow_up(*id, title);
            let mut line = format!(
                "- [{}] **Follow-up:** {}",
                if finished { "x" } else { " " },
                escape(&title)
            );
            if let Some(meta) = meta {
                line.push_str(&format!(" ({})", escape(&meta)));
            }
            line
        }
        Block::TimelineEvent {
            at,
            author,
            kind,
            content,
            ..
        } => {
            let mut head = format!("**{}**", escape(&ctx.event_time(at)));
            if !author.is_empty() {
                head.push_str(&format!(" · {}", escape(author)));
            }
            if !kind.is_empty() {
                head.push_str(&format!(" ({})", escape(&kind.replace('_', " "))));
            }
            let body = inline_markdown(content);
            let mut out = format!("> {head}\n");
            for line in body.lines() {
                out.push_str(&format!("> {line}\n"));
            }
            out
        }
    }
}

fn list<'a>(items: impl Iterator<Item = (String, &'a ListItem)>, ctx: &RenderContext) -> String {
    items
        .map(|(marker, item)| list_item(&marker, &item.0, ctx))
        .collect()
}

/// One item: its first line after the marker, the rest indented to the item's content column.
fn list_item(marker: &str, blocks: &[Block], ctx: &RenderContext) -> String {
    let mut body = String::new();
    write_blocks(&mut body, blocks, ctx, "");
    let indent = " ".repeat(marker.len());
    let mut out = String::new();
    for (i, line) in body.trim_end().lines().enumerate() {
        if i == 0 {
            out.push_str(marker);
        } else if !line.is_empty() {
            out.push_str(&indent);
        }
        out.push_str(line);
        out.push('\n');
    }
    if body.trim().is_empty() {
        out.push_str(marker.trim_end());
        out.push('\n');
    }
    out
}

fn table(rows: &[Vec<super::TableCell>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    if width == 0 {
        return String::new();
    }
    let cell_text = |cell: &super::TableCell| {
        let text: Vec<String> = cell
            .content
            .iter()
            .map(|b| match b {
                Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                    inline_markdown(content)
                }
                other => escape(&block_plain(other)),
            })
            .collect();
        text.join(" ").replace('\n', " ")
    };
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let mut cells: Vec<String> = row.iter().map(cell_text).collect();
        cells.resize(width, String::new());
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
        if i == 0 {
            out.push_str(&format!("|{}\n", " --- |".repeat(width)));
        }
    }
    out
}

/// Plain text of any block, for places (table cells) where only inline Markdown fits.
fn block_plain(block: &Block) -> String {
    match block {
        Block::Heading { content, .. }
        | Block::Paragraph { content, .. }
        | Block::Factor { content, .. }
        | Block::TimelineEvent { content, .. } => plain_text(content),
        Block::CodeBlock { text, .. } => text.clone(),
        Block::FollowUp { title, .. } => title.clone(),
        Block::BulletList(items) | Block::OrderedList { items, .. } => items
            .iter()
            .flat_map(|i| i.0.iter().map(block_plain))
            .collect::<Vec<_>>()
            .join(" "),
        Block::TaskList(items) => items
            .iter()
            .flat_map(|i| i.content.iter().map(block_plain))
            .collect::<Vec<_>>()
            .join(" "),
        Block::Blockquote(blocks) => blocks.iter().map(block_plain).collect::<Vec<_>>().join(" "),
        Block::Table(rows) => rows
            .iter()
            .flat_map(|r| r.iter().flat_map(|c| c.content.iter().map(block_plain)))
            .collect::<Vec<_>>()
            .join(" "),
        Block::Rule => String::new(),
    }
}

/// Inline content with marks as Markdown delimiters (whitespace kept outside them, where
/// CommonMark requires it).
pub(super) fn inline_markdown(content: &[Inline]) -> String {
    let mut out = String::new();
    for inline in content {
        match inline {
            Inline::Text { text, marks } => out.push_str(&marked(text, marks)),
            Inline::HardBreak => out.push_str("\\\n"),
            Inline::Mention { label, .. } => {
                out.push('@');
                out.push_str(&escape(label));
            }
        }
    }
    out
}

fn marked(text: &str, marks: &Marks) -> String {
    let core = text.trim();
    if core.is_empty() {
        return text.to_string();
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let tail = &text[text.trim_end().len()..];
    let mut body = if marks.code {
        let fence = "`".repeat(longest_run(core, '`') + 1);
        let pad = if core.starts_with('`') || core.ends_with('`') {
            " "
        } else {
            ""
        };
        format!("{fence}{pad}{core}{pad}{fence}")
    } else {
        escape(core)
    };
    if marks.strike {
        body = format!("~~{body}~~");
    }
    if marks.italic {
        body = format!("_{body}_");
    }
    if marks.bold {
        body = format!("**{body}**");
    }
    if let Some(href) = &marks.link {
        let destination: String = href
            .chars()
            .map(|c| match c {
                '(' => "%28".into(),
                ')' => "%29".into(),
                '"' => "%22".into(),
                '<' => "%3C".into(),
                '>' => "%3E".into(),
                c => c.to_string(),
            })
            .collect();
        body = format!("[{body}]({destination})");
    }
    format!("{lead}{body}{tail}")
}

/// Backslash-escapes the characters that would start Markdown or HTML inside a line.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes what would make a paragraph's first characters a heading, list, quote or rule.
fn escape_line_start(text: &str) -> String {
    let mut lines = Vec::new();
    for line in text.split('\n') {
        let starts_block = line.starts_with('#')
            || line.starts_with("- ")
            || line.starts_with("+ ")
            || line.starts_with('=')
            || line == "-"
            || line.starts_with("---");
        let digits = ordered_marker(line);
        lines.push(if starts_block {
            format!("\\{line}")
        } else if digits > 0 {
            // A backslash only escapes punctuation: "1\. text", not "\1. text".
            format!("{}\\{}", &line[..digits], &line[digits..])
        } else {
            line.to_string()
        });
    }
    lines.join("\n")
}

/// How many digits start a line that would read as a numbered list item ("12. " or "3) "), or 0.
fn ordered_marker(line: &str) -> usize {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let marker = digits > 0 && matches!(line[digits..].chars().next(), Some('.') | Some(')'));
    if marker {
        digits
    } else {
        0
    }
}

fn longest_run(text: &str, ch: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in text.chars() {
        run = if c == ch { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// A code block's language as an info string: letters, digits and `+-_#.` only.
pub(super) fn clean_language(language: &str) -> String {
    language
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "+-_#.".contains(*c))
        .take(32)
        .collect()
}
