import { afterEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { testQueryClient, withClient } from "../testing/wrapper";
import { allItems, usePagedList, walkPages, type Page } from "./cursor";

afterEach(cleanup);

/** A cursor-paged list of `total` ids, newest (highest) first, `size` a page; the cursor is the
 * last id of the page before, as the server's opaque cursors stand for. */
function server(total: () => number, size: number) {
  return vi.fn(async (cursor: string | undefined): Promise<Page<{ id: number }>> => {
    const ids = Array.from({ length: total() }, (_, i) => total() - i).filter((id) => cursor === undefined || id < Number(cursor));
    const items = ids.slice(0, size).map((id) => ({ id }));
    const more = ids.length > size;
    return { items, next_cursor: more ? String(items.at(-1)!.id) : null };
  });
}

describe("walkPages", () => {
  it("follows next_cursor to the last page", async () => {
    const fetch = server(() => 7, 3);
    expect((await allItems(fetch)).map((x) => x.id)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(fetch.mock.calls.map((c) => c[0])).toEqual([undefined, "5", "2"]);
  });

  it("walks as many pages as asked, from a cursor, and says where to go on", async () => {
    const fetch = server(() => 7, 3);
    const walked = await walkPages(fetch, { from: "5", pages: 1 });
    expect(walked).toEqual({ items: [{ id: 4 }, { id: 3 }, { id: 2 }], next: "2" });
    expect(await walkPages(fetch, { from: "2", pages: 1 })).toEqual({ items: [{ id: 1 }], next: null });
  });

  it("stops at an empty page even if it names a cursor, and fails with the page", async () => {
    const empty = vi.fn(async () => ({ items: [], next_cursor: "again" }));
    expect(await walkPages(empty)).toEqual({ items: [], next: null });
    expect(empty).toHaveBeenCalledTimes(1);
    const failing = vi.fn(async (cursor: string | undefined) => {
      if (cursor) throw new Error("page 2 failed");
      return { items: [{ id: 1 }], next_cursor: "1" };
    });
    await expect(allItems(failing)).rejects.toThrow("page 2 failed");
  });
});

describe("usePagedList", () => {
  it("loads more page by page, and refreshes every loaded page from the first, cutting nothing off", async () => {
    let total = 7;
    const fetch = server(() => total, 3);
    const client = testQueryClient();
    const { result } = renderHook(() => usePagedList({ queryKey: ["things"], fetchPage: fetch }), { wrapper: withClient(client) });
    const ids = () => result.current.pages?.flatMap((p) => p.items.map((x) => x.id));

    await waitFor(() => expect(ids()).toEqual([7, 6, 5]));
    expect(result.current.hasMore).toBe(true);
    await act(() => result.current.loadMore());
    await waitFor(() => expect(ids()).toEqual([7, 6, 5, 4, 3, 2]));

    // Two more arrive (a live change): the refresh walks both loaded pages again from the top.
    total = 9;
    await act(() => client.invalidateQueries({ queryKey: ["things"] }));
    await waitFor(() => expect(ids()).toEqual([9, 8, 7, 6, 5, 4]));
    expect(result.current.hasMore).toBe(true);
    await act(() => result.current.loadMore());
    await waitFor(() => expect(ids()).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]));
    expect(result.current.hasMore).toBe(false);
  });
});
