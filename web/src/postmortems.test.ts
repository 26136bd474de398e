import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "./events";
import { postmortemStateLabel, postmortemStateOf } from "./postmortems";

const ev = (seq: number, kind: string, data: unknown = {}) => ({ id: seq, seq, kind, data, at: "2026-12-03T10:00:00Z" }) as unknown as TimelineEvent;

describe("postmortem states", () => {
  it("are said in words, unknown ones as the server sends them", () => {
    expect(postmortemStateLabel("in_review")).toBe("In review");
    expect(postmortemStateLabel("changes_requested")).toBe("Changes requested");
    expect(postmortemStateLabel("on_hold")).toBe("on hold");
  });

  it("follow the timeline: none, opened as a draft, then each move's destination", () => {
    expect(postmortemStateOf([ev(1, "declared")])).toBeNull();
    expect(postmortemStateOf([ev(1, "declared"), ev(2, "postmortem_opened", { automatic: true })])).toBe("draft");
    const moved = [ev(2, "postmortem_opened"), ev(3, "postmortem_state_changed", { from: "draft", to: "in_review", version: 1, reviewers: [2] }), ev(4, "postmortem_state_changed", { from: "in_review", to: "approved", version: 1, reviewers: [] })];
    expect(postmortemStateOf(moved)).toBe("approved");
  });
});
