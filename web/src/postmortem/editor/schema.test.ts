import { Editor, generateHTML, getSchema } from "@tiptap/core";
import { Collaboration } from "@tiptap/extension-collaboration";
import { prosemirrorJSONToYDoc, yDocToProsemirrorJSON } from "@tiptap/y-tiptap";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { FIELD, isSafeHref, schemaExtensions } from "./schema";

const schema = getSchema(schemaExtensions());
const editors: Editor[] = [];

/** A headless editor bound to a Y.Doc, as the page binds one (without the socket). */
function collaborating(doc: Y.Doc, onContentError = () => {}): Editor {
  const editor = new Editor({ element: document.createElement("div"), extensions: [...schemaExtensions(), Collaboration.configure({ document: doc, field: FIELD })], enableContentCheck: true, onContentError });
  editors.push(editor);
  return editor;
}

/** Two documents that pass every update to each other, as two browsers on the server would. */
function wired(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on("update", (u: Uint8Array, origin: unknown) => origin !== "wire" && Y.applyUpdate(b, u, "wire"));
  b.on("update", (u: Uint8Array, origin: unknown) => origin !== "wire" && Y.applyUpdate(a, u, "wire"));
  return [a, b];
}

// y-prosemirror renders the shared document into the editor a tick after binding.
const tick = () => new Promise((r) => setTimeout(r, 10));

afterEach(() => {
  for (const e of editors.splice(0)) e.destroy();
});

const factorDoc = {
  type: "doc",
  content: [
    { type: "factor", attrs: { category: "capacity" }, content: [{ type: "text", text: "The pool was too small." }] },
    { type: "timelineEvent", attrs: { eventId: 42, at: "2026-11-24T13:02:00Z", author: "Ana Lima", kind: "comment_added" }, content: [{ type: "text", text: "Rolled back." }] },
    { type: "paragraph", attrs: { help: "What went well?" } },
  ],
};

describe("the postmortem schema", () => {
  it("has exactly the contract's nodes and marks", () => {
    expect(Object.keys(schema.nodes).sort()).toEqual(
      ["doc", "text", "paragraph", "heading", "bulletList", "orderedList", "listItem", "taskList", "taskItem", "blockquote", "codeBlock", "horizontalRule", "table", "tableRow", "tableHeader", "tableCell", "factor", "timelineEvent", "followUp", "hardBreak", "mention"].sort(),
    );
    expect(Object.keys(schema.marks).sort()).toEqual(["bold", "code", "comment", "italic", "link", "strike", "underline"]);
    expect(Object.keys(schema.nodes.mention.spec.attrs ?? {}).sort()).toEqual(["id", "label"]);
  });

  it("allows http, https and mailto links only", () => {
    for (const ok of ["https://example.com/a", "http://x.test", "mailto:ana@example.com"]) expect(isSafeHref(ok)).toBe(true);
    for (const bad of ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,<script>", "vbscript:x", "/relative", "", null]) expect(isSafeHref(bad)).toBe(false);
  });

  it("refuses to set a javascript: link, and renders one forced into the document without its href", () => {
    const editor = new Editor({ element: document.createElement("div"), extensions: schemaExtensions(), content: "<p>click me</p>" });
    editors.push(editor);
    editor.commands.selectAll();
    expect(editor.commands.setLink({ href: "javascript:alert(1)" })).toBe(false);
    expect(editor.getHTML()).not.toContain("href");
    expect(editor.commands.setLink({ href: "https://example.com" })).toBe(true);
    expect(editor.getHTML()).toContain('href="https://example.com"');

    const forced = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] }] };
    const html = generateHTML(forced, schemaExtensions());
    expect(html).not.toContain("javascript:");
    // Pasted HTML with such a link keeps the text and loses the link.
    editor.commands.setContent('<p><a href="javascript:alert(1)">pasted</a></p>');
    expect(editor.getHTML()).not.toContain("javascript:");
    expect(editor.getText()).toBe("pasted");
  });

  it("round-trips factors and timeline events through Yjs with their attrs' types", () => {
    const doc = prosemirrorJSONToYDoc(schema, factorDoc, FIELD);
    const fragment = doc.getXmlFragment(FIELD);
    const event = fragment.get(1) as Y.XmlElement;
    expect(event.nodeName).toBe("timelineEvent");
    expect(event.getAttribute("eventId")).toBe(42);
    expect((fragment.get(0) as Y.XmlElement).getAttribute("category")).toBe("capacity");
    expect((fragment.get(2) as Y.XmlElement).getAttribute("help")).toBe("What went well?");

    // Through an update, as the server would store and send it.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    const back = yDocToProsemirrorJSON(copy, FIELD) as { content: { attrs?: Record<string, unknown> }[] };
    expect(back.content[1].attrs).toEqual({ eventId: 42, at: "2026-11-24T13:02:00Z", author: "Ana Lima", kind: "comment_added" });
    expect(back.content[0]).toEqual(factorDoc.content[0]);
    expect(back.content[2].attrs?.help).toBe("What went well?");
  });

  it("round-trips a follow-up block through Yjs: its id a number, the title it was inserted with, and renders without data", () => {
    const json = { type: "doc", content: [{ type: "followUp", attrs: { followUpId: 57, title: "Alert on queue depth" } }, { type: "paragraph" }] };
    const doc = prosemirrorJSONToYDoc(schema, json, FIELD);
    const block = doc.getXmlFragment(FIELD).get(0) as Y.XmlElement;
    expect(block.nodeName).toBe("followUp");
    expect(block.getAttribute("followUpId")).toBe(57);
    expect(block.getAttribute("title")).toBe("Alert on queue depth");
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect((yDocToProsemirrorJSON(copy, FIELD) as { content: unknown[] }).content[0]).toEqual(json.content[0]);
    const html = generateHTML(json, schemaExtensions());
    expect(html).toContain('<div data-type="follow-up" class="follow-up" data-follow-up-id="57" data-title="Alert on queue depth"><span class="follow-up-label">Follow-up: </span>Alert on queue depth</div>');
    // Pasted back, the block is the same block.
    const editor = new Editor({ element: document.createElement("div"), extensions: schemaExtensions(), content: html });
    editors.push(editor);
    expect(editor.getJSON().content?.[0]).toEqual(json.content[0]);
  });

  it("stores a comment under the mark's own name with its attrs", () => {
    const json = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "slow", marks: [{ type: "comment", attrs: { threadId: "t1" } }, { type: "bold" }] }] }] };
    const doc = prosemirrorJSONToYDoc(schema, json, FIELD);
    const text = (doc.getXmlFragment(FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    expect(text.toDelta()).toEqual([{ insert: "slow", attributes: { comment: { threadId: "t1" }, bold: {} } }]);
  });
});

