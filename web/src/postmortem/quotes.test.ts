import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "../events";
import { quoteContent, quoteOf, quotesOf, searchQuotes } from "./quotes";

const ev = (id: number, kind: string, data: object, actor: { id: number; name: string } | null = { id: 1, name: "Ana Lima" }) => ({ id, seq: id, kind, data, actor, at: `2026-11-24T13:0${id}:00Z` }) as unknown as TimelineEvent;

describe("quoting the timeline", () => {
  const events = [
    ev(1, "declared", { title: "Checkout errors", severity: "SEV2", type: "default", private: false }),
    ev(2, "comment_added", { body: "Rolling back" }),
    ev(3, "comment_edited", { comment_id: 2, body: "Rolling back to v2.2" }),
    ev(4, "comment_added", { body: "oops, wrong room" }, { id: 2, name: "Bo Chen" }),
    ev(5, "comment_deleted", { comment_id: 4 }),
    ev(6, "status_update", { body: "Customers can pay again." }, { id: 2, name: "Bo Chen" }),
  ];

  it("offers comments by their last text, skips deleted ones, newest first", () => {
    const quotes = quotesOf(events);
    expect(quotes.map((q) => [q.eventId, q.text])).toEqual([
      [6, "Customers can pay again."],
      [2, "Rolling back to v2.2"],
      [1, expect.stringContaining("declared the incident as SEV2: Checkout errors")],
    ]);
    expect(quotes[0]).toMatchObject({ author: "Bo Chen", kind: "status_update", at: "2026-11-24T13:06:00Z" });
    expect(typeof quotes[0].eventId).toBe("number");
  });

  it("searches every word in the text and the author, ignoring case and accents", () => {
    const quotes = quotesOf(events);
    expect(searchQuotes(quotes, "bo PAY").map((q) => q.eventId)).toEqual([6]);
    expect(searchQuotes(quotes, "rôlling").map((q) => q.eventId)).toEqual([2]);
    expect(searchQuotes(quotes, "  ")).toHaveLength(3);
  });
});

describe("what a comment thread quotes", () => {
  it("folds whitespace and keeps to the server's 500 characters, counting emoji as one", () => {
    expect(quoteOf("  the pool\n was   small ")).toBe("the pool was small");
    const long = "🔥".repeat(600);
    const quoted = quoteOf(long);
    expect([...quoted]).toHaveLength(500);
    expect(quoted.endsWith("…")).toBe(true);
    expect(quoteOf(" \n ")).toBe("…");
  });

  it("keeps a quoted event's line breaks as hard breaks, without empty text nodes", () => {
    expect(quoteContent("a\n\nb")).toEqual([{ type: "text", text: "a" }, { type: "hardBreak" }, { type: "hardBreak" }, { type: "text", text: "b" }]);
  });
});
