import { getSchema, type Editor } from "@tiptap/core";
import { prosemirrorJSONToYXmlFragment, yDocToProsemirrorJSON } from "@tiptap/y-tiptap";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { api } from "../../api/client";
import { AppContext, type AppData } from "../../context";
import { followUpFixture } from "../../testing/followUps";
import { testQueryClient, withClient } from "../../testing/wrapper";
import type { Postmortem } from "../api/postmortem";
import { PostmortemEditor } from "./PostmortemEditor";
import { FIELD, schemaExtensions } from "./schema";

// The socket is replaced by a document already synced and an awareness of its own: what the
// page does with them is under test, not y-websocket.
const fake = vi.hoisted(() => ({ doc: null as unknown as Y.Doc, awareness: null as unknown as Awareness }));
vi.mock("./sync", () => ({
  useDocSession: () => ({ session: { doc: fake.doc }, state: { status: "connected", synced: true, closed: null, provider: { awareness: fake.awareness } } }),
}));
vi.mock("../../api/people", () => ({ useDirectory: () => ({ active: [], names: new Map() }) }));

const schema = getSchema(schemaExtensions());
const answer = (data: unknown, status = 200) => ({ data: status < 300 ? data : undefined, error: status < 300 ? undefined : data, response: new Response(null, { status }) });
const app = { session: { user: { id: 1, name: "Ana Admin" } }, severities: [], types: [], roles: [], canAct: true, isAdmin: false } as unknown as AppData;
const pm = (can_edit: boolean): Postmortem => ({ reference: "INC-7", state: "draft", version: 1, reviewers: [], open_threads: 0, can_edit, sections: [], opened_at: "2026-12-03T10:00:00Z", updated_at: "2026-12-03T10:00:00Z", published_at: null });
const timeline = [
  { id: 31, seq: 1, kind: "comment_added", data: { body: "Rolled back to v2.2" }, actor: { id: 2, name: "Bo Chen" }, at: "2026-11-24T13:10:00Z" },
  { id: 32, seq: 2, kind: "comment_added", data: { body: "Pool size raised" }, actor: { id: 1, name: "Ana Admin" }, at: "2026-11-24T13:20:00Z" },
];

beforeEach(() => {
  fake.doc = new Y.Doc();
  fake.awareness = new Awareness(fake.doc);
  prosemirrorJSONToYXmlFragment(
    schema,
    {
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 1 }, content: [{ type: "text", text: "INC-7: Checkout errors" }] },
        { type: "paragraph", attrs: { help: "What happened?" } },
        { type: "factor", attrs: { category: "capacity" }, content: [{ type: "text", text: "The pool was too small." }] },
        { type: "timelineEvent", attrs: { eventId: 9, at: "2026-11-24T13:02:00Z", author: "Bo Chen", kind: "declared" }, content: [{ type: "text", text: "Declared." }] },
      ],
    },
    fake.doc.getXmlFragment(FIELD),
  );
  vi.spyOn(api, "POST").mockImplementation((async (path: string, init: { body: { quote: string; body: string } }) => {
    if (path === "/api/v1/incidents/{ref}/postmortem/threads") return answer({ id: "th_9", quote: init.body.quote, resolved: false, replies: [] }, 201);
    return answer({ title: "unexpected", status: 500 }, 500);
  }) as never);
  vi.spyOn(api, "GET").mockImplementation((async (path: string) => {
    if (path === "/api/v1/incidents/{ref}/timeline") return answer({ items: timeline, next_cursor: null });
    if (path === "/api/v1/incidents/{ref}/postmortem/threads") return answer([]);
    // The taxonomy cannot be read: the default keys are offered.
    return answer({ title: "unavailable", status: 503 }, 503);
  }) as never);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function show(canEdit: boolean) {
  const Wrapper = withClient(testQueryClient());
  return render(
    <Wrapper>
      <AppContext.Provider value={app}>
        <PostmortemEditor reference="INC-7" postmortem={pm(canEdit)} />
      </AppContext.Provider>
    </Wrapper>,
  );
}

