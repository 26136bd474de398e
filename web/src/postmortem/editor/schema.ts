// The postmortem document's schema, exactly the contract's (/work/contract/postmortem.md): the
// server's renderer is a whitelist of these node and mark names, so nothing else may be added
// here without changing the contract. Headless on purpose (no React, no DOM): the editor, the
// tests and the fixtures script (scripts/postmortem-fixtures.mjs) build the same schema from it.
import { Extension, Mark, Node, mergeAttributes, type AnyExtension, type Attributes } from "@tiptap/core";
import { TaskItem, TaskList } from "@tiptap/extension-list";
import { Mention } from "@tiptap/extension-mention";
import { TableKit } from "@tiptap/extension-table";
import { StarterKit } from "@tiptap/starter-kit";

/** The Yjs XmlFragment holding the body (TipTap Collaboration's default field). */
export const FIELD = "default";

const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

/** Whether a link may point there: absolute http, https or mailto only. Parsed the way a browser
 * parses it, so tricks like "java\tscript:" or leading spaces are judged as the browser would. */
export function isSafeHref(href: unknown): boolean {
  if (typeof href !== "string") return false;
  try {
    return SAFE_PROTOCOLS.has(new URL(href).protocol);
  } catch {
    return false;
  }
}

/** What the server's seed marks from the type's template: on a paragraph, the section's help
 * text (the editor shows it as a placeholder while the paragraph is empty); on a section's level-2
 * heading, the section's key. Neither is carried over when Enter splits the block. The schema must
 * know them: the binding drops attributes the schema lacks from the shared document as soon as
 * someone edits the block. */
export const TemplateAttributes = Extension.create({
  name: "templateAttributes",
  addGlobalAttributes() {
    return [
      {
        types: ["paragraph"],
        attributes: {
          help: {
            default: null,
            keepOnSplit: false,
            parseHTML: (el) => el.getAttribute("data-help"),
            renderHTML: (attrs) => (attrs.help ? { "data-help": attrs.help } : {}),
          },
        },
      },
      {
        types: ["heading"],
        attributes: {
          section: {
            default: null,
            keepOnSplit: false,
            parseHTML: (el) => el.getAttribute("data-section"),
            renderHTML: (attrs) => (attrs.section ? { "data-section": attrs.section } : {}),
          },
        },
      },
    ];
  },
});

/** A contributing factor: a category key from the taxonomy and one sentence. */
export const Factor = Node.create({
  name: "factor",
  group: "block",
  content: "inline*",
  defining: true,
  addAttributes() {
    return {
      category: {
        default: "other",
        parseHTML: (el) => el.getAttribute("data-category") ?? "other",
        renderHTML: (attrs) => ({ "data-category": attrs.category }),
      },
    };
  },
  parseHTML() {
    return [{ tag: 'div[data-type="factor"]', contentElement: ".factor-sentence" }];
  },
  renderHTML({ node, HTMLAttributes }) {
    return ["div", mergeAttributes({ "data-type": "factor", class: "factor" }, HTMLAttributes), ["span", { class: "factor-category" }, String(node.attrs.category)], ["p", { class: "factor-sentence" }, 0]];
  },
});

/** An event of the incident's timeline quoted into the document. `eventId` stays a number. */
export const TimelineEvent = Node.create({
  name: "timelineEvent",
  group: "block",
  content: "inline*",
  defining: true,
  addAttributes() {
    return {
      eventId: {
        default: null,
        parseHTML: (el) => {
          const id = Number(el.getAttribute("data-event-id"));
          return Number.isSafeInteger(id) ? id : null;
        },
        renderHTML: (attrs) => ({ "data-event-id": attrs.eventId }),
      },
      at: { default: "", parseHTML: (el) => el.getAttribute("data-at") ?? "", renderHTML: (attrs) => ({ "data-at": attrs.at }) },
      author: { default: "", parseHTML: (el) => el.getAttribute("data-author") ?? "", renderHTML: (attrs) => ({ "data-author": attrs.author }) },
      kind: { default: "", parseHTML: (el) => el.getAttribute("data-kind") ?? "", renderHTML: (attrs) => ({ "data-kind": attrs.kind }) },
    };
  },
  parseHTML() {
    return [{ tag: 'blockquote[data-type="timeline-event"]', contentElement: ".timeline-event-text" }];
  },
  renderHTML({ node, HTMLAttributes }) {
    const { at, author } = node.attrs as { at: string; author: string };
    return [
      "blockquote",
      mergeAttributes({ "data-type": "timeline-event", class: "timeline-event" }, HTMLAttributes),
      ["p", { class: "timeline-event-meta" }, ["time", { datetime: at }, at], author ? ` · ${author}` : ""],
      ["p", { class: "timeline-event-text" }, 0],
    ];
  },
});

