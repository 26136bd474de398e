import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "../events";
import { foldComments } from "./comments";
import { pinPhraseEntries } from "./pinPhrases";

const bo = { id: 2, name: "Bo Li" };
const ev = (id: number, kind: string, data: Record<string, unknown>, actor: { id: number; name: string } | null = bo) =>
  ({ id, kind, data, seq: id, incident_id: 1, reference: "INC-1", at: `2026-11-25T12:00:0${id}Z`, actor }) as unknown as TimelineEvent;

function phrases(events: TimelineEvent[]) {
  const byId = new Map(events.map((e) => [e.id, e]));
  return pinPhraseEntries(events, byId, foldComments(events), new Map(), new Map(), new Map());
}

describe("what a pin is about", () => {
  it("quotes a pinned comment as it reads now, after its edits", () => {
    const events = [
      ev(1, "comment_added", { body: "**Rolled back** the deploy" }),
      ev(2, "comment_edited", { comment_id: 1, body: "**Rolled back** the 14:02 deploy; error rate falling" }),
      ev(3, "pinned", { event_id: 1 }),
    ];
    expect(phrases(events)).toEqual([[1, "Bo Li's comment “Rolled back the 14:02 deploy; error rate falling”"]]);
  });

  it("names a status update, and any other event by its sentence", () => {
    const events = [
      ev(1, "status_update", { status: "monitoring", body: "Next update in 30 minutes" }),
      ev(2, "severity_changed", { from: "SEV2", to: "SEV1" }),
      ev(3, "pinned", { event_id: 1 }),
      ev(4, "pinned", { event_id: 2 }),
      ev(5, "unpinned", { event_id: 2 }),
    ];
    expect(phrases(events)).toEqual([
      [1, "Bo Li's status update “Next update in 30 minutes”"],
      [2, "“Bo Li raised the severity from SEV2 to SEV1”"],
    ]);
  });

  it("leaves out what is not loaded, so the sentence falls back to an event", () => {
    expect(phrases([ev(9, "pinned", { event_id: 4 })])).toEqual([]);
  });
});
