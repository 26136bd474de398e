//! The whitelist walker: reads the Yjs XML fragment into [`Block`]s. y-prosemirror stores every
//! block and inline non-text node as an XML element named after its node type (attributes are the
//! node's attrs) and text as XML text whose formatting attributes are the marks. Anything the schema
//! does not know becomes plain text; attributes are checked, never passed through.

use super::tree::{safe_href, Block, Inline, ListItem, Marks, TableCell, TaskItem};
use super::{FRAGMENT, MAX_DEPTH};
use yrs::types::text::YChange;
use yrs::types::Attrs;
use yrs::{
    Any, Doc, Out, ReadTxn, Text, Transact, Xml, XmlElementRef, XmlFragment, XmlOut, XmlTextRef,
};

/// The document's blocks, in order.
pub fn read_document(doc: &Doc) -> Vec<Block> {
    let txn = doc.transact();
    let Some(fragment) = txn.get_xml_fragment(FRAGMENT) else {
        return Vec::new();
    };
    let children: Vec<XmlOut> = fragment.children(&txn).collect();
    blocks(&txn, children, 0)
}

fn blocks<T: ReadTxn>(txn: &T, nodes: Vec<XmlOut>, depth: usize) -> Vec<Block> {
    let mut out = Vec::new();
    for node in nodes {
        match node {
            XmlOut::Element(el) => out.extend(block(txn, &el, depth)),
            // Text straight inside a block container is not in the schema; keep its words.
            XmlOut::Text(text) => {
                let content = inlines_of_text(txn, &text);
                if !content.is_empty() {
                    out.push(Block::Paragraph {
                        content,
                        help: None,
                    });
                }
            }
            XmlOut::Fragment(fragment) => {
                let children: Vec<XmlOut> = fragment.children(txn).collect();
                out.extend(blocks(txn, children, depth + 1));
            }
        }
    }
    out
}

fn block<T: ReadTxn>(txn: &T, el: &XmlElementRef, depth: usize) -> Option<Block> {
    if depth >= MAX_DEPTH {
        return text_block(txn, el);
    }
    let children = || -> Vec<XmlOut> { el.children(txn).collect() };
    let inner = || blocks(txn, children(), depth + 1);
    let made = match el.tag().as_ref() {
        "paragraph" => Block::Paragraph {
            content: inlines(txn, el),
            help: string_attr(txn, el, "help"),
        },
        "heading" => {
            let level = int_attr(txn, el, "level").unwrap_or(2).clamp(1, 3) as u8;
            Block::Heading {
                level,
                content: inlines(txn, el),
            }
        }
        "bulletList" => Block::BulletList(list_items(txn, el, depth)),
        "orderedList" => {
            let start = int_attr(txn, el, "start").unwrap_or(1).max(0) as u64;
            Block::OrderedList {
                start,
                items: list_items(txn, el, depth),
            }
        }
        "taskList" => Block::TaskList(
            element_children(txn, el)
                .filter(|child| child.tag().as_ref() == "taskItem")
                .map(|item| TaskItem {
                    checked: matches!(
                        item.get_attribute(txn, "checked"),
                        Some(Out::Any(Any::Bool(true)))
                    ),
                    content: blocks(txn, item.children(txn).collect(), depth + 2),
                })
                .collect(),
        ),
        "blockquote" => Block::Blockquote(inner()),
        "codeBlock" => Block::CodeBlock {
            language: string_attr(txn, el, "language"),
            text: all_text(txn, el),
        },
        "horizontalRule" => Block::Rule,
        "table" => Block::Table(
            element_children(txn, el)
                .filter(|row| row.tag().as_ref() == "tableRow")
                .map(|row| {
                    element_children(txn, &row)
                        .filter(|cell| matches!(cell.tag().as_ref(), "tableCell" | "tableHeader"))
                        .map(|cell| TableCell {
                            header: cell.tag().as_ref() == "tableHeader",
                            content: blocks(txn, cell.children(txn).collect(), depth + 3),
                        })
                        .collect()
                })
                .collect(),
        ),
        "factor" => Block::Factor {
            category: string_attr(txn, el, "category").unwrap_or_else(|| "other".into()),
            content: inlines(txn, el),
        },
        "followUp" => Block::FollowUp {
            id: int_attr(txn, el, "followUpId"),
            title: string_attr(txn, el, "title").unwrap_or_default(),
        },
        "timelineEvent" => Block::TimelineEvent {
            event_id: int_attr(txn, el, "eventId"),
            at: string_attr(txn, el, "at").unwrap_or_default(),
            author: string_attr(txn, el, "author").unwrap_or_default(),
            kind: string_attr(txn, el, "kind").unwrap_or_default(),
            content: inlines(txn, el),
        },
        _ => return text_block(txn, el),
    };
    Some(made)
}

