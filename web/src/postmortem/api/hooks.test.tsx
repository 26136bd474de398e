import { act, renderHook, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../../api/client";
import { testQueryClient, withClient } from "../../testing/wrapper";
import { usePostmortemHtml } from "./exports";
import { usePostmortemList } from "./list";
import { useResolve } from "./threads";
import { useVersionDiff, useVersions, versionExportUrl } from "./versions";

afterEach(() => vi.restoreAllMocks());

const answer = (data: unknown, status = 200) => ({ data, error: undefined, response: new Response(null, { status }) });
const wrapper = () => withClient(testQueryClient());

describe("the postmortem's hooks ask the server", () => {
  it("for the versions and a diff between two of them, by number", async () => {
    const get = vi.spyOn(api, "GET").mockImplementation((async () => answer([])) as never);
    const { result } = renderHook(() => [useVersions("INC-7"), useVersionDiff("INC-7", 1, 2)] as const, { wrapper: wrapper() });
    await waitFor(() => expect(result.current[1].isSuccess).toBe(true));
    expect(get).toHaveBeenCalledWith("/api/v1/incidents/{ref}/postmortem/versions", expect.objectContaining({ params: { path: { ref: "INC-7" } } }));
    expect(get).toHaveBeenCalledWith("/api/v1/incidents/{ref}/postmortem/versions/{from}/diff/{to}", expect.objectContaining({ params: { path: { ref: "INC-7", from: 1, to: 2 } } }));
    expect(versionExportUrl("INC-7", 2)).toBe("/api/v1/incidents/INC-7/postmortem/versions/2/export.md");
  });

  it("never for a version against itself", async () => {
    const get = vi.spyOn(api, "GET").mockImplementation((async () => answer([])) as never);
    renderHook(() => useVersionDiff("INC-7", 2, 2), { wrapper: wrapper() });
    await new Promise((r) => setTimeout(r, 20));
    expect(get).not.toHaveBeenCalled();
  });

  it("for the HTML export as text", async () => {
    const get = vi.spyOn(api, "GET").mockImplementation((async () => answer("<h1>INC-7</h1>")) as never);
    const { result } = renderHook(() => usePostmortemHtml("INC-7"), { wrapper: wrapper() });
    await waitFor(() => expect(result.current.data).toBe("<h1>INC-7</h1>"));
    expect(get).toHaveBeenCalledWith("/api/v1/incidents/{ref}/postmortem/export.html", expect.objectContaining({ params: { path: { ref: "INC-7" } }, parseAs: "text" }));
  });

  it("for the list with a state, or without the parameter for all", async () => {
    const get = vi.spyOn(api, "GET").mockImplementation((async () => answer([])) as never);
    const { result } = renderHook(() => [usePostmortemList("published"), usePostmortemList("")] as const, { wrapper: wrapper() });
    await waitFor(() => expect(result.current.every((q) => q.isSuccess)).toBe(true));
    expect(get).toHaveBeenCalledWith("/api/v1/postmortems", expect.objectContaining({ params: { query: { state: "published" } } }));
    expect(get).toHaveBeenCalledWith("/api/v1/postmortems", expect.objectContaining({ params: { query: {} } }));
  });

  it("to resolve a thread by the number its mark spells", async () => {
    const post = vi.spyOn(api, "POST").mockImplementation((async () => answer({ id: "12", quote: "q", resolved: true, created_at: "", replies: [] })) as never);
    const { result } = renderHook(() => useResolve("INC-7"), { wrapper: wrapper() });
    await act(() => result.current.mutateAsync("12"));
    expect(post).toHaveBeenCalledWith("/api/v1/incidents/{ref}/postmortem/threads/{id}/resolve", { params: { path: { ref: "INC-7", id: 12 } }, body: { resolved: true } });
  });
});
