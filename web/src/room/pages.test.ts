import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "../events";
import { ackFailure, ackHeadline, acknowledgedLine, ackOutcome, openPages, pagedBecause, pagedOutcome, pagePhrases, pagesSignature, pageTarget, sortPages, type PageItem } from "./pages";

const page = (id: number, over: Partial<PageItem> = {}): PageItem => ({ id, reason: "incident manager on call", started_at: `2026-11-24T10:0${id}:00Z`, acknowledged_at: null, acknowledged_by: null, urgency: "high", ...over });
const names = new Map([
  [1, "Ana"],
  [2, "Bo"],
]);

describe("pageTarget", () => {
  it("names the person or the policy", () => {
    expect(pageTarget(page(1, { user_id: 2 }), names, new Map())).toBe("Bo");
    expect(pageTarget(page(1, { policy_id: 4 }), names, new Map([[4, "Payments"]]))).toBe("escalation policy “Payments”");
    expect(pageTarget(page(1, { policy_id: 5 }), names, new Map())).toBe("escalation policy #5");
    expect(pageTarget(page(1, { user_id: 9 }), names, new Map())).toBe("user #9");
  });
});

describe("sortPages", () => {
  it("puts open pages first, oldest first, then acknowledged ones, latest first", () => {
    const list = [
      page(1, { acknowledged_at: "2026-11-24T11:00:00Z", acknowledged_by: 1 }),
      page(2),
      page(3, { acknowledged_at: "2026-11-24T12:00:00Z", acknowledged_by: 1 }),
      page(4),
    ];
    expect(sortPages(list).map((p) => p.id)).toEqual([2, 4, 3, 1]);
    expect(openPages(list).map((p) => p.id)).toEqual([2, 4]);
  });
});

describe("pagesSignature", () => {
  const ev = (id: number, kind: string) => ({ id, kind }) as unknown as TimelineEvent;
  it("changes only with paging events", () => {
    const before = pagesSignature([ev(1, "declared"), ev(2, "paged")]);
    expect(pagesSignature([ev(1, "declared"), ev(2, "paged"), ev(3, "comment_added")])).toBe(before);
    expect(pagesSignature([ev(1, "declared"), ev(2, "paged"), ev(4, "page_acknowledged")])).not.toBe(before);
  });
});

describe("ackOutcome", () => {
  it("says what acknowledging stopped", () => {
    expect(ackOutcome({ acknowledged: [3], already: [], cancelled: 2 }, names)).toBe("You acknowledged the page. 2 waiting notifications and escalations will not be sent.");
    expect(ackOutcome({ acknowledged: [3, 4], already: [], cancelled: 0 }, names)).toBe("You acknowledged 2 pages.");
  });
  it("says who was first", () => {
    expect(ackOutcome({ acknowledged: [], already: [page(1, { acknowledged_at: "2026-11-24T11:00:00Z", acknowledged_by: 2 })], cancelled: 0 }, names)).toBe("Already acknowledged by Bo.");
    expect(ackOutcome({ acknowledged: [], already: [], cancelled: 0 }, names)).toBe("There was no open page to acknowledge.");
  });
});

describe("the acknowledgement link page", () => {
  const link = { reference: "INC-42", title: "Checkout is failing", severity: "SEV1", reason: "incident manager on call" };
  it("says what the link is for", () => {
    expect(`${ackHeadline(link)} — ${pagedBecause(link.reason)}`).toBe("INC-42 (SEV1) Checkout is failing — you were paged as incident manager on call");
    expect(pagedBecause("team Payments by rule: Checkout")).toBe("you were paged for team Payments by rule: Checkout");
  });
  it("says who acknowledged and when", () => {
    expect(acknowledgedLine(link, () => "14:02")).toBeNull();
    expect(acknowledgedLine({ ...link, acknowledged_at: "2026-11-24T13:02:00Z", acknowledged_by: "Ana" }, () => "14:02")).toBe("Acknowledged by Ana at 14:02");
  });
  it("explains invalid and expired links", () => {
    expect(ackFailure(404).title).toBe("This link is not valid");
    expect(ackFailure(410)).toMatchObject({ title: "This link has expired", roomLink: true });
    expect(ackFailure(500, "database is locked").text).toBe("Database is locked");
  });
});

describe("pagedOutcome", () => {
  it("says whether a page started and how urgent it is", () => {
    expect(pagedOutcome(true, "Bo", "high")).toBe("Paging Bo now.");
    expect(pagedOutcome(true, "the Databases team", "low")).toBe("Paging the Databases team at low urgency: their low-urgency notification rules, in their working hours.");
    expect(pagedOutcome(false, "Bo", "high")).toBe("Bo is already being paged and has not acknowledged yet; nobody is paged twice.");
  });
});

describe("pagePhrases", () => {
  const now = new Date("2026-11-24T10:07:00Z");
  it("says who is waiting and for how long first, then who acknowledged", () => {
    const pages = [
      page(1, { user_id: 1, acknowledged_at: "2026-11-24T10:02:00Z", acknowledged_by: 1 }),
      page(2, { policy_id: 4 }),
      page(5, { user_id: 2 }),
    ];
    expect(pagePhrases(pages, names, new Map([[4, "Payments"]]), now)).toEqual(["escalation policy “Payments” (waiting 5m)", "Bo (waiting 2m)", "Ana (acknowledged by Ana)"]);
  });
  it("does not invent who acknowledged", () => {
    expect(pagePhrases([page(1, { user_id: 2, acknowledged_at: "2026-11-24T10:02:00Z" })], names, new Map(), now)).toEqual(["Bo (acknowledged by someone)"]);
  });
});
