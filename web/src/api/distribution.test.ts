import { act, renderHook, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { readerFixture, readersFixture, readingFixture } from "../testing/distribution";
import { answer } from "../testing/followUps";
import { testQueryClient, withClient } from "../testing/wrapper";
import { api } from "./client";
import { distributionKeys, useAcknowledgeReading, useReaders, useReading } from "./distribution";
import { incidentKeys } from "./incidents";

afterEach(() => vi.restoreAllMocks());

describe("the readers of a postmortem", () => {
  it("are asked page by page, following `next` as `after`, with the status filter", async () => {
    const get = vi.spyOn(api, "GET").mockImplementation((async (_path: string, init: { params: { query: { after?: string } } }) =>
      init.params.query.after === undefined ? answer(readersFixture({ readers: [readerFixture()], next: 1 })) : answer(readersFixture({ readers: [readerFixture({ id: 9, name: "Zed" })], next: null, counts: { ...readersFixture().counts, opened: 3 } }))) as never);
    const { result } = renderHook(() => useReaders("INC-7", "pending"), { wrapper: withClient(testQueryClient()) });
    await waitFor(() => expect(result.current.readers).toHaveLength(1));
    expect(get).toHaveBeenCalledWith("/api/v1/incidents/{ref}/postmortem/readers", expect.objectContaining({ params: { path: { ref: "INC-7" }, query: { status: "pending", limit: "200" } } }));
    expect(result.current.hasMore).toBe(true);
    await act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.readers?.map((r) => r.name)).toEqual(["Ada Lovelace", "Zed"]));
    expect(get).toHaveBeenLastCalledWith("/api/v1/incidents/{ref}/postmortem/readers", expect.objectContaining({ params: { path: { ref: "INC-7" }, query: { status: "pending", after: "1", limit: "200" } } }));
    expect(result.current.hasMore).toBe(false);
    // The latest counts win.
    expect(result.current.summary?.counts.opened).toBe(3);
  });

  it("live under the postmortem's key, so asking it again asks them too", () => {
    expect(distributionKeys.readers("INC-7", null).slice(0, 4)).toEqual(incidentKeys.about("INC-7", "postmortem"));
  });
});

describe("the personal link", () => {
  it("is read and acknowledged without the session's cookie; the answer replaces the reading", async () => {
    const get = vi.spyOn(api, "GET").mockImplementation((async () => answer(readingFixture())) as never);
    const post = vi.spyOn(api, "POST").mockImplementation((async () => answer(readingFixture({ reader: { ...readingFixture().reader, acknowledged_at: "2026-12-04T09:00:00Z" } }))) as never);
    const client = testQueryClient();
    const { result } = renderHook(() => [useReading("t.1"), useAcknowledgeReading("t.1")] as const, { wrapper: withClient(client) });
    await waitFor(() => expect(result.current[0].data).toBeDefined());
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(get).toHaveBeenCalledWith("/api/v1/read/{token}", expect.objectContaining({ params: { path: { token: "t.1" }, query: { zone } }, credentials: "omit" }));
    await act(() => result.current[1].mutateAsync());
    expect(post).toHaveBeenCalledWith("/api/v1/read/{token}/acknowledge", { params: { path: { token: "t.1" }, query: { zone } }, credentials: "omit" });
    await waitFor(() => expect(result.current[0].data?.reader.acknowledged_at).toBe("2026-12-04T09:00:00Z"));
    expect(get).toHaveBeenCalledTimes(1);
  });
});
