import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, renderHook, waitFor } from "@testing-library/react";
import { useQuery } from "@tanstack/react-query";
import { FakeEventSource } from "../testing/fakeEventSource";
import { testQueryClient, withClient } from "../testing/wrapper";
import { api, SESSION_EXPIRED } from "./client";
import { followUpKeys } from "./followUps";
import { incidentKeys } from "./incidents";
import { useLiveIncidents } from "./live";
import { sessionQuery } from "./session";

beforeEach(() => FakeEventSource.install());
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const event = (id: number, reference: string) => ({ id, seq: id, reference, incident_id: 1, kind: "comment_added", data: { body: "hi" }, at: "2026-11-25T12:00:00Z", actor: null });

/** A page showing the incident lists and INC-1, following the event stream. */
function livePage() {
  const client = testQueryClient();
  const list = vi.fn(async () => ({ open: [], resolved: [] }));
  const inc1 = vi.fn(async () => ({ reference: "INC-1" }));
  const inc2 = vi.fn(async () => ({ reference: "INC-2" }));
  const view = renderHook(
    () => {
      useQuery({ queryKey: incidentKeys.list("dashboard"), queryFn: list });
      useQuery({ queryKey: incidentKeys.detail("INC-1"), queryFn: inc1 });
      useQuery({ queryKey: incidentKeys.detail("INC-2"), queryFn: inc2 });
      useLiveIncidents();
    },
    { wrapper: withClient(client) },
  );
  return { client, list, inc1, inc2, view };
}

describe("useLiveIncidents", () => {
  it("refreshes the lists and the incident an event is about", async () => {
    const { list, inc1, inc2 } = livePage();
    await waitFor(() => expect(list).toHaveBeenCalledTimes(1));
    const [stream] = FakeEventSource.open();
    expect(stream.url).toBe("/api/v1/events");
    stream.open();

    stream.send(event(5, "INC-1"), 5);
    await waitFor(() => expect(list).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(inc1).toHaveBeenCalledTimes(2));
    expect(inc2).toHaveBeenCalledTimes(1);
  });

  it("folds a burst of events into a few refetches", async () => {
    const { list } = livePage();
    await waitFor(() => expect(list).toHaveBeenCalledTimes(1));
    const [stream] = FakeEventSource.open();
    for (let id = 1; id <= 50; id++) stream.send(event(id, "INC-1"), id);
    await waitFor(() => expect(list.mock.calls.length).toBeGreaterThanOrEqual(2));
    await new Promise((r) => setTimeout(r, 700));
    // The first at once, one trailing run for the rest: never one per event.
    expect(list.mock.calls.length).toBeLessThanOrEqual(3);
  });

  it("refreshes everything after a resync or a reconnection, as events may have been missed", async () => {
    const { list, inc1, inc2 } = livePage();
    await waitFor(() => expect(inc2).toHaveBeenCalledTimes(1));
    const [stream] = FakeEventSource.open();
    stream.open();
    stream.drop();
    stream.open();
    await waitFor(() => expect(inc2).toHaveBeenCalledTimes(2));
    expect(inc1).toHaveBeenCalledTimes(2);
    expect(list).toHaveBeenCalledTimes(2);

    await new Promise((r) => setTimeout(r, 300));
    stream.emit("resync", { reason: "fell behind" });
    await waitFor(() => expect(inc2).toHaveBeenCalledTimes(3));
  });

  it("shares one stream between the pages that follow it, and closes it after the last", () => {
    const client = testQueryClient();
    const a = renderHook(() => useLiveIncidents(), { wrapper: withClient(client) });
    const b = renderHook(() => useLiveIncidents(), { wrapper: withClient(client) });
    expect(FakeEventSource.open()).toHaveLength(1);
    a.unmount();
    expect(FakeEventSource.open()).toHaveLength(1);
    b.unmount();
    expect(FakeEventSource.open()).toHaveLength(0);
  });

  it("on `revoked`, closes the stream and asks to sign in again when the session has ended", async () => {
    const client = testQueryClient();
    let signedIn = true;
    vi.spyOn(api, "GET").mockImplementation((async () =>
      signedIn
        ? { data: { user: { id: 1, name: "Ana", email: "ana@x", role: "member" }, csrf_token: "t" }, response: new Response("{}", { status: 200 }) }
        : { error: { detail: "sign in" }, response: new Response("{}", { status: 401 }) }) as never);
    const expired = vi.fn();
    window.addEventListener(SESSION_EXPIRED, expired);
    renderHook(
      () => {
        useQuery(sessionQuery);
        useLiveIncidents();
      },
      { wrapper: withClient(client) },
    );
    await waitFor(() => expect(client.getQueryData(sessionQuery.queryKey)).toBeTruthy());
    const [stream] = FakeEventSource.open();
    signedIn = false;
    stream.emit("revoked", { reason: "your sign-in is no longer valid" });
    expect(stream.closed).toBe(true);
    await waitFor(() => expect(expired).toHaveBeenCalled());
    expect(FakeEventSource.open()).toHaveLength(0);
    window.removeEventListener(SESSION_EXPIRED, expired);
  });

  it("asks the follow-ups again on follow-up events (and after a resync), not on other events", async () => {
    const client = testQueryClient();
    const mine = vi.fn(async () => ({ pages: [] }));
    const room = vi.fn(async () => []);
    const one = vi.fn(async () => ({ id: 57 }));
    const other = vi.fn(async () => ({ id: 58 }));
    renderHook(
      () => {
        useQuery({ queryKey: followUpKeys.list({ owner: "me" }), queryFn: mine });
        useQuery({ queryKey: followUpKeys.incident("INC-1"), queryFn: room });
        useQuery({ queryKey: followUpKeys.detail(57), queryFn: one });
        useQuery({ queryKey: followUpKeys.detail(58), queryFn: other });
        useLiveIncidents();
      },
      { wrapper: withClient(client) },
    );
    await waitFor(() => expect(other).toHaveBeenCalledTimes(1));
    const [stream] = FakeEventSource.open();
    stream.send(event(5, "INC-1"), 5);
    await new Promise((r) => setTimeout(r, 300));
    expect(mine).toHaveBeenCalledTimes(1);

    stream.send({ ...event(6, "INC-1"), kind: "follow_up_changed", data: { follow_up_id: 57, title: "x", changes: { status: "done" } } }, 6);
    await waitFor(() => expect(one).toHaveBeenCalledTimes(2));
    expect(mine).toHaveBeenCalledTimes(2);
    expect(room).toHaveBeenCalledTimes(2);
    expect(other).toHaveBeenCalledTimes(1);

    await new Promise((r) => setTimeout(r, 300));
    stream.emit("resync", { reason: "fell behind" });
    await waitFor(() => expect(other).toHaveBeenCalledTimes(2));
  });
});
