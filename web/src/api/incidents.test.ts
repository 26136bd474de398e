import { describe, expect, it } from "vitest";
import type { Incident } from "./client";
import { incidentKeys, patchIncident, rememberIncident } from "./incidents";
import { testQueryClient } from "../testing/wrapper";

const inc = (id: number, status: Incident["status"], last_seq: number) => ({ id, reference: `INC-${id}`, status, last_seq, title: `Incident ${id}` }) as Incident;

describe("patchIncident", () => {
  it("replaces older copies wherever a list keeps them, and leaves the rest as they were", () => {
    const lists = { open: [inc(1, "active", 5), inc(2, "triage", 3)], resolved: [inc(3, "resolved", 9)] };
    const patched = patchIncident(lists, inc(1, "mitigated", 6))!;
    expect(patched.open[0].status).toBe("mitigated");
    expect(patched.open[1]).toBe(lists.open[1]);
    expect(patched.resolved).toBe(lists.resolved);

    const pages = { pages: [{ items: [inc(2, "triage", 3), inc(1, "active", 5)], next: null }], pageParams: [undefined] };
    expect(patchIncident(pages, inc(1, "resolved", 8))!.pages[0].items[1].status).toBe("resolved");
  });

  it("keeps a list's paging summary when the fresher copy, a write's answer, has none", () => {
    const paging = { pages: 1, acknowledged: 0, waiting_since: "2026-12-03T12:00:00Z" };
    const lists = { open: [{ ...inc(1, "active", 5), paging }] };
    const patched = patchIncident(lists, inc(1, "mitigated", 6))!;
    expect(patched.open[0]).toMatchObject({ status: "mitigated", paging });
    const read = { ...inc(1, "mitigated", 7), paging: { pages: 1, acknowledged: 1, waiting_since: null } };
    expect(patchIncident(lists, read)!.open[0].paging).toEqual(read.paging);
  });

  it("changes nothing for an older or unknown copy", () => {
    const lists = { open: [inc(1, "mitigated", 7)] };
    expect(patchIncident(lists, inc(1, "active", 6))).toBeUndefined();
    expect(patchIncident(lists, inc(9, "active", 60))).toBeUndefined();
  });
});

describe("the cache keeps one incident in agreement", () => {
  it("patches every cached list when a fresher copy is read or written, never with an older one", () => {
    const client = testQueryClient();
    client.setQueryData(incidentKeys.list("dashboard"), { open: [inc(1, "active", 5)], resolved: [] });
    client.setQueryData(incidentKeys.list("search", { status: "open" }), { pages: [{ items: [inc(1, "active", 5)], next: null }], pageParams: [undefined] });

    rememberIncident(client, inc(1, "mitigated", 6));
    expect(client.getQueryData<{ open: Incident[] }>(incidentKeys.list("dashboard"))!.open[0].status).toBe("mitigated");
    expect(client.getQueryData<{ pages: { items: Incident[] }[] }>(incidentKeys.list("search", { status: "open" }))!.pages[0].items[0].status).toBe("mitigated");
    // The write changed it: every list is asked again (a filter may no longer match).
    expect(client.getQueryState(incidentKeys.list("dashboard"))!.isInvalidated).toBe(true);

    rememberIncident(client, inc(1, "active", 5));
    expect(client.getQueryData<Incident>(incidentKeys.detail("INC-1"))!.status).toBe("mitigated");
    expect(client.getQueryData<{ open: Incident[] }>(incidentKeys.list("dashboard"))!.open[0].status).toBe("mitigated");
  });
});
