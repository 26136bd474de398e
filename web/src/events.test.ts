import { describe, expect, it } from "vitest";
import { describeEvent, mergeEvents, type TimelineEvent } from "./events";

const ev = (id: number, kind: string, data: Record<string, unknown>) =>
  ({ id, kind, data, seq: id, incident_id: 1, reference: "INC-1", at: "2026-11-25T12:00:00Z", actor: { id: 1, name: "Ana" } }) as unknown as TimelineEvent;

describe("describeEvent", () => {
  it("says who changed what, in words", () => {
    expect(describeEvent(ev(1, "severity_changed", { from: "SEV2", to: "SEV1" }))).toBe("Ana raised the severity from SEV2 to SEV1");
    expect(describeEvent(ev(2, "severity_changed", { from: "SEV1", to: "SEV3" }))).toBe("Ana lowered the severity from SEV1 to SEV3");
    expect(describeEvent(ev(3, "status_changed", { from: "active", to: "resolved", reason: "rolled back", transition: "forward" }))).toBe(
      "Ana moved the incident to resolved: rolled back",
    );
    expect(describeEvent(ev(4, "role_assigned", { role: "incident_manager", user_id: 7 }), new Map([[7, "Bo"]]))).toBe(
      "Ana made Bo incident manager",
    );
    expect(describeEvent(ev(4, "role_unassigned", { role: "comms_lead", user_id: 7 }), new Map([[7, "Bo"]]), new Map([["comms_lead", "Customer liaison"]]))).toBe(
      "Ana relieved Bo as customer liaison",
    );
    expect(describeEvent(ev(4, "role_assigned", { role: "scribe", user_id: 8 }))).toBe("Ana made user 8 scribe");
    expect(describeEvent(ev(4, "role_assigned", { role: "scribe", user_id: 1 }))).toBe("Ana took the scribe role");
    expect(describeEvent(ev(4, "role_unassigned", { role: "scribe", user_id: 1 }))).toBe("Ana stepped down as scribe");
    expect(describeEvent(ev(5, "tag_added", { tag: "db", source: "hashtag" }))).toBe("Ana tagged the incident #db");
  });
});

describe("mergeEvents", () => {
  it("keeps id order and drops repeats", () => {
    const a = [ev(1, "comment_added", {}), ev(2, "comment_added", {})];
    const merged = mergeEvents(a, [ev(2, "comment_added", {}), ev(4, "comment_added", {}), ev(3, "comment_added", {})]);
    expect(merged.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    expect(mergeEvents(merged, [ev(4, "comment_added", {})])).toBe(merged);
  });
});

describe("pages in plain language", () => {
  it("names who was paged and why, and who acknowledged", () => {
    const people = new Map([[2, "Bo"]]);
    const paged = { ...ev(5, "paged", { page_id: 1, user_id: 2, reason: "incident manager on call" }), actor: null } as unknown as TimelineEvent;
    expect(describeEvent(paged, people)).toBe("Goldseam paged Bo (incident manager on call)");
    // Paged by hand from the room: the person who did it.
    const byHand = ev(7, "paged", { page_id: 2, user_id: 2, reason: "need a DBA" });
    expect(describeEvent(byHand, people)).toBe("Ana paged Bo (need a DBA)");
    expect(describeEvent(ev(6, "page_acknowledged", { page_id: 1 }))).toBe("Ana acknowledged the page");
  });
});

describe("deliveries in plain language", () => {
  it("says what went where, and what failed", () => {
    const sent = { ...ev(7, "delivery", { channel: "sms", to: "+1••••0001", outcome: "sent", attempt: 1 }), actor: null } as unknown as TimelineEvent;
    expect(describeEvent(sent)).toBe("Goldseam texted +1••••0001");
    const failed = { ...ev(8, "delivery", { channel: "email", to: "a•••@x.com", outcome: "failed", attempt: 8, reason: "mailbox full" }), actor: null } as unknown as TimelineEvent;
    expect(describeEvent(failed)).toBe("Goldseam gave up reaching a•••@x.com by email: mailbox full");
  });
});

describe("services in plain language", () => {
  it("names the service when it is known", () => {
    const added = ev(9, "service_added", { service_id: 3 });
    expect(describeEvent(added, new Map(), new Map(), new Map([[3, "Checkout API"]]))).toBe("Ana marked Checkout API as affected");
    expect(describeEvent(ev(10, "service_removed", { service_id: 4 }))).toBe("Ana removed service 4 from the affected services");
  });
});
