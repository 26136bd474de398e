import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, waitFor } from "@testing-library/react";
import { Profiler } from "react";
import type { TimelineEvent } from "../events";
import { renderMarkdown } from "../markdown";
import { Activity } from "./Activity";
import { foldComments } from "./comments";
import type { RowContext } from "./EventItem";

// Counting markdown renders shows which rows rendered again.
vi.mock("../markdown", async (importOriginal) => {
  const real = await importOriginal<typeof import("../markdown")>();
  return { ...real, renderMarkdown: vi.fn(real.renderMarkdown) };
});

afterEach(cleanup);

const ana = { id: 1, name: "Ana" };
const at = (i: number) => new Date(Date.UTC(2026, 10, 25, 12, 0, i)).toISOString();
const ev = (id: number, kind: string, data: Record<string, unknown>) => ({ id, kind, data, seq: id, incident_id: 1, reference: "INC-1", at: at(id), actor: ana }) as unknown as TimelineEvent;

function timeline(n: number): TimelineEvent[] {
  const events = [ev(1, "declared", { title: "Slow", severity: "SEV2", type: "other", private: false })];
  for (let i = 2; i <= n; i++) events.push(ev(i, "comment_added", { body: `Comment **${i}** on #load, cc @bo, see https://example.com/${i}` }));
  return events;
}

const ok = async () => true;
const ctx: RowContext = {
  canAct: true,
  userId: 1,
  withDate: false,
  names: new Map([[1, "Ana"]]),
  roleNames: new Map(),
  serviceNames: new Map(),
  pinPhrases: new Map(),
  mentions: new Map([["bo", { name: "Bo" }]]),
  onPin: ok,
  onEdit: ok,
  onDelete: ok,
};

describe("a 1,000-event activity log", () => {
  it("renders each event's markdown once, and one row when an event arrives", async () => {
    const markdown = vi.mocked(renderMarkdown);
    markdown.mockClear();
    const durations: number[] = [];
    const onRender = (_id: string, _phase: string, duration: number) => durations.push(duration);
    const tree = (events: TimelineEvent[], folded: ReturnType<typeof foldComments>) => (
      <Profiler id="activity" onRender={onRender}>
        <Activity events={events} comments={folded} pinned={new Set()} ctx={ctx} />
      </Profiler>
    );

    const events = timeline(1000);
    const folded = foldComments(events);
    let t = performance.now();
    const view = render(tree(events, folded));
    // The newest rows first, at once; the rest in slices that each leave the page free to respond.
    const first = performance.now() - t;
    const rows = () => view.container.querySelectorAll("ol.activity > li");
    expect(rows().length).toBeLessThan(100);
    expect(rows()[0].getAttribute("data-event-id")).toBe("1000");
    await waitFor(() => expect(rows()).toHaveLength(1000), { timeout: 30_000 });
    const initial = performance.now() - t;
    const slices = durations.length;
    expect(markdown).toHaveBeenCalledTimes(999);
    expect(view.container.querySelectorAll("a.tag")).toHaveLength(999);

    // One more comment streams in: only its row renders.
    const more = [...events, ev(1001, "comment_added", { body: "one more" })];
    const foldedMore = foldComments(more, folded);
    t = performance.now();
    view.rerender(tree(more, foldedMore));
    const append = performance.now() - t;
    expect(markdown).toHaveBeenCalledTimes(1000);
    expect(view.container.querySelector("ol.activity > li")?.textContent).toContain("one more");

    // An edit renders the edited comment again, and nothing else.
    const edited = [...more, ev(1002, "comment_edited", { comment_id: 500, body: "fixed" })];
    view.rerender(tree(edited, foldComments(edited, foldedMore)));
    expect(markdown).toHaveBeenCalledTimes(1001);
    expect(view.container.querySelector('li[data-event-id="500"]')?.textContent).toContain("fixed");
    expect(view.container.querySelector('li[data-event-id="1002"]')).toBeNull();

    console.log(
      `jsdom, 1,000 events: first rows in ${Math.round(first)} ms, all in ${Math.round(initial)} ms over ${slices} commits ` +
        `(longest commit ${Math.round(Math.max(...durations.slice(0, slices)))} ms); one event more ${Math.round(append)} ms (React ${Math.round(durations[slices])} ms)`,
    );
    // Generous bounds (jsdom on a busy machine); the point is the ratio: appending is not a re-render.
    expect(append).toBeLessThan(initial / 4);
    expect(initial).toBeLessThan(30_000);
  }, 60_000);
});