const body = () => yDocToProsemirrorJSON(fake.doc, FIELD) as { content: { type: string; attrs?: Record<string, unknown>; content?: { text?: string }[] }[] };

describe("the live postmortem editor", () => {
  it("shows the shared document with its factor and quoted event, the toolbar, and who is here", async () => {
    const { container } = show(true);
    const doc = await screen.findByRole("textbox", { name: "Postmortem document" });
    await waitFor(() => expect(doc.textContent).toContain("The pool was too small."));
    expect(doc.getAttribute("contenteditable")).toBe("true");
    screen.getByRole("toolbar", { name: "Formatting" });

    const category = within(doc).getByLabelText("Contributing factor") as HTMLSelectElement;
    expect(category.value).toBe("capacity");
    expect([...category.options].map((o) => o.value)).toEqual(["change", "capacity", "dependency", "detection", "process", "configuration", "security", "other"]);
    fireEvent.change(category, { target: { value: "detection" } });
    expect(body().content[2].attrs?.category).toBe("detection");

    expect(doc.querySelector(".timeline-event-meta")?.textContent).toContain("Bo Chen");
    expect(doc.querySelector("p[data-placeholder]")?.getAttribute("data-placeholder")).toBe("What happened?");

    // Someone else arrives; then leaves.
    const presence = screen.getByRole("region", { name: "People in the document" });
    await waitFor(() => expect(presence.textContent).toContain("Ana Admin (you)"));
    const other = new Awareness(new Y.Doc());
    other.setLocalStateField("user", { id: 2, name: "Bo Chen", color: "#224466" });
    act(() => fake.awareness.states.set(other.clientID, other.getLocalState()!));
    act(() => fake.awareness.emit("change", [{ added: [other.clientID], updated: [], removed: [] }, "remote"]));
    await waitFor(() => expect(presence.textContent).toContain("Bo Chen"));
    act(() => fake.awareness.states.delete(other.clientID));
    act(() => fake.awareness.emit("change", [{ added: [], updated: [], removed: [other.clientID] }, "remote"]));
    await waitFor(() => expect(presence.textContent).not.toContain("Bo Chen"));

    const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });

  it("is read-only when the postmortem says so: no toolbar, nothing editable", async () => {
    show(false);
    const doc = await screen.findByRole("textbox", { name: "Postmortem document" });
    await waitFor(() => expect(doc.textContent).toContain("The pool was too small."));
    expect(doc.getAttribute("contenteditable")).toBe("false");
    expect(screen.queryByRole("toolbar")).toBeNull();
    expect((within(doc).getByLabelText("Contributing factor") as HTMLSelectElement).disabled).toBe(true);
  });

  it("quotes a timeline event picked from the searchable dialog, its id staying a number", async () => {
    show(true);
    const doc = await screen.findByRole("textbox", { name: "Postmortem document" });
    await waitFor(() => expect(doc.textContent).toContain("The pool was too small."));
    fireEvent.click(screen.getByRole("button", { name: "Insert from timeline…" }));
    const dialog = await screen.findByRole("dialog", { name: "Insert from the timeline" });
    await within(dialog).findByText(/Pool size raised/);
    fireEvent.change(within(dialog).getByLabelText("Search the timeline"), { target: { value: "rolled" } });
    expect(within(dialog).queryByText(/Pool size raised/)).toBeNull();
    fireEvent.click(within(dialog).getByRole("button", { name: /Rolled back to v2.2/ }));
    expect(screen.queryByRole("dialog")).toBeNull();
    const quoted = body().content.find((n) => n.type === "timelineEvent" && n.attrs?.eventId === 31);
    expect(quoted?.attrs).toEqual({ eventId: 31, at: "2026-11-24T13:10:00Z", author: "Bo Chen", kind: "comment_added" });
    expect(quoted?.content?.[0].text).toBe("Rolled back to v2.2");
  });

  it("refuses a javascript: link in the link form", async () => {
    show(true);
    await screen.findByRole("textbox", { name: "Postmortem document" });
    fireEvent.click(screen.getByRole("button", { name: "Link" }));
    fireEvent.change(screen.getByLabelText("Link address"), { target: { value: "javascript:alert(1)" } });
    fireEvent.click(screen.getByRole("button", { name: "Apply link" }));
    await screen.findByText("Links must start with https://, http:// or mailto:.");
    expect(JSON.stringify(body())).not.toContain("javascript");
  });

  it("comments on the selected words: the thread is started with the quote, then the words carry its mark", async () => {
    show(true);
    const doc = await screen.findByRole("textbox", { name: "Postmortem document" });
    await waitFor(() => expect(doc.textContent).toContain("The pool was too small."));
    // TipTap hangs the editor on its element; select "pool" in the factor's sentence.
    const editor = (doc as unknown as { editor: Editor }).editor;
    let from = 0;
    editor.state.doc.descendants((node, pos) => {
      if (node.isText && node.text?.includes("pool")) from = pos + node.text.indexOf("pool");
    });
    act(() => void editor.commands.setTextSelection({ from, to: from + 4 }));
    fireEvent.click(await screen.findByRole("button", { name: "Comment on the selection" }));
    fireEvent.change(screen.getByLabelText("Comment on the selected text"), { target: { value: "How small?" } });
    fireEvent.click(screen.getByRole("button", { name: "Comment" }));
    await waitFor(() => expect(doc.querySelector('[data-thread-id="th_9"]')?.textContent).toBe("pool"));
    expect(api.POST).toHaveBeenCalledWith("/api/v1/incidents/{ref}/postmortem/threads", expect.objectContaining({ body: { quote: "pool", body: "How small?" } }));
    const factor = fake.doc.getXmlFragment(FIELD).get(2) as Y.XmlElement;
    expect((factor.get(0) as Y.XmlText).toDelta()).toContainEqual({ insert: "pool", attributes: { comment: { threadId: "th_9" } } });
  });

  it("adds a follow-up from the toolbar: made through the API first, then its block shows it live with a link", async () => {
    // jsdom lays nothing out and gives a Range no rectangles: ProseMirror asks for them when it
    // scrolls the inserted block into view, while the test waits for the block's data.
    Range.prototype.getClientRects ??= () => [] as unknown as DOMRectList;
    Range.prototype.getBoundingClientRect ??= () => new DOMRect();
    const created = followUpFixture({ id: 61, title: "Size the pool for peak", overdue: false, due_on: null, status: "proposed", incident: { ...followUpFixture().incident, reference: "INC-7" } });
    const post = vi.spyOn(api, "POST").mockImplementation((async () => answer(created, 201)) as never);
    const get = api.GET as unknown as ReturnType<typeof vi.fn>;
    const fallback = get.getMockImplementation() as (path: string, init: unknown) => Promise<unknown>;
    // Someone renamed it since: the block shows the live title, the document keeps the first one.
    get.mockImplementation((async (path: string, init: unknown) => {
      if (path === "/api/v1/follow-ups/{id}") return answer({ ...created, title: "Size the pool for peak traffic" });
      if (path === "/api/v1/teams") return answer({ items: [], next_cursor: null });
      return fallback(path, init);
    }) as never);
    show(true);
    const doc = await screen.findByRole("textbox", { name: "Postmortem document" });
    await waitFor(() => expect(doc.textContent).toContain("The pool was too small."));
    fireEvent.click(screen.getByRole("button", { name: "Add follow-up…" }));
    const dialog = await screen.findByRole("dialog", { name: "Add a follow-up" });
    fireEvent.change(within(dialog).getByLabelText("Title"), { target: { value: "Size the pool for peak" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Add and insert" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(post).toHaveBeenCalledWith("/api/v1/incidents/{ref}/follow-ups", expect.objectContaining({ params: { path: { ref: "INC-7" } }, body: expect.objectContaining({ title: "Size the pool for peak", status: "proposed" }) }));

    const block = body().content.find((n) => n.type === "followUp");
    expect(block?.attrs).toEqual({ followUpId: 61, title: "Size the pool for peak" });
    const link = await within(doc).findByRole("link", { name: "Size the pool for peak traffic" });
    expect(link.getAttribute("href")).toBe("/incidents/INC-7#follow-up-61");
    within(doc).getByText("Proposed");
    within(doc).getByText("No due date");
  });
});
