import { describe, expect, it } from "vitest";
import { describeEvent, mergeEvents, type TimelineEvent } from "./events";
import { meetingTime } from "./reviewWords";

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

describe("issue 12: who was told, what could not be done, who may see", () => {
  const goldseam = (id: number, kind: string, data: Record<string, unknown>) => ({ ...ev(id, kind, data), actor: null }) as unknown as TimelineEvent;
  const people = new Map([
    [3, "Lena Legal"],
    [4, "Peter PR"],
    [5, "Olivia Oncall"],
  ]);

  it("names who was informed and why", () => {
    expect(describeEvent(goldseam(1, "informed", { user_ids: [3, 4], reason: "team Legal by rule: Security incidents" }), people)).toBe(
      "Goldseam informed Lena Legal and Peter PR by email (team Legal by rule: Security incidents)",
    );
  });

  it("says which rule could not act, on whom, and why", () => {
    expect(describeEvent(goldseam(2, "response_gap", { rule: "Security incidents", action: "page", target: "Security", problem: "no team of that name exists yet" }))).toBe(
      "Rule “Security incidents” could not page Security: no team of that name exists yet.",
    );
    expect(
      describeEvent(goldseam(3, "response_gap", { rule: null, action: "page", target: "the incident manager on call", problem: "nobody is on call in the incident-manager schedule" })),
    ).toBe("Goldseam could not page the incident manager on call: nobody is on call in the incident-manager schedule.");
    expect(describeEvent(goldseam(4, "response_gap", { rule: "Exec heads-up", action: "inform", target: "Execs", problem: "no team of that name exists yet" }))).toBe(
      "Rule “Exec heads-up” could not inform Execs: no team of that name exists yet.",
    );
  });

  it("tells the postmortem's story: opened, sent for review, published, amended", () => {
    expect(describeEvent(ev(20, "postmortem_opened", { automatic: false }))).toBe("Ana started the postmortem");
    expect(describeEvent(goldseam(21, "postmortem_opened", { automatic: true }))).toBe("The postmortem opened");
    expect(describeEvent(ev(22, "postmortem_state_changed", { from: "draft", to: "in_review", version: 1, reviewers: [3] }), people)).toBe(
      "Ana asked Lena Legal to review the postmortem",
    );
    expect(describeEvent(ev(23, "postmortem_state_changed", { from: "approved", to: "published", version: 1 }))).toBe("Ana published the postmortem");
    expect(describeEvent(ev(24, "postmortem_state_changed", { from: "published", to: "draft", version: 2 }))).toBe("Ana started amending the postmortem (version 2)");
    expect(describeEvent(goldseam(25, "postmortem_distributed", { version: 1, people: 12, channels: 2 }))).toBe("The postmortem was sent to 12 people and 2 lists, channels or webhooks");
    expect(describeEvent(goldseam(26, "postmortem_distributed", { version: 2, people: 1, channels: 0 }))).toBe("The postmortem (version 2) was sent to 1 person");
    expect(describeEvent(ev(27, "learning_step_waived", { step: "distributed", reason: "sent by hand" }))).toBe("Ana waived “Postmortem distributed”: sent by hand");
    expect(describeEvent(ev(28, "review_meeting_held", {}))).toBe("Ana recorded the review meeting as held");
  });

  it("says who was let in, and why the visibility changed", () => {
    expect(describeEvent(ev(5, "access_granted", { user_id: 3, reason: "reviews the disclosure" }), people)).toBe("Ana let Lena Legal see this private incident: reviews the disclosure");
    expect(describeEvent(ev(6, "visibility_changed", { private: false, reason: "the customer notice is out" }))).toBe("Ana made the incident public: the customer notice is out");
    // Events from before reasons were recorded.
    expect(describeEvent(ev(7, "visibility_changed", { private: true }))).toBe("Ana made the incident private");
  });

  it("says a delivery the server is not set up for neutrally, naming the person", () => {
    const config = goldseam(8, "delivery", { channel: "email", to: "o•••@corp.test", user_id: 5, outcome: "failed", attempt: 1, cause: "configuration" });
    expect(describeEvent(config, people)).toBe("An email to Olivia Oncall could not be sent; admins were told.");
    // Nobody known by that id: the masked address.
    expect(describeEvent(config)).toBe("An email to o•••@corp.test could not be sent; admins were told.");
    const sms = goldseam(9, "delivery", { channel: "sms", to: "+1••••0001", outcome: "failed", attempt: 1, cause: "configuration" });
    expect(describeEvent(sms)).toBe("A text message to +1••••0001 could not be sent; admins were told.");
  });

  it("names the person in other delivery lines when the address is theirs", () => {
    expect(describeEvent(goldseam(10, "delivery", { channel: "email", to: "o•••@corp.test", user_id: 5, outcome: "sent", attempt: 1 }), people)).toBe("Goldseam emailed Olivia Oncall");
    expect(describeEvent(goldseam(12, "delivery", { channel: "mattermost", to: "8••••••hbo", user_id: 5, outcome: "sent", attempt: 1 }), people)).toBe("Goldseam messaged on Mattermost Olivia Oncall");
    expect(describeEvent(goldseam(11, "delivery", { channel: "sms", to: "+1••••0001", user_id: 5, outcome: "retrying", attempt: 2, reason: "carrier timeout" }), people)).toBe(
      "Goldseam could not reach Olivia Oncall by sms (attempt 2), retrying: carrier timeout",
    );
  });
});

