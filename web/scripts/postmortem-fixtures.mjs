// Writes the postmortem fixtures the server's renderer is tested on: for each document, the Yjs
// update the server would store (NAME.update.bin, v1 encoding, field "default"), its ProseMirror
// JSON (NAME.json) and what TipTap itself renders for it (NAME.html). The schema is the editor's
// own (src/postmortem/editor/schema.ts, loaded through Vite), so fixtures and editor cannot drift.
// Usage: node scripts/postmortem-fixtures.mjs [out dir]   (default ../crates/core/tests/fixtures/postmortem)
// The output is deterministic (a fixed Yjs client id), so regenerating without changes is a no-op.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { JSDOM } from "jsdom";
import { runnerImport } from "vite";
import * as Y from "yjs";
import { prosemirrorJSONToYXmlFragment, yDocToProsemirrorJSON } from "@tiptap/y-tiptap";
import { generateHTML, getSchema } from "@tiptap/core";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = resolve(process.argv[2] ?? join(web, "../crates/core/tests/fixtures/postmortem"));
// generateHTML serializes through the DOM; jsdom stands in for the browser's.
const { window } = new JSDOM("");
globalThis.window = window;
globalThis.document = window.document;

const { module: schemaModule } = await runnerImport(join(web, "src/postmortem/editor/schema.ts"), { root: web, configFile: false, logLevel: "error" });
const { schemaExtensions, FIELD } = schemaModule;
const extensions = schemaExtensions();
const schema = getSchema(extensions);

// Builders keep the documents below readable.
const text = (t, ...marks) => ({ type: "text", text: t, ...(marks.length ? { marks } : {}) });
const mark = (type, attrs) => (attrs ? { type, attrs } : { type });
const p = (...content) => ({ type: "paragraph", ...(content.length ? { content } : {}) });
const help = (h) => ({ type: "paragraph", attrs: { help: h } });
const h = (level, t) => ({ type: "heading", attrs: { level }, content: [text(t)] });
const section = (key, t) => ({ type: "heading", attrs: { level: 2, section: key }, content: [text(t)] });
const doc = (...content) => ({ type: "doc", content });
const li = (...content) => ({ type: "listItem", content });
const task = (checked, ...content) => ({ type: "taskItem", attrs: { checked }, content });
const cell = (type, content, attrs = {}) => ({ type, attrs: { colspan: 1, rowspan: 1, colwidth: null, ...attrs }, content: [p(...content)] });
const factor = (category, ...content) => ({ type: "factor", attrs: { category }, content });
const event = (eventId, at, author, kind, ...content) => ({ type: "timelineEvent", attrs: { eventId, at, author, kind }, content });
const mention = (id, label) => ({ type: "mention", attrs: { id, label } });
const br = { type: "hardBreak" };

