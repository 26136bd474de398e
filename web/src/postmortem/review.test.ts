import { describe, expect, it } from "vitest";
import { movedWords, reviewChoices } from "./review";

const bo = { user_id: 2, name: "Bo Chen", verdict: null };
const pm = (state: string) => ({ state, reviewers: [bo] });
const offered = (state: string, me: number, canAct = true) =>
  Object.entries(reviewChoices(pm(state), me, canAct))
    .filter(([, on]) => on)
    .map(([k]) => k);

describe("the review's moves", () => {
  it("follow the state", () => {
    expect(offered("draft", 1)).toEqual(["requestReview"]);
    expect(offered("changes_requested", 1)).toEqual(["requestReview"]);
    expect(offered("in_review", 1)).toEqual([]);
    expect(offered("approved", 1)).toEqual(["publish"]);
    expect(offered("published", 1)).toEqual(["amend"]);
  });

  it("let only named reviewers decide", () => {
    expect(offered("in_review", 2)).toEqual(["decide"]);
    expect(offered("draft", 2)).toEqual(["requestReview"]);
  });

  it("offer viewers nothing", () => {
    for (const state of ["draft", "in_review", "approved", "published"]) expect(offered(state, 2, false)).toEqual([]);
  });

  it("say what happened", () => {
    expect(movedWords({ state: "in_review", version: 1, reviewers: [bo] })).toBe("Sent for review to Bo Chen.");
    expect(movedWords({ state: "published", version: 2, reviewers: [] })).toBe("Version 2 is published.");
  });
});
