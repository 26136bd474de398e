//! The postmortem document: a Yjs document (yrs) whose body is the XML fragment TipTap binds to.
//! Everything derived from it (Markdown, HTML, the sections the API lists) is a pure function of the
//! document, computed by walking the fragment through the whitelist in [`tree`]. Seeding builds a
//! new document from the incident once; after that the document only ever changes by updates.

mod html;
mod inline_markdown;
mod markdown;
mod read;
mod sections;
mod seed;
mod tree;

pub use html::render_html;
pub use markdown::render_markdown;
pub use read::read_document;
pub use sections::{sections, Section};
pub use seed::{seed_update, SeedFacts, SeedRole, SeedTimelineItem};
pub use tree::{plain_text, Block, Inline, ListItem, Marks, TableCell, TaskItem};

use crate::postmortem::FactorCategory;
use jiff::tz::TimeZone;
use yrs::updates::decoder::Decode;
use yrs::{Doc, OffsetKind, Options, ReadTxn, Transact, Update};

/// The name of the XML fragment holding the body (TipTap Collaboration's default `field`).
pub const FRAGMENT: &str = "default";
/// The largest single update a client may send: a long paste fits, a runaway client does not.
pub const MAX_UPDATE_BYTES: usize = 1024 * 1024;
/// The largest document (all its updates merged) the server keeps: a postmortem with every table
/// and quote a team writes stays far below it.
pub const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;
/// How deep blocks may nest before the walker reads the rest as text (a stack guard, not a style
/// rule: nobody writes lists 32 levels deep).
pub const MAX_DEPTH: usize = 32;

/// Why bytes could not be read as a Yjs update.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DocumentError {
    /// The bytes are not a Yjs v1 update.
    #[error("not a Yjs update: {0}")]
    Malformed(String),
    /// Larger than the limit for one update or for the document.
    #[error("{what} is {size} bytes; the limit is {limit}")]
    TooLarge {
        what: &'static str,
        size: usize,
        limit: usize,
    },
}

/// Decodes one client update, refusing what is malformed or too large.
pub fn decode_update(bytes: &[u8]) -> Result<Update, DocumentError> {
    if bytes.len() > MAX_UPDATE_BYTES {
        return Err(DocumentError::TooLarge {
            what: "the update",
            size: bytes.len(),
            limit: MAX_UPDATE_BYTES,
        });
    }
    Update::decode_v1(bytes).map_err(|e| DocumentError::Malformed(e.to_string()))
}

/// An empty document that counts text positions in UTF-16 units, as Yjs in the browser does
/// (yrs counts bytes by default), so positions the server computes mean the same to clients.
pub fn new_doc() -> Doc {
    Doc::with_options(Options {
        offset_kind: OffsetKind::Utf16,
        ..Options::default()
    })
}

/// Whether `update` would change nothing in `doc`: every block it carries is known and every
/// deletion it carries has happened. Yjs clients answer a sync step 1 with their whole delete
/// set, so a reader's answer is never empty; this tells such an answer from an edit.
pub fn adds_nothing(doc: &Doc, update: &Update) -> bool {
    let txn = doc.transact();
    let snapshot = txn.snapshot();
    let known = update.insertions(true).iter().all(|(client, ranges)| {
        ranges
            .iter()
            .all(|r| r.end <= snapshot.state_map.get(client))
    });
    let deleted = update.delete_set().iter().all(|(client, ranges)| {
        ranges.iter().all(|r| {
            (r.start..r.end)
                .all(|clock| snapshot.delete_set.contains(&yrs::ID::new(*client, clock)))
        })
    });
    known && deleted
}

/// Builds a document from stored updates (a snapshot first, then the log), in order.
pub fn load(updates: &[&[u8]]) -> Result<Doc, DocumentError> {
    let doc = new_doc();
    {
        let mut txn = doc.transact_mut();
        for bytes in updates {
            let update =
                Update::decode_v1(bytes).map_err(|e| DocumentError::Malformed(e.to_string()))?;
            txn.apply_update(update)
                .map_err(|e| DocumentError::Malformed(e.to_string()))?;
        }
    }
    Ok(doc)
}

/// Merges updates (a snapshot and the log after it) into one update, without building a
/// document: what compaction and frozen versions store.
pub fn merge_updates(updates: &[Vec<u8>]) -> Result<Vec<u8>, DocumentError> {
    yrs::merge_updates_v1(updates.iter().map(Vec::as_slice))
        .map_err(|e| DocumentError::Malformed(e.to_string()))
}

/// What a rendering needs besides the document: the reader's time zone for quoted events and the
/// taxonomy's names for contributing factors.
#[derive(Debug, Clone)]
pub struct RenderContext {
    /// The reader's zone (times of quoted timeline events are shown in it).
    pub zone: TimeZone,
    /// The factor taxonomy, to show a category's name rather than its key.
    pub categories: Vec<FactorCategory>,
    /// The incident's follow-ups as they stand, by id, for the document's follow-up blocks.
    pub follow_ups: std::collections::BTreeMap<i64, FollowUpNote>,
}

/// A follow-up as a rendering shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpNote {
    /// Its title now.
    pub title: String,
    /// Its status now.
    pub status: crate::follow_up::FollowUpStatus,
    /// Its owner's name.
    pub owner: Option<String>,
    /// When it is due.
    pub due_on: Option<jiff::civil::Date>,
}

impl RenderContext {
    /// A follow-up block's title and, when known, "committed · Bo · due 2026-12-10"; and
    /// whether it is finished.
    fn follow_up(&self, id: Option<i64>, title: &str) -> (String, Option<String>, bool) {
        let Some(note) = id.and_then(|id| self.follow_ups.get(&id)) else {
            return (title.to_string(), None, false);
        };
        let mut meta = vec![note.status.label().to_string()];
        meta.extend(note.owner.clone());
        meta.extend(note.due_on.map(|d| format!("due {d}")));
        (
            note.title.clone(),
            Some(meta.join(" · ")),
            !note.status.is_open(),
        )
    }
}

impl RenderContext {
    /// The name of a factor category, or its key when the taxonomy no longer has it.
    fn category_name<'a>(&'a self, key: &'a str) -> &'a str {
        self.categories
            .iter()
            .find(|c| c.key == key)
            .map(|c| c.name.as_str())
            .unwrap_or(key)
    }

    /// A quoted event's time in the reader's zone, or the stored text when it is not a timestamp.
    fn event_time(&self, at: &str) -> String {
        match at.parse::<jiff::Timestamp>() {
            Ok(ts) => ts
                .to_zoned(self.zone.clone())
                .strftime("%Y-%m-%d %H:%M %Z")
                .to_string(),
            Err(_) => at.to_string(),
        }
    }
}

#[cfg(test)]
mod tests;