describe("two editors on one document", () => {
  it("converge as both type", async () => {
    const [a, b] = wired();
    Y.applyUpdate(a, Y.encodeStateAsUpdate(prosemirrorJSONToYDoc(schema, factorDoc, FIELD)));
    const one = collaborating(a);
    const two = collaborating(b);
    await tick();
    expect(two.getJSON()).toEqual(one.getJSON());

    one.chain().setTextSelection(1).insertContent("Really: ").run();
    two.commands.setTextSelection(two.state.doc.content.size - 1);
    two.commands.insertContent("We kept the runbook.");
    await tick();
    expect(one.getJSON()).toEqual(two.getJSON());
    expect(one.getText()).toContain("Really: The pool");
    expect(one.getText()).toContain("We kept the runbook.");
    const event = one.getJSON().content?.[1];
    expect(event?.attrs?.eventId).toBe(42);
  });

  it("never write to an empty document on their own (the server seeds it)", async () => {
    const doc = new Y.Doc();
    let updates = 0;
    doc.on("update", () => updates++);
    collaborating(doc);
    await tick();
    expect(updates).toBe(0);
    expect(doc.getXmlFragment(FIELD).length).toBe(0);
  });

  it("keep content the schema does not know instead of deleting it", async () => {
    const doc = prosemirrorJSONToYDoc(schema, factorDoc, FIELD);
    const unknown = new Y.XmlElement("iframe");
    unknown.setAttribute("src", "javascript:alert(1)");
    doc.getXmlFragment(FIELD).insert(1, [unknown]);
    const before = Y.encodeStateVector(doc);
    let reported = false;
    collaborating(doc, () => (reported = true));
    await tick();
    expect(reported).toBe(true);
    expect(Y.encodeStateVector(doc)).toEqual(before);
    expect(doc.getXmlFragment(FIELD).length).toBe(4);
  });

  it("keep what the server's seed writes: a section key on headings, help on paragraphs", async () => {
    // As crates/core/src/postmortem/document/seed.rs builds it.
    const doc = new Y.Doc();
    const heading = new Y.XmlElement("heading");
    heading.setAttribute("level", 2 as unknown as string);
    heading.setAttribute("section", "summary");
    heading.insert(0, [new Y.XmlText("Summary")]);
    const help = new Y.XmlElement("paragraph");
    help.setAttribute("help", "What happened?");
    help.insert(0, [new Y.XmlText("")]);
    doc.getXmlFragment(FIELD).insert(0, [heading, help]);
    let updates = 0;
    doc.on("update", () => updates++);
    const editor = collaborating(doc);
    await tick();
    expect(updates).toBe(0);
    editor.chain().setTextSelection(8).insertContent(" and impact").run();
    await tick();
    expect(heading.toString()).toContain("Summary and impact");
    expect(heading.getAttribute("section")).toBe("summary");
    expect(heading.getAttribute("level")).toBe(2);
    expect(help.getAttribute("help")).toBe("What happened?");
  });
});
