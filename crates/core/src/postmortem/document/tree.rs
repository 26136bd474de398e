//! The document as Goldseam understands it: only the node and mark types of the editor's schema,
//! with their attributes checked. The walker in `read` produces it; every rendering consumes it, so
//! nothing outside this whitelist can reach HTML, Markdown or an email.

/// A block of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading, level 1 to 3.
    Heading { level: u8, content: Vec<Inline> },
    /// A paragraph; `help` is the template's hint shown while it is empty (never rendered).
    Paragraph {
        content: Vec<Inline>,
        help: Option<String>,
    },
    /// A bulleted list.
    BulletList(Vec<ListItem>),
    /// A numbered list starting at `start`.
    OrderedList { start: u64, items: Vec<ListItem> },
    /// A checklist.
    TaskList(Vec<TaskItem>),
    /// A quotation.
    Blockquote(Vec<Block>),
    /// Preformatted code, with its language when given.
    CodeBlock {
        language: Option<String>,
        text: String,
    },
    /// A horizontal rule.
    Rule,
    /// A table: rows of cells, header cells marked.
    Table(Vec<Vec<TableCell>>),
    /// A contributing factor: a category key from the taxonomy and its sentence.
    Factor {
        category: String,
        content: Vec<Inline>,
    },
    /// A follow-up of the incident, by id, with its title when it was inserted (renderings show
    /// its current title, owner, due date and status when they know them).
    FollowUp { id: Option<i64>, title: String },
    /// An event of the incident's timeline quoted into the document.
    TimelineEvent {
        event_id: Option<i64>,
        at: String,
        author: String,
        kind: String,
        content: Vec<Inline>,
    },
}

/// A list item: its blocks (a paragraph, maybe nested lists).
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem(pub Vec<Block>);

/// A checklist item.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskItem {
    /// Whether it is ticked.
    pub checked: bool,
    /// Its blocks.
    pub content: Vec<Block>,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq)]
pub struct TableCell {
    /// A header cell (`th`).
    pub header: bool,
    /// Its blocks.
    pub content: Vec<Block>,
}

/// Inline content of a text block.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// A run of text with the same marks.
    Text { text: String, marks: Marks },
    /// A line break inside a block.
    HardBreak,
    /// A person mentioned by id, with the name shown.
    Mention { id: String, label: String },
}

/// The marks a run of text carries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub underline: bool,
    pub code: bool,
    /// A link target, already checked to be http, https or mailto.
    pub link: Option<String>,
    /// The comment thread anchored on this run.
    pub comment: Option<String>,
}

/// Whether a link target may be rendered: only http, https and mailto (no javascript:, data:,
/// relative or protocol-relative targets).
pub fn safe_href(href: &str) -> Option<String> {
    let trimmed = href.trim();
    let lower = trimmed.to_ascii_lowercase();
    let allowed = ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme));
    let clean = !trimmed.chars().any(|c| c.is_control() || c.is_whitespace());
    (allowed && clean).then(|| trimmed.to_string())
}

/// The plain text of inline content (for sections, search and Markdown of code).
pub fn plain_text(content: &[Inline]) -> String {
    let mut out = String::new();
    for inline in content {
        match inline {
            Inline::Text { text, .. } => out.push_str(text),
            Inline::HardBreak => out.push('\n'),
            Inline::Mention { label, .. } => {
                out.push('@');
                out.push_str(label);
            }
        }
    }
    out
}