fn element_children<'a, T: ReadTxn>(
    txn: &'a T,
    el: &XmlElementRef,
) -> impl Iterator<Item = XmlElementRef> + 'a {
    let children: Vec<XmlOut> = el.children(txn).collect();
    children.into_iter().filter_map(|child| match child {
        XmlOut::Element(el) => Some(el),
        _ => None,
    })
}

fn list_items<T: ReadTxn>(txn: &T, el: &XmlElementRef, depth: usize) -> Vec<ListItem> {
    element_children(txn, el)
        .filter(|item| item.tag().as_ref() == "listItem")
        .map(|item| ListItem(blocks(txn, item.children(txn).collect(), depth + 2)))
        .collect()
}

/// An unknown element (or one nested too deep) kept as the words it holds.
fn text_block<T: ReadTxn>(txn: &T, el: &XmlElementRef) -> Option<Block> {
    let text = all_text(txn, el);
    (!text.trim().is_empty()).then(|| Block::Paragraph {
        content: vec![Inline::Text {
            text,
            marks: Marks::default(),
        }],
        help: None,
    })
}

/// Every character under an element, without markup.
fn all_text<T: ReadTxn>(txn: &T, el: &XmlElementRef) -> String {
    let mut out = String::new();
    for child in el.successors(txn) {
        if let XmlOut::Text(text) = child {
            out.push_str(&text_string(txn, &text));
        }
    }
    out
}

/// The characters of an XML text without its formatting (`get_string` would render marks as tags).
fn text_string<T: ReadTxn>(txn: &T, text: &XmlTextRef) -> String {
    text.diff(txn, YChange::identity)
        .into_iter()
        .filter_map(|chunk| match chunk.insert {
            Out::Any(Any::String(s)) => Some(s.to_string()),
            _ => None,
        })
        .collect()
}

/// The inline content of a text block: text runs with their marks, hard breaks and mentions.
fn inlines<T: ReadTxn>(txn: &T, el: &XmlElementRef) -> Vec<Inline> {
    let mut out = Vec::new();
    let children: Vec<XmlOut> = el.children(txn).collect();
    for child in children {
        match child {
            XmlOut::Text(text) => out.extend(inlines_of_text(txn, &text)),
            XmlOut::Element(inline) => match inline.tag().as_ref() {
                "hardBreak" => out.push(Inline::HardBreak),
                "mention" => out.push(Inline::Mention {
                    id: string_attr(txn, &inline, "id").unwrap_or_default(),
                    label: string_attr(txn, &inline, "label").unwrap_or_default(),
                }),
                _ => {
                    let text = all_text(txn, &inline);
                    if !text.is_empty() {
                        out.push(Inline::Text {
                            text,
                            marks: Marks::default(),
                        });
                    }
                }
            },
            XmlOut::Fragment(_) => {}
        }
    }
    out
}

fn inlines_of_text<T: ReadTxn>(txn: &T, text: &XmlTextRef) -> Vec<Inline> {
    text.diff(txn, YChange::identity)
        .into_iter()
        .filter_map(|chunk| match chunk.insert {
            Out::Any(Any::String(s)) if !s.is_empty() => Some(Inline::Text {
                text: s.to_string(),
                marks: marks(chunk.attributes.as_deref()),
            }),
            _ => None,
        })
        .collect()
}

/// Marks from formatting attributes: y-prosemirror sets `name: attrs` for a mark and `name: null`
/// when it is removed.
fn marks(attributes: Option<&Attrs>) -> Marks {
    let mut marks = Marks::default();
    let Some(attributes) = attributes else {
        return marks;
    };
    for (name, value) in attributes.iter() {
        if matches!(value, Any::Null | Any::Undefined | Any::Bool(false)) {
            continue;
        }
        let attr = |key: &str| match value {
            Any::Map(map) => match map.get(key) {
                Some(Any::String(s)) => Some(s.to_string()),
                _ => None,
            },
            _ => None,
        };
        match name.as_ref() {
            "bold" => marks.bold = true,
            "italic" => marks.italic = true,
            "strike" => marks.strike = true,
            "underline" => marks.underline = true,
            "code" => marks.code = true,
            "link" => marks.link = attr("href").and_then(|href| safe_href(&href)),
            "comment" => marks.comment = attr("threadId"),
            _ => {}
        }
    }
    marks
}

fn string_attr<T: ReadTxn>(txn: &T, el: &XmlElementRef, name: &str) -> Option<String> {
    match el.get_attribute(txn, name)? {
        Out::Any(Any::String(s)) => Some(s.to_string()),
        Out::Any(Any::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

fn int_attr<T: ReadTxn>(txn: &T, el: &XmlElementRef, name: &str) -> Option<i64> {
    match el.get_attribute(txn, name)? {
        Out::Any(Any::Number(n)) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Out::Any(Any::String(s)) => s.parse().ok(),
        _ => None,
    }
}
