import { describe, expect, it } from "vitest";
import { colorFor, contrastWithWhite, safeColor } from "./colors";
import { presentPeople } from "./presence";

describe("who is in the document", () => {
  it("lists each person once (oneself first), ignores states without a user, and refuses odd colours", () => {
    const states = new Map<number, Record<string, unknown>>([
      [10, { user: { id: 2, name: "Bo Chen", color: "#123456" } }],
      [11, { user: { id: 2, name: "Bo Chen", color: "#123456" } }], // a second tab
      [12, {}],
      [13, { user: { id: 1, name: "Ana Lima", color: "red; background: url(x)" } }],
      [14, { user: { id: 3, name: "Abe Ng", color: "#abcdef" } }],
    ]);
    const people = presentPeople(states, 13);
    expect(people.map((p) => [p.name, p.self, p.color])).toEqual([
      ["Ana Lima", true, undefined],
      ["Abe Ng", false, "#abcdef"],
      ["Bo Chen", false, "#123456"],
    ]);
  });

  it("gives everyone a stable #rrggbb colour from their id", () => {
    expect(colorFor(7)).toBe(colorFor(7));
    expect(colorFor(7)).not.toBe(colorFor(8));
    for (const id of [1, 2, 3, 42, 1000]) expect(safeColor(colorFor(id))).toBe(colorFor(id));
  });
});

describe("each person's colour", () => {
  it("carries white caret labels readably (WCAG AA) for every id", () => {
    for (let id = 1; id <= 500; id++) expect(contrastWithWhite(colorFor(id))).toBeGreaterThanOrEqual(4.5);
    expect(colorFor(42)).toBe(colorFor(42));
    expect(colorFor(42)).not.toBe(colorFor(43));
  });
});
