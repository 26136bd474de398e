import { describe, expect, it } from "vitest";
import { diffRows } from "./diff";

const same = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ op: "=", text: `s${from + i}` }));

describe("diff rows", () => {
  it("keep a few unchanged lines around each change and fold the rest", () => {
    const lines = [...same(10), { op: "-", text: "old" }, { op: "+", text: "new" }, ...same(10, 10)];
    const rows = diffRows(lines, 3);
    expect(rows.map((r) => (r.kind === "fold" ? `fold ${r.lines.length}` : r.line.text))).toEqual(["fold 7", "s7", "s8", "s9", "old", "new", "s10", "s11", "s12", "fold 7"]);
    expect(rows[0]).toMatchObject({ kind: "fold", at: 0 });
    expect(rows[9]).toMatchObject({ kind: "fold", at: 15 });
  });

  it("folds between two changes only what is beyond both contexts, and never a single line", () => {
    const lines = [{ op: "+", text: "a" }, ...same(7), { op: "+", text: "b" }];
    expect(diffRows(lines, 3).map((r) => (r.kind === "fold" ? "fold" : r.line.text))).toEqual(["a", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "b"]);
    const longer = [{ op: "+", text: "a" }, ...same(9), { op: "+", text: "b" }];
    expect(diffRows(longer, 3).map((r) => (r.kind === "fold" ? `fold ${r.lines.length}` : r.line.text))).toEqual(["a", "s0", "s1", "s2", "fold 3", "s6", "s7", "s8", "b"]);
  });
});
