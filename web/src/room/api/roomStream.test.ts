import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, renderHook, waitFor } from "@testing-library/react";
import { api, type Incident } from "../../api/client";
import { incidentKeys, useIncident } from "../../api/incidents";
import { learningKeys } from "../../api/learning";
import type { TimelineEvent } from "../../events";
import { FakeEventSource } from "../../testing/fakeEventSource";
import { testQueryClient, withClient } from "../../testing/wrapper";
import { foldComments } from "../comments";
import { useRoomStream } from "./roomStream";
import type { Timeline } from "./timeline";

beforeEach(() => FakeEventSource.install());
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const incident = (status: Incident["status"], last_seq: number) => ({ id: 1, reference: "INC-1", title: "Checkout fails", status, last_seq, severity: "SEV1", roles: [], tags: [] }) as unknown as Incident;
const ev = (id: number, kind: string, data: Record<string, unknown>) => ({ id, seq: id, kind, data, incident_id: 1, reference: "INC-1", at: "2026-11-25T12:00:00Z", actor: { id: 1, name: "Ana" } }) as unknown as TimelineEvent;

describe("the room's stream", () => {
  it("puts events in the cached timeline, and a status change seen in the room reaches the dashboard's cache", async () => {
    let server = incident("active", 1);
    const get = vi.spyOn(api, "GET").mockImplementation((async () => ({ data: server, response: new Response("{}", { status: 200 }) })) as never);
    const client = testQueryClient();
    const declared = [ev(1, "declared", { title: "Checkout fails", severity: "SEV1" })];
    client.setQueryData<Timeline>(incidentKeys.timeline("INC-1"), { events: declared, comments: foldComments(declared) });
    client.setQueryData(incidentKeys.list("dashboard"), { open: [incident("active", 1)], resolved: [] });

    const { result } = renderHook(
      () => {
        useIncident("INC-1");
        return useRoomStream("INC-1", true);
      },
      { wrapper: withClient(client) },
    );
    const [stream] = FakeEventSource.open();
    // It resumes after the last event the room has.
    expect(stream.url).toBe("/api/v1/incidents/INC-1/events?last_event_id=1");
    expect(result.current).toBe("connecting");
    stream.open();
    await waitFor(() => expect(result.current).toBe("live"));
    await waitFor(() => expect(get).toHaveBeenCalledTimes(1));

    // Someone else mitigates: the event streams in, the incident is asked again.
    server = incident("mitigated", 2);
    stream.send(ev(2, "status_changed", { from: "active", to: "mitigated", transition: "forward" }), 2);
    await waitFor(() => expect(client.getQueryData<Timeline>(incidentKeys.timeline("INC-1"))!.events.map((e) => e.id)).toEqual([1, 2]));
    await waitFor(() => expect(client.getQueryData<{ open: Incident[] }>(incidentKeys.list("dashboard"))!.open[0].status).toBe("mitigated"));
    expect(client.getQueryData<Incident>(incidentKeys.detail("INC-1"))!.status).toBe("mitigated");
    // The lists are stale too, so the dashboard asks again when it next shows.
    expect(client.getQueryState(incidentKeys.list("dashboard"))!.isInvalidated).toBe(true);

    // A repeat (a replay after a reconnection) is not shown twice.
    stream.send(ev(2, "status_changed", { from: "active", to: "mitigated", transition: "forward" }), 2);
    await new Promise((r) => setTimeout(r, 60));
    expect(client.getQueryData<Timeline>(incidentKeys.timeline("INC-1"))!.events).toHaveLength(2);

    stream.drop();
    await waitFor(() => expect(result.current).toBe("reconnecting"));
  });
});

describe("who can see it, kept current by the stream", () => {
  it("asks for the viewers again when someone is let in, not on a comment", async () => {
    vi.spyOn(api, "GET").mockImplementation((async () => ({ data: incident("active", 1), response: new Response("{}", { status: 200 }) })) as never);
    const client = testQueryClient();
    const declared = [ev(1, "declared", { title: "Checkout fails", severity: "SEV1" })];
    client.setQueryData<Timeline>(incidentKeys.timeline("INC-1"), { events: declared, comments: foldComments(declared) });
    const viewersKey = incidentKeys.about("INC-1", "viewers");
    client.setQueryData(viewersKey, { private: true, viewers: [] });
    renderHook(() => useRoomStream("INC-1", true), { wrapper: withClient(client) });
    const [stream] = FakeEventSource.open();
    stream.open();

    stream.send(ev(2, "comment_added", { body: "looking" }), 2);
    await waitFor(() => expect(client.getQueryData<Timeline>(incidentKeys.timeline("INC-1"))!.events).toHaveLength(2));
    expect(client.getQueryState(viewersKey)!.isInvalidated).toBe(false);

    stream.send(ev(3, "access_granted", { user_id: 4, reason: "legal review" }), 3);
    await waitFor(() => expect(client.getQueryState(viewersKey)!.isInvalidated).toBe(true));
  });
});

describe("the learning checklist, kept current by the stream", () => {
  it("is asked again after a burst of the incident's events, and so is what the dashboard lists as due", async () => {
    vi.spyOn(api, "GET").mockImplementation((async () => ({ data: incident("resolved", 1), response: new Response("{}", { status: 200 }) })) as never);
    const client = testQueryClient();
    const declared = [ev(1, "declared", { title: "Checkout fails", severity: "SEV1" })];
    client.setQueryData<Timeline>(incidentKeys.timeline("INC-1"), { events: declared, comments: foldComments(declared) });
    client.setQueryData(learningKeys.checklist("INC-1"), { rule: "r", complete: false, steps: [] });
    client.setQueryData(learningKeys.due, { teams: [] });
    renderHook(() => useRoomStream("INC-1", true), { wrapper: withClient(client) });
    const [stream] = FakeEventSource.open();
    stream.open();
    expect(client.getQueryState(learningKeys.checklist("INC-1"))!.isInvalidated).toBe(false);
    stream.send(ev(2, "learning_step_waived", { step: "published", reason: "done by hand" }), 2);
    await waitFor(() => expect(client.getQueryState(learningKeys.checklist("INC-1"))!.isInvalidated).toBe(true));
    await waitFor(() => expect(client.getQueryState(learningKeys.due)!.isInvalidated).toBe(true));
  });
});
