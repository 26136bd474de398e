// The review meeting's answers as the API gives them, for tests: INC-7's review, Ana (Berlin,
// CalDAV) and Bo (New York, no calendar) required, Cy (Kolkata, ICS) optional.
import type { components } from "../api/schema";

type Schemas = components["schemas"];

export const RULE: Schemas["ReviewRule"] = { name: "Major incidents", severities: ["SEV1"], types: [], prep_business_days: 1, deadline_business_days: 5, duration_minutes: 60, auto_book: false };

export function inviteesFixture(): Schemas["InviteeDto"][] {
  return [
    { user_id: 1, name: "Ana Diaz", required: true, answer: null, time_zone: "Europe/Berlin", calendar: "caldav" },
    { user_id: 2, name: "Bo Chen", required: true, answer: null, time_zone: "America/New_York", calendar: null },
    { user_id: 3, name: "Cy Rao", required: false, answer: null, time_zone: "Asia/Kolkata", calendar: "ics" },
  ];
}

export function reviewFixture(over: Partial<Schemas["ReviewDto"]> = {}): Schemas["ReviewDto"] {
  return { reference: "INC-7", rule: RULE, meeting: null, invitees: inviteesFixture(), ...over };
}

/** Booked for Thu 3 Dec 2026 15:00–16:00 UTC (16:00 Berlin, 10:00 New York, 20:30 Kolkata). */
export function bookedFixture(over: Partial<Schemas["MeetingDto"]> = {}, answers: Record<number, Schemas["Answer"] | null> = {}): Schemas["ReviewDto"] {
  return reviewFixture({
    meeting: { uid: "review-7@goldseam", sequence: 0, state: "booked", start: "2026-12-03T15:00:00Z", end: "2026-12-03T16:00:00Z", reason: "earliest day every required attendee is free (Thu 3 Dec)", ...over },
    invitees: inviteesFixture().map((i) => ({ ...i, answer: answers[i.user_id] ?? null })),
  });
}

type Status = Schemas["SlotStatus"];

/** A slot from `start` (UTC, on the hour) for an hour, everyone's local times written as the server writes them. */
export function slotFixture(start: string, statuses: [Status, Status, Status] = ["free", "free", "free"], reasons: string[] = []): Schemas["Slot"] {
  const at = new Date(start);
  const end = new Date(at.getTime() + 3_600_000);
  const local = (d: Date, offsetMinutes: number) => {
    const shifted = new Date(d.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
    const sign = offsetMinutes < 0 ? "-" : "+";
    const abs = Math.abs(offsetMinutes);
    return `${shifted}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  };
  const people: [number, string, "required" | "optional", string, number][] = [
    [1, "Ana Diaz", "required", "Europe/Berlin", 60],
    [2, "Bo Chen", "required", "America/New_York", -300],
    [3, "Cy Rao", "optional", "Asia/Kolkata", 330],
  ];
  return {
    start: at.toISOString().replace(".000Z", "Z"),
    end: end.toISOString().replace(".000Z", "Z"),
    attendees: people.map(([user_id, name, attendance, zone, offset], i) => ({
      user_id,
      name,
      attendance,
      status: statuses[i],
      zone,
      local_start: local(at, offset),
      local_end: local(end, offset),
      hardship_minutes: 0,
    })),
    reasons,
  };
}

export function proposalFixture(over: Partial<Schemas["Proposal"]> = {}): Schemas["ProposalDto"] {
  return {
    proposal: {
      window: { from: "2026-12-02T09:00:00Z", until: "2026-12-08T23:00:00Z" },
      duration_minutes: 60,
      best: slotFixture("2026-12-03T15:00:00Z", ["free", "free", "free"], ["earliest day every required attendee is free (Thu 3 Dec)", "1 of 1 optional attendees free"]),
      alternatives: [slotFixture("2026-12-04T14:00:00Z", ["free", "free", "busy"], ["a later day (Fri 4 Dec)"])],
      misses: [],
      unconfirmed: [{ user_id: 1, name: "Ana Diaz", attendance: "required", reason: "calendar could not be read: no answer within 10 s" }],
      ...over,
    },
    rule: RULE,
    zone: "Europe/Berlin",
  };
}

export function invitationFixture(over: Partial<Schemas["InvitationDto"]> = {}): Schemas["InvitationDto"] {
  return {
    reference: "INC-7",
    title: "Checkout errors",
    name: "Bo Chen",
    required: true,
    state: "booked",
    start: "2026-12-03T15:00:00Z",
    end: "2026-12-03T16:00:00Z",
    sequence: 0,
    answer: null,
    time_zone: "America/New_York",
    ...over,
  };
}