describe("follow-ups in plain language", () => {
  const people = new Map([[2, "Bo"]]);
  const changed = (changes: Record<string, unknown>, title = "Alert on queue depth") => ev(30, "follow_up_changed", { follow_up_id: 57, title, changes });

  it("says who added which follow-up, for whom and by when", () => {
    expect(describeEvent({ ...ev(60, "follow_up_filed", { follow_up_id: 57, tracker: "github", key: "acme/api#12", url: "https://github.com/acme/api/issues/12" }), actor: null } as unknown as TimelineEvent)).toBe(
      "Goldseam filed a follow-up in GitHub as acme/api#12",
    );
    expect(describeEvent(ev(57, "follow_up_added", { title: "Alert on queue depth", owner_id: null, team_id: null, due_on: null, priority: "medium", status: "committed" }))).toBe(
      "Ana added the follow-up “Alert on queue depth”",
    );
    expect(describeEvent(ev(58, "follow_up_added", { title: "Runbook", owner_id: 2, team_id: 1, due_on: "2026-12-10", priority: "high", status: "committed" }), people)).toBe(
      "Ana added the follow-up “Runbook” for Bo, due 10 Dec",
    );
    expect(describeEvent(ev(59, "follow_up_added", { title: "Maybe shard", owner_id: null, team_id: null, due_on: "2027-01-15", priority: "low", status: "proposed" }))).toBe(
      "Ana proposed the follow-up “Maybe shard”, due 15 Jan 2027",
    );
  });

  it("says what changed: done, won't do and why, whose it is, when it is due", () => {
    expect(describeEvent(changed({ status: "done" }))).toBe("Ana marked the follow-up “Alert on queue depth” done");
    expect(describeEvent(changed({ status: "wont_do", reason: "the queue is going away" }))).toBe("Ana marked “Alert on queue depth” won't do: the queue is going away");
    expect(describeEvent(changed({ owner_id: 2 }), people)).toBe("Ana gave “Alert on queue depth” to Bo");
    expect(describeEvent(changed({ due_on: "2026-12-10" }))).toBe("Ana moved the due date of “Alert on queue depth” to 10 Dec");
    expect(describeEvent(changed({ due_on: null }))).toBe("Ana removed the due date of “Alert on queue depth”");
    expect(describeEvent(changed({ status: "in_progress" }))).toBe("Ana started the follow-up “Alert on queue depth”");
    expect(describeEvent(changed({ priority: "urgent" }))).toBe("Ana set the priority of “Alert on queue depth” to urgent");
    expect(describeEvent(changed({ owner_id: null }))).toBe("Ana took the owner off “Alert on queue depth”");
  });

  it("says several changes in one sentence, the follow-up named once and a reason last", () => {
    expect(describeEvent(changed({ owner_id: 2, due_on: "2026-12-12" }), people)).toBe("Ana gave “Alert on queue depth” to Bo and moved its due date to 12 Dec");
    expect(describeEvent(changed({ status: "wont_do", reason: "duplicate", priority: "low", owner_id: 2 }), people)).toBe(
      "Ana gave “Alert on queue depth” to Bo, set its priority to low and marked it won't do: duplicate",
    );
    expect(describeEvent(changed({ title: "Alert on queue age", due_on: "2026-12-20" }, "Alert on queue age"))).toBe("Ana renamed a follow-up to “Alert on queue age” and moved its due date to 20 Dec");
    // Nothing it knows changed (a field added on the server later): still a sentence.
    expect(describeEvent(changed({ labels: ["x"] }))).toBe("Ana changed the follow-up “Alert on queue depth”");
  });
});

