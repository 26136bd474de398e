//! The document cut at its level-2 headings, for the API's summary of a postmortem and for
//! checking what a section holds (a template's sections are level-2 headings).

use super::markdown::{inline_markdown, render_markdown};
use super::tree::Block;
use super::RenderContext;
use serde::Serialize;

/// One section: its heading and its content as Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Section {
    /// The heading's text.
    pub title: String,
    /// The content under it, as Markdown ("" when nothing was written yet).
    pub markdown: String,
}

/// The sections in order. Content before the first level-2 heading (the title and the header)
/// is the first section, titled by the level-1 heading when there is one.
pub fn sections(blocks: &[Block], ctx: &RenderContext) -> Vec<Section> {
    let mut out: Vec<(String, Vec<Block>)> = Vec::new();
    let mut title = String::new();
    let mut current: Vec<Block> = Vec::new();
    let mut started = false;
    for block in blocks {
        match block {
            Block::Heading { level: 2, content } => {
                if started || !current.is_empty() {
                    out.push((std::mem::take(&mut title), std::mem::take(&mut current)));
                }
                title = inline_markdown(content);
                started = true;
            }
            Block::Heading { level: 1, content } if !started && title.is_empty() => {
                title = inline_markdown(content)
            }
            other => current.push(other.clone()),
        }
    }
    if started || !current.is_empty() || !title.is_empty() {
        out.push((title, current));
    }
    out.into_iter()
        .map(|(title, blocks)| {
            let markdown = render_markdown(&blocks, ctx).trim().to_string();
            Section { title, markdown }
        })
        .collect()
}
