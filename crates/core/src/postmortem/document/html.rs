//! Sanitized HTML from the document, for the read view and emails. Safe by construction: only the
//! tags below are ever written, every text and attribute value is escaped, links are limited to
//! http, https and mailto (checked when the tree was read), and no style or event attribute exists.

use super::markdown::clean_language;
use super::tree::{Block, Inline, ListItem};
use super::RenderContext;
use crate::text::escape_html as escape;

/// The document as an HTML fragment (no `<html>` or `<body>`).
pub fn render_html(blocks: &[Block], ctx: &RenderContext) -> String {
    let mut out = String::new();
    for block in blocks {
        write_block(&mut out, block, ctx);
    }
    out
}

fn write_block(out: &mut String, block: &Block, ctx: &RenderContext) {
    match block {
        Block::Heading { level, content } => {
            out.push_str(&format!("<h{level}>"));
            write_inlines(out, content);
            out.push_str(&format!("</h{level}>\n"));
        }
        Block::Paragraph { content, .. } => {
            if content.is_empty() {
                return;
            }
            out.push_str("<p>");
            write_inlines(out, content);
            out.push_str("</p>\n");
        }
        Block::BulletList(items) => list(out, "<ul>\n", "</ul>\n", items, ctx),
        Block::OrderedList { start, items } => {
            let open = if *start == 1 {
                "<ol>\n".to_string()
            } else {
                format!("<ol start=\"{start}\">\n")
            };
            list(out, &open, "</ol>\n", items, ctx);
        }
        Block::TaskList(items) => {
            out.push_str("<ul class=\"tasks\">\n");
            for item in items {
                let checked = if item.checked { " checked" } else { "" };
                out.push_str(&format!("<li><input type=\"checkbox\" disabled{checked}> "));
                for block in &item.content {
                    write_block(out, block, ctx);
                }
                out.push_str("</li>\n");
            }
            out.push_str("</ul>\n");
        }
        Block::Blockquote(blocks) => {
            out.push_str("<blockquote>\n");
            for block in blocks {
                write_block(out, block, ctx);
            }
            out.push_str("</blockquote>\n");
        }
        Block::CodeBlock { language, text } => {
            let class = language
                .as_deref()
                .map(clean_language)
                .filter(|l| !l.is_empty())
                .map(|l| format!(" class=\"language-{}\"", escape(&l)))
                .unwrap_or_default();
            out.push_str(&format!(
                "<pre><code{class}>{}</code></pre>\n",
                escape(text)
            ));
        }
        Block::Rule => out.push_str("<hr>\n"),
        Block::Table(rows) => {
            out.push_str("<table>\n");
            for row in rows {
                out.push_str("<tr>");
                for cell in row {
                    let tag = if cell.header { "th" } else { "td" };
                    out.push_str(&format!("<{tag}>"));
                    for block in &cell.content {
                        write_block(out, block, ctx);
                    }
                    out.push_str(&format!("</{tag}>"));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</table>\n");
        }
        Block::Factor { category, content } => {
            out.push_str(&format!(
                "<p class=\"factor\" data-category=\"{}\"><strong>Contributing factor ({}):</strong> ",
                escape(category),
                escape(ctx.category_name(category))
            ));
            write_inlines(out, content);
            out.push_str("</p>\n");
        }
        Block::FollowUp { id, title } => {
            let (title, meta, finished) = ctx.follow_up(*id, title);
            out.push_str(&format!(
                "<p class=\"follow-up{}\"><strong>Follow-up:</strong> {}",
                if finished { " finished" } else { "" },
                escape(&title)
            ));
            if let Some(meta) = meta {
                out.push_str(&format!(" <span class=\"meta\">({})</span>", escape(&meta)));
            }
            out.push_str("</p>\n");
        }
        Block::TimelineEvent {
            at,
            author,
            kind,
            content,
            ..
        } => {
            out.push_str("<blockquote class=\"timeline-event\">\n<p class=\"meta\"><strong>");
            out.push_str(&escape(&ctx.event_time(at)));
            out.push_str("</strong>");
            if !author.is_empty() {
                out.push_str(&format!(" · {}", escape(author)));
            }
            if !kind.is_empty() {
                out.push_str(&format!(" ({})", escape(&kind.replace('_', " "))));
            }
            out.push_str("</p>\n<p>");
            write_inlines(out, content);
            out.push_str("</p>\n</blockquote>\n");
        }
    }
}

fn list(out: &mut String, open: &str, close: &str, items: &[ListItem], ctx: &RenderContext) {
    out.push_str(open);
    for item in items {
        out.push_str("<li>");
        for block in &item.0 {
            write_block(out, block, ctx);
        }
        out.push_str("</li>\n");
    }
    out.push_str(close);
}

fn write_inlines(out: &mut String, content: &[Inline]) {
    for inline in content {
        match inline {
            Inline::HardBreak => out.push_str("<br>"),
            Inline::Mention { id, label } => {
                out.push_str(&format!(
                    "<span class=\"mention\" data-id=\"{}\">@{}</span>",
                    escape(id),
                    escape(label)
                ));
            }
            Inline::Text { text, marks } => {
                let mut body = escape(text);
                if marks.code {
                    body = format!("<code>{body}</code>");
                }
                if marks.strike {
                    body = format!("<s>{body}</s>");
                }
                if marks.underline {
                    body = format!("<u>{body}</u>");
                }
                if marks.italic {
                    body = format!("<em>{body}</em>");
                }
                if marks.bold {
                    body = format!("<strong>{body}</strong>");
                }
                if let Some(href) = &marks.link {
                    body = format!(
                        "<a href=\"{}\" rel=\"noopener noreferrer nofollow\">{body}</a>",
                        escape(href)
                    );
                }
                out.push_str(&body);
            }
        }
    }
}