describe("the review meeting in plain language", () => {
  const people = new Map([
    [2, "Bo"],
    [3, "Cy"],
  ]);
  const goldseam = (id: number, kind: string, data: Record<string, unknown>) => ({ ...ev(id, kind, data), actor: null }) as unknown as TimelineEvent;
  const as = (id: number, name: string, e: TimelineEvent) => ({ ...e, actor: { id, name } }) as unknown as TimelineEvent;

  it("says when it was booked and moved, in the viewer's zone, and why it moved", () => {
    const start = "2026-12-03T15:00:00Z";
    expect(describeEvent(goldseam(1, "review_scheduled", { start, end: "2026-12-03T16:00:00Z", sequence: 0, attendees: [], reason: "earliest day every required attendee is free" }))).toBe(
      `Goldseam booked the review for ${meetingTime(start, undefined, new Date("2026-11-25T12:00:00Z"))}`,
    );
    const moved = goldseam(2, "review_scheduled", { start, end: "2026-12-03T16:00:00Z", sequence: 1, attendees: [], reason: "moved because Bo declined; earliest day every required attendee is free" });
    expect(describeEvent(moved)).toBe(`Goldseam moved the review to ${meetingTime(start, undefined, new Date("2026-11-25T12:00:00Z"))} because Bo declined`);
    expect(describeEvent(ev(3, "review_scheduled", { start, end: "2026-12-03T16:00:00Z", sequence: 2, attendees: [], reason: "chosen by hand" }))).toBe(`Ana moved the review to ${meetingTime(start, undefined, new Date("2026-11-25T12:00:00Z"))}`);
    expect(describeEvent(ev(4, "review_cancelled", { sequence: 3, reason: "the postmortem is withdrawn" }))).toBe("Ana cancelled the review: the postmortem is withdrawn");
  });

  it("names who answered, and who attended", () => {
    expect(describeEvent(as(2, "Bo", ev(5, "review_answered", { user_id: 2, answer: "declined", sequence: 0 })), people)).toBe("Bo declined the review invitation");
    expect(describeEvent(goldseam(6, "review_answered", { user_id: 3, answer: "accepted", sequence: 0 }), people)).toBe("Cy accepted the review invitation");
    expect(describeEvent(as(3, "Cy", ev(7, "review_answered", { user_id: 3, answer: "tentative", sequence: 1 })), people)).toBe("Cy answered maybe to the review invitation");
    expect(describeEvent(goldseam(8, "review_meeting_held", { attended: [2, 3] }), people)).toBe("The review meeting was held, with Bo and Cy");
    expect(describeEvent(ev(9, "review_meeting_held", {}))).toBe("Ana recorded the review meeting as held");
  });
});

describe("alerts in plain language", () => {
  const alert = (data: Record<string, unknown>) => ({ ...ev(20, "alert", { integration: "Prometheus prod", group_id: 4, summary: "Disk full on db-1", ...data }), actor: null }) as unknown as TimelineEvent;
  it("says which integration's alert did what to the incident", () => {
    expect(describeEvent(alert({ what: "opened", severity: "critical", alerts: 1 }))).toBe("A critical alert from Prometheus prod opened the incident: “Disk full on db-1”");
    expect(describeEvent(alert({ what: "attached", severity: "error" }))).toBe("An error alert from Prometheus prod was attached to the incident: “Disk full on db-1”");
    expect(describeEvent(alert({ what: "opened" }))).toBe("An alert from Prometheus prod opened the incident: “Disk full on db-1”");
    expect(describeEvent(alert({ what: "joined", severity: "warning", alerts: 3 }))).toBe("Another alert from Prometheus prod joined: “Disk full on db-1” (3 alerts in its group)");
    expect(describeEvent(alert({ what: "reopened", alerts: 1 }))).toBe("An alert from Prometheus prod fired again and reopened its group: “Disk full on db-1”");
    expect(describeEvent(alert({ what: "flapping" }))).toBe("An alert from Prometheus prod fired again; its group is flapping and will not page again: “Disk full on db-1”");
    expect(describeEvent(alert({ what: "acknowledged" }))).toBe("Prometheus prod acknowledged the alert “Disk full on db-1”");
    expect(describeEvent(alert({ what: "resolved" }))).toBe("Prometheus prod resolved the alert “Disk full on db-1”");
  });

  it("quotes notes and names changes", () => {
    expect(describeEvent(alert({ what: "note", note: "Escalated to the DBA team" }))).toBe("Prometheus prod noted on the alert “Disk full on db-1”: Escalated to the DBA team");
    expect(describeEvent(alert({ what: "change", group_id: null, summary: "Deployed api v2.3 (ci)" }))).toBe("Prometheus prod reported a change: Deployed api v2.3 (ci)");
    // A word added on the server later still reads as something.
    expect(describeEvent(alert({ what: "silenced" }))).toBe("Prometheus prod: silenced “Disk full on db-1”");
  });
});
