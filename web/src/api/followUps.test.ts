import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "../events";
import { followUpFixture } from "../testing/followUps";
import { followUpIdOf, followUpKeys, patchFollowUp, refreshFollowUpsAfter } from "./followUps";

const event = (id: number, kind: string, data: Record<string, unknown>) => ({ id, kind, data, seq: id, incident_id: 42, reference: "INC-42", at: "2026-12-03T10:00:00Z", actor: null }) as unknown as TimelineEvent;

describe("follow-ups in the cache", () => {
  it("knows which follow-up an event is about", () => {
    expect(followUpIdOf(event(57, "follow_up_added", { title: "x" }))).toBe(57);
    expect(followUpIdOf(event(90, "follow_up_changed", { follow_up_id: 57, title: "x", changes: {} }))).toBe(57);
    expect(followUpIdOf(event(91, "comment_added", { body: "x" }))).toBeNull();
  });

  it("replaces a fresher copy wherever it is cached, copying only what holds it", () => {
    const a = followUpFixture();
    const b = followUpFixture({ id: 58, title: "Other" });
    const pages = { pages: [{ items: [a], next: "c" }, { items: [b], next: null }], pageParams: [undefined, "c"] };
    const done = { ...a, status: "done" as const, overdue: false };
    const patched = patchFollowUp(pages, done)!;
    expect(patched.pages[0].items[0]).toBe(done);
    expect(patched.pages[1]).toBe(pages.pages[1]);
    expect(patchFollowUp([b], done)).toBeUndefined();
  });

  it("asks again for the incident's follow-ups, the lists and the one changed after a streamed event, and for nothing else", async () => {
    const client = new QueryClient();
    for (const key of [followUpKeys.incident("INC-42"), followUpKeys.list({ owner: "me" }), followUpKeys.detail(57), followUpKeys.detail(58)]) client.setQueryData(key, []);
    refreshFollowUpsAfter(client, "INC-42", [event(5, "comment_added", {})]);
    expect(client.getQueryState(followUpKeys.incident("INC-42"))?.isInvalidated).toBe(false);
    refreshFollowUpsAfter(client, "INC-42", [event(90, "follow_up_changed", { follow_up_id: 57, title: "x", changes: { status: "done" } })]);
    expect(client.getQueryState(followUpKeys.incident("INC-42"))?.isInvalidated).toBe(true);
    expect(client.getQueryState(followUpKeys.list({ owner: "me" }))?.isInvalidated).toBe(true);
    expect(client.getQueryState(followUpKeys.detail(57))?.isInvalidated).toBe(true);
    expect(client.getQueryState(followUpKeys.detail(58))?.isInvalidated).toBe(false);
  });
});