const documents = {
  // What the server seeds (crates/core/src/postmortem/document/seed.rs): the title, a header of
  // facts, the template's sections (headings carrying the section key) with their help.
  "seeded-template": doc(
    h(1, "INC-42: Checkout errors after the deploy"),
    { type: "bulletList", content: [li(p(text("Severity:", mark("bold")), text(" SEV2"))), li(p(text("Declared:", mark("bold")), text(" 2026-11-24 13:02 UTC")))] },
    section("summary", "Summary"),
    help("What happened, in two or three sentences, for someone who was not there."),
    section("impact", "Impact"),
    help("Who was affected, how, and for how long."),
    section("timeline", "Timeline"),
    event(101, "2026-11-24T13:02:00Z", "Ana Lima", "declared", text("Ana Lima declared the incident as SEV2: Checkout errors")),
    section("contributing_factors", "Contributing factors"),
    factor("change"),
    section("action_items", "Action items"),
    { type: "taskList", content: [task(false, p())] },
  ),
  empty: doc(p()),
  marks: doc(
    p(text("bold", mark("bold")), text(" "), text("italic", mark("italic")), text(" "), text("strike", mark("strike")), text(" "), text("underline", mark("underline")), text(" "), text("code", mark("code"))),
    p(text("all at once", mark("bold"), mark("italic"), mark("strike"), mark("underline"))),
    p(text("a link", mark("link", { href: "https://example.com/runbook?a=1&b=2" })), text(", a mail link", mark("link", { href: "mailto:oncall@example.com" })), text(" and a plain http one", mark("link", { href: "http://status.example.com" }), mark("bold"))),
    p(text("line one"), br, text("line two"), br, br, text("after two breaks")),
  ),
  "lists-nested": doc(
    { type: "bulletList", content: [li(p(text("first")), { type: "orderedList", attrs: { start: 3 }, content: [li(p(text("three"))), li(p(text("four")), { type: "bulletList", content: [li(p(text("deep")))] })] }), li(p(text("second")), p(text("second paragraph of the item")))] },
    { type: "orderedList", attrs: { start: 1 }, content: [li(p(text("one"))), li(p(text("two", mark("bold"))))] },
  ),
  "task-list": doc(
    h(2, "Action items"),
    { type: "taskList", content: [task(true, p(text("Add an alert on pool saturation"))), task(false, p(text("Raise the pool size")), { type: "taskList", content: [task(false, p(text("Load-test first"))), task(true, p(text("Ask the DBA")))] }), task(false, p(mention("7", "Ana Lima"), text(" owns the runbook update")))] },
  ),
  table: doc({
    type: "table",
    content: [
      { type: "tableRow", content: [cell("tableHeader", [text("When")], { colwidth: [120] }), cell("tableHeader", [text("What")]), cell("tableHeader", [text("Who")])] },
      { type: "tableRow", content: [cell("tableCell", [text("14:02")]), cell("tableCell", [text("Deploy "), text("v2.3", mark("code"))], { colspan: 2, colwidth: [200, 150] })] },
      { type: "tableRow", content: [cell("tableCell", [text("14:10")], { rowspan: 2 }), cell("tableCell", [text("Rollback", mark("bold"))]), cell("tableCell", [mention("7", "Ana Lima")])] },
      { type: "tableRow", content: [cell("tableCell", [text("Recovered")]), { type: "tableCell", attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [p()] }] },
    ],
  }),
  "code-block": doc(
    { type: "codeBlock", attrs: { language: "rust" }, content: [text('fn main() {\n    if a < b && c > d { println!("<ok>"); }\n}')] },
    { type: "codeBlock", attrs: { language: null }, content: [text("$ kubectl rollout undo deploy/checkout")] },
  ),
  "quote-and-rule": doc(p(text("Before the rule.")), { type: "blockquote", content: [p(text("Quoted, with "), text("emphasis", mark("italic"))), p(text("second paragraph"))] }, { type: "horizontalRule" }, p(text("After the rule."))),
  mention: doc(p(text("Thanks to "), mention("7", "Ana Lima"), text(" and "), mention("12", "Bo Chen"), text(" for the quick rollback."))),
  factors: doc(
    h(2, "Contributing factors"),
    factor("change", text("The deploy changed the connection pool default.")),
    factor("capacity", text("The pool was "), text("too small", mark("bold")), text(" for peak traffic.")),
    factor("detection", text("No alert fired for "), text("12 minutes", mark("italic")), text(".")),
    factor("other"),
  ),
  "timeline-events": doc(
    h(2, "Timeline"),
    event(101, "2026-11-24T13:02:00Z", "Ana Lima", "declared", text("Ana Lima declared the incident as SEV2: Checkout errors")),
    event(105, "2026-11-24T13:10:30Z", "Bo Chen", "comment_added", text("Rolled back to v2.2."), br, text("Errors dropping.")),
    event(9007199254740991, "2026-11-24T14:00:00Z", "", "status_changed", text("Moved the incident to resolved")),
  ),
  comments: doc(p(text("The pool "), text("was too small", mark("comment", { threadId: "th_01" })), text(" and "), text("nobody noticed", mark("comment", { threadId: "th_02" }), mark("bold")), text("."))),
  unicode: doc(
    h(2, "Unicode 🔥"),
    p(text("Emoji 🔥🚒 family 👨‍👩‍👧 flag 🇵🇹 and a skin tone 👍🏽")),
    p(text("Ça marche, naïve café, Ελληνικά, русский, 日本語の文, 한국어")),
    p(text("مرحبا بالعالم"), text(" and עברית")),
    p(text("Combining: e\u0301 a\u0308; zero width: a\u200bb; astral math: 𝔘𝔫𝔦")),
    p(text("Quotes “double” ‘single’ — dash … ellipsis & ampersand")),
  ),
  // XSS corpus: what the server's renderer must escape or drop.
  "xss-link": doc(
    p(text("click me", mark("link", { href: "javascript:alert(1)" }))),
    p(text("and me", mark("link", { href: " JaVaScRiPt:alert(document.cookie)" }))),
    p(text("data", mark("link", { href: "data:text/html,<script>alert(1)</script>" }))),
    p(text("fine", mark("link", { href: "https://example.com/\"><script>alert(1)</script>" }))),
  ),
  "xss-text": doc(
    h(2, "<script>alert(1)</script>"),
    p(text("<img src=x onerror=alert(1)>")),
    p(text("<script>alert(document.domain)</script> & </p><p>")),
    { type: "codeBlock", attrs: { language: '"><script>alert(1)</script>' }, content: [text("<img src=x onerror=alert(1)>")] },
    factor('"><img src=x onerror=alert(1)>', text("<b>not bold</b>")),
    event(1, '"><script>alert(1)</script>', "<img src=x onerror=alert(1)>", "<script>", text("<script>alert(1)</script>")),
    p(mention('"><script>', "<img src=x onerror=alert(1)>")),
    p(text("x", mark("comment", { threadId: '"><img src=x onerror=alert(1)>' }))),
  ),
};

