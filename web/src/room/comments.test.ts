import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "../events";
import { foldComments } from "./comments";

const ana = { id: 1, name: "Ana" };
const bo = { id: 2, name: "Bo" };
const ev = (id: number, kind: string, data: Record<string, unknown>, actor = ana) =>
  ({ id, kind, data, seq: id, incident_id: 1, reference: "INC-1", at: `2026-11-25T12:00:${String(id).padStart(2, "0")}Z`, actor }) as unknown as TimelineEvent;

describe("foldComments", () => {
  it("shows the latest text and keeps every version, oldest first", () => {
    const { comments, folded } = foldComments([
      ev(1, "declared", { title: "x", severity: "SEV1", type: "other", private: false }),
      ev(2, "comment_added", { body: "first" }),
      ev(3, "comment_edited", { comment_id: 2, body: "second" }),
      ev(4, "comment_edited", { comment_id: 2, body: "third" }),
    ]);
    const c = comments.get(2)!;
    expect(c.body).toBe("third");
    expect(c.edited).toBe(true);
    expect(c.deleted).toBeNull();
    expect(c.versions.map((v) => [v.eventId, v.body])).toEqual([
      [2, "first"],
      [3, "second"],
      [4, "third"],
    ]);
    expect(c.author).toEqual(ana);
    expect([...folded]).toEqual([3, 4]);
  });

  it("marks deleted comments and keeps their history", () => {
    const { comments, folded } = foldComments([
      ev(2, "comment_added", { body: "oops" }),
      ev(3, "comment_edited", { comment_id: 2, body: "oops, fixed" }),
      ev(5, "comment_deleted", { comment_id: 2 }, bo),
    ]);
    const c = comments.get(2)!;
    expect(c.deleted).toEqual({ eventId: 5, at: "2026-11-25T12:00:05Z", by: bo });
    expect(c.versions.map((v) => v.body)).toEqual(["oops", "oops, fixed"]);
    expect(folded.has(5)).toBe(true);
  });

  it("leaves comments that were never edited alone", () => {
    const c = foldComments([ev(2, "comment_added", { body: "plain" })]).comments.get(2)!;
    expect(c).toMatchObject({ body: "plain", edited: false, deleted: null });
    expect(c.versions).toHaveLength(1);
  });

  it("does not fold edits of comments it has not seen", () => {
    const { comments, folded } = foldComments([ev(9, "comment_edited", { comment_id: 2, body: "late" }), ev(10, "comment_deleted", { comment_id: 3 })]);
    expect(comments.size).toBe(0);
    expect(folded.size).toBe(0);
  });

  it("keeps the objects of unchanged comments, so memoized rows skip rendering", () => {
    const events = [ev(2, "comment_added", { body: "a" }), ev(3, "comment_added", { body: "b" })];
    const first = foldComments(events);
    const second = foldComments([...events, ev(4, "comment_edited", { comment_id: 3, body: "b2" }), ev(5, "comment_added", { body: "c" })], first);
    expect(second.comments.get(2)).toBe(first.comments.get(2));
    expect(second.comments.get(3)).not.toBe(first.comments.get(3));
    expect(second.comments.get(3)!.body).toBe("b2");
    const third = foldComments([...events, ev(4, "comment_edited", { comment_id: 3, body: "b2" }), ev(5, "comment_added", { body: "c" }), ev(6, "comment_deleted", { comment_id: 3 })], second);
    expect(third.comments.get(5)).toBe(second.comments.get(5));
    expect(third.comments.get(3)!.deleted?.eventId).toBe(6);
  });
});