/** A follow-up (an action item of the incident) placed in the document. An atom: the follow-up
 * itself lives in the API (its live title, owner, due date and status are asked there);
 * `followUpId` stays a number, and `title` keeps the title it had when inserted, for renderings
 * without the data (exports, the server's renderer, a reader who may not see it). */
export const FollowUp = Node.create({
  name: "followUp",
  group: "block",
  atom: true,
  selectable: true,
  draggable: false,
  addAttributes() {
    return {
      followUpId: {
        default: null,
        parseHTML: (el) => {
          const id = Number(el.getAttribute("data-follow-up-id"));
          return Number.isSafeInteger(id) && id > 0 ? id : null;
        },
        renderHTML: (attrs) => ({ "data-follow-up-id": attrs.followUpId }),
      },
      title: { default: "", parseHTML: (el) => el.getAttribute("data-title") ?? "", renderHTML: (attrs) => ({ "data-title": attrs.title }) },
    };
  },
  parseHTML() {
    return [{ tag: 'div[data-type="follow-up"]' }];
  },
  renderHTML({ node, HTMLAttributes }) {
    return ["div", mergeAttributes({ "data-type": "follow-up", class: "follow-up" }, HTMLAttributes), ["span", { class: "follow-up-label" }, "Follow-up: "], String(node.attrs.title ?? "")];
  },
});

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    comment: {
      /** Anchors a comment thread on the selection. */
      setComment: (threadId: string) => ReturnType;
      unsetComment: () => ReturnType;
    };
  }
}

/** An inline comment thread anchored on a selection. One thread per stretch of text: the mark
 * excludes itself, so Yjs stores it under the plain key "comment" as the contract says (marks
 * that may overlap get a hashed key). */
export const Comment = Mark.create({
  name: "comment",
  inclusive: false,
  addAttributes() {
    return {
      threadId: {
        default: null,
        parseHTML: (el) => el.getAttribute("data-thread-id"),
        renderHTML: (attrs) => ({ "data-thread-id": attrs.threadId }),
      },
    };
  },
  parseHTML() {
    return [{ tag: "span[data-thread-id]" }];
  },
  renderHTML({ HTMLAttributes }) {
    return ["span", mergeAttributes({ class: "comment-mark" }, HTMLAttributes), 0];
  },
  addCommands() {
    return {
      setComment:
        (threadId) =>
        ({ commands }) =>
          commands.setMark(this.name, { threadId }),
      unsetComment:
        () =>
        ({ commands }) =>
          commands.unsetMark(this.name),
    };
  },
});

/** A person: the contract's attrs are exactly `id` (the user id, as a string) and `label` (the
 * name), so TipTap's extra `mentionSuggestionChar` attribute (always "@" here) is dropped. */
export const PersonMention = Mention.extend({
  addAttributes() {
    const { id, label } = (this.parent?.() ?? {}) as Attributes;
    return { id, label };
  },
});

/** What the editor and the fixtures may swap for a richer version of the same node (a React node
 * view, a mention with suggestions): the schema stays the same. */
export interface SchemaOverrides {
  factor?: AnyExtension;
  timelineEvent?: AnyExtension;
  followUp?: AnyExtension;
  mention?: AnyExtension;
}

/** Every node and mark of the contract, and nothing else. */
export function schemaExtensions(overrides: SchemaOverrides = {}): AnyExtension[] {
  return [
    StarterKit.configure({
      heading: { levels: [1, 2, 3] },
      // Collaboration brings its own undo (only one's own changes), and the trailing paragraph
      // would write to the shared document on its own, which clients must never do.
      undoRedo: false,
      trailingNode: false,
      link: { openOnClick: false, autolink: true, defaultProtocol: "https", isAllowedUri: (url) => isSafeHref(url) },
    }),
    TableKit.configure({ table: { resizable: false } }),
    TaskList,
    TaskItem.configure({ nested: true }),
    overrides.mention ?? PersonMention,
    overrides.factor ?? Factor,
    overrides.timelineEvent ?? TimelineEvent,
    overrides.followUp ?? FollowUp,
    Comment,
    TemplateAttributes,
  ];
}
