//! What a reader reads: the executive summary is the document's head (title and facts) and the
//! sections a template keys `summary` and `impact`; an amendment is described section by section.

use crate::postmortem::document::{plain_text, Block, Section};

/// The template keys whose sections make the executive summary, in this order of preference.
pub const SUMMARY_SECTION_KEYS: [&str; 2] = ["summary", "impact"];

/// The executive summary's blocks: everything before the first level-2 heading, then each section
/// whose heading is one of `titles` (compared without case). When the document has none of them,
/// its first section stands in, so a summary is never only a header.
pub fn summary_blocks(blocks: &[Block], titles: &[String]) -> Vec<Block> {
    let mut head: Vec<Block> = Vec::new();
    let mut sections: Vec<Vec<Block>> = Vec::new();
    for block in blocks {
        match (block, sections.last_mut()) {
            (Block::Heading { level: 2, .. }, _) => sections.push(vec![block.clone()]),
            (_, Some(section)) => section.push(block.clone()),
            (_, None) => head.push(block.clone()),
        }
    }
    let wanted = |section: &&Vec<Block>| match section.first() {
        Some(Block::Heading { content, .. }) => {
            let text = plain_text(content);
            titles
                .iter()
                .any(|t| t.trim().eq_ignore_ascii_case(text.trim()))
        }
        _ => false,
    };
    let mut kept: Vec<&Vec<Block>> = sections.iter().filter(wanted).collect();
    if kept.is_empty() {
        kept.extend(sections.first());
    }
    head.into_iter()
        .chain(kept.into_iter().flatten().cloned())
        .collect()
}

/// What changed between two versions, section by section, in the newer one's order: a changed
/// title, sections added, rewritten and removed. Empty when nothing a reader sees changed.
pub fn changes_between(old: &[Section], new: &[Section]) -> Vec<String> {
    let mut out = Vec::new();
    let head = |s: &[Section]| s.first().map(|h| h.title.clone()).unwrap_or_default();
    if head(old) != head(new) {
        out.push(format!("Title changed to “{}”", head(new)));
    }
    // The head (title and facts) is the first section; its facts change with the incident.
    let body = |s: &[Section]| s.iter().skip(1).cloned().collect::<Vec<_>>();
    let (old, new) = (body(old), body(new));
    for section in &new {
        match old.iter().find(|o| o.title == section.title) {
            None => out.push(format!("Added section “{}”", section.title)),
            Some(o) if o.markdown != section.markdown => {
                out.push(format!("“{}” changed", section.title))
            }
            Some(_) => {}
        }
    }
    for section in &old {
        if !new.iter().any(|n| n.title == section.title) {
            out.push(format!("Removed section “{}”", section.title));
        }
    }
    out
}
