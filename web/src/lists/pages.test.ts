import { describe, expect, it } from "vitest";
import type { Incident } from "../api/client";
import { appendPage, mergeRefresh } from "./pages";

const page = (ids: number[], next: string | null = null) => ({ items: ids.map((id) => ({ id, title: `v${id}` }) as Incident), next });
const ids = (p: { items: Incident[] }) => p.items.map((i) => i.id);

describe("mergeRefresh", () => {
  it("takes the fresh list when it covers everything shown", () => {
    expect(mergeRefresh(page([9, 8, 7], "7"), page([10, 9, 7]))).toEqual(page([10, 9, 7]));
    expect(mergeRefresh(page([9, 8], "8"), page([10, 9, 8, 7], "7"))).toEqual(page([10, 9, 8, 7], "7"));
  });

  it("keeps older pages already loaded beyond the fresh one", () => {
    const merged = mergeRefresh(page([9, 8, 7, 6, 5, 4], "4"), page([11, 9, 7], "7"));
    expect(ids(merged)).toEqual([11, 9, 7, 6, 5, 4]);
    expect(merged.next).toBe("4");
  });

  it("leaves no hole when more were declared than the fresh page holds", () => {
    expect(mergeRefresh(page([6, 5, 4, 3, 2, 1]), page([40, 39, 38], "38"))).toEqual(page([40, 39, 38], "38"));
  });
});

describe("appendPage", () => {
  it("adds an older page once", () => {
    const next = appendPage(page([10, 9, 8], "8"), page([8, 7, 6], "6"));
    expect(ids(next)).toEqual([10, 9, 8, 7, 6]);
    expect(next.next).toBe("6");
  });
});