/** A Y.Doc holding `json` as the editor's binding would write it, with a fixed client id. */
function toYDoc(json) {
  const ydoc = new Y.Doc();
  ydoc.clientID = 1;
  prosemirrorJSONToYXmlFragment(schema, json, ydoc.getXmlFragment(FIELD));
  return ydoc;
}

/** The update as the server would store it, checked to read back as the same document. */
function encode(name, ydoc, expected) {
  const update = Y.encodeStateAsUpdate(ydoc);
  const back = new Y.Doc();
  Y.applyUpdate(back, update);
  const json = yDocToProsemirrorJSON(back, FIELD);
  if (expected && JSON.stringify(normalize(json)) !== JSON.stringify(normalize(expected))) throw new Error(`${name}: the update does not read back as its JSON:\n${JSON.stringify(json)}`);
  return update;
}

/** The JSON ProseMirror itself produces (defaults filled in), to compare like with like. */
const normalize = (json) => schema.nodeFromJSON(json).toJSON();

mkdirSync(out, { recursive: true });
const written = [];
for (const [name, json] of Object.entries(documents)) {
  const full = normalize(json);
  const ydoc = toYDoc(full);
  writeFileSync(join(out, `${name}.update.bin`), encode(name, ydoc, full));
  writeFileSync(join(out, `${name}.json`), `${JSON.stringify(full, null, 2)}\n`);
  writeFileSync(join(out, `${name}.html`), `${generateHTML(full, extensions)}\n`);
  written.push(name);
}

// Content no client can write through the schema, put straight into the Y.Doc (as a buggy or
// hostile client could): an unknown block node, an unknown inline node, an unknown mark. The
// renderer must show them as text. No .html: TipTap's schema refuses this document.
{
  const name = "xss-unknown-node";
  const ydoc = toYDoc(normalize(doc(p(text("Before the unknown nodes.")))));
  const fragment = ydoc.getXmlFragment(FIELD);
  const script = new Y.XmlElement("script");
  script.insert(0, [new Y.XmlText("alert(1)")]);
  const iframe = new Y.XmlElement("iframe");
  iframe.setAttribute("src", "javascript:alert(1)");
  iframe.setAttribute("onload", "alert(1)");
  iframe.insert(0, [new Y.XmlText("<img src=x onerror=alert(1)>")]);
  const para = new Y.XmlElement("paragraph");
  const inline = new Y.XmlElement("img");
  inline.setAttribute("src", "x");
  inline.setAttribute("onerror", "alert(1)");
  const marked = new Y.XmlText();
  marked.insert(0, "marked with an unknown mark", { marquee: { onclick: "alert(1)" } });
  para.insert(0, [new Y.XmlText("inline: "), inline, marked]);
  fragment.insert(1, [script, iframe, para]);
  writeFileSync(join(out, `${name}.update.bin`), encode(name, ydoc, null));
  // The JSON says what is in the Y.Doc, in ProseMirror's shape, though the schema cannot hold it.
  const json = doc(
    p(text("Before the unknown nodes.")),
    { type: "script", content: [text("alert(1)")] },
    { type: "iframe", attrs: { src: "javascript:alert(1)", onload: "alert(1)" }, content: [text("<img src=x onerror=alert(1)>")] },
    p(text("inline: "), { type: "img", attrs: { src: "x", onerror: "alert(1)" } }, text("marked with an unknown mark", mark("marquee", { onclick: "alert(1)" }))),
  );
  writeFileSync(join(out, `${name}.json`), `${JSON.stringify(json, null, 2)}\n`);
  written.push(name);
}

console.log(`wrote ${written.length} fixtures to ${out}: ${written.join(", ")}`);
