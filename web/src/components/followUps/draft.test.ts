import { describe, expect, it } from "vitest";
import { followUpFixture } from "../../testing/followUps";
import { changesOf, checkDraft, draftOf, newRequest } from "./draft";

const today = "2026-12-03";

describe("the follow-up form's values", () => {
  it("checks what the server would refuse: a title, and an owner and a date for a promise", () => {
    expect(checkDraft({ ...draftOf(), title: " " }, { today })).toEqual({ title: "Enter a title." });
    expect(checkDraft({ ...draftOf(), title: "x", status: "committed" }, { today })).toEqual({ owner_id: "A committed follow-up needs an owner.", due_on: "A committed follow-up needs a due date." });
    expect(checkDraft({ ...draftOf(), title: "x", dueOn: "2026-12-02" }, { today })).toEqual({ due_on: "Choose today or a later day." });
    // Editing an overdue follow-up keeps its past date without complaint.
    const overdue = followUpFixture({ due_on: "2026-12-01" });
    expect(checkDraft(draftOf(overdue), { today, initial: overdue })).toEqual({});
  });

  it("sends the whole new follow-up, and only what an edit changed", () => {
    expect(newRequest({ ...draftOf(), title: " Runbook ", owner: { id: 9, name: "Bo" }, teamId: "2", dueOn: "2026-12-10", status: "committed" })).toEqual({
      title: "Runbook",
      description: null,
      owner_id: 9,
      team_id: 2,
      due_on: "2026-12-10",
      priority: "medium",
      status: "committed",
    });
    const f = followUpFixture();
    expect(changesOf(draftOf(f), f)).toEqual({});
    expect(changesOf({ ...draftOf(f), owner: null, teamId: "", dueOn: "", priority: "low" }, f)).toEqual({ owner_id: null, team_id: null, due_on: null, priority: "low" });
  });
});
