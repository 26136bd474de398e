import { expect, test } from "vitest";
import { canRemoveOverride, checkOverride, defaultOverrideRange, fromLocalInput, toLocalInput } from "./overrides";

const o = { user: { id: 2, name: "Bo", email: "bo@example.com" }, created_by: 1 };

test("who may remove an override", () => {
  expect(canRemoveOverride(o, { id: 9, role: "admin" })).toBe(true);
  expect(canRemoveOverride(o, { id: 2, role: "member" })).toBe(true);
  expect(canRemoveOverride(o, { id: 1, role: "member" })).toBe(true);
  expect(canRemoveOverride(o, { id: 3, role: "member" })).toBe(false);
  expect(canRemoveOverride(o, { id: 2, role: "viewer" })).toBe(false);
});

test("datetime-local values round-trip through the viewer's zone", () => {
  const d = new Date(2026, 2, 8, 9, 30);
  expect(toLocalInput(d)).toBe("2026-03-08T09:30");
  expect(fromLocalInput("2026-03-08T09:30")).toBe(d.toISOString());
  expect(fromLocalInput("")).toBeNull();
  expect(defaultOverrideRange(new Date(2026, 2, 8, 9, 30, 42))).toEqual({ start: "2026-03-08T09:30", end: "2026-03-09T09:30" });
});

test("a range is checked before sending", () => {
  expect(checkOverride("2026-03-08T09:30", "2026-03-08T10:30")).toEqual({});
  expect(checkOverride("2026-03-08T09:30", "2026-03-08T09:30")).toEqual({ end: "The end must be after the start." });
  expect(checkOverride("", "")).toEqual({ start: "Enter when the override starts.", end: "Enter when it ends." });
});
