import { describe, expect, it } from "vitest";
import { slotFixture } from "../testing/reviewSlots";
import { buildRrule, canEditSlots, checkSlot, emptySlotForm, formFromSlot, meetingWords, newSlotBody, parseRrule, slotChange, slotWords } from "./reviewSlots";

describe("review slot rules", () => {
  it("writes the RRULE the server takes, days in the week's order", () => {
    expect(buildRrule(2, ["WE", "MO"])).toBe("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE");
    expect(buildRrule(1, ["FR"])).toBe("FREQ=WEEKLY;BYDAY=FR");
  });

  it("reads a weekly rule back, and refuses others", () => {
    expect(parseRrule("FREQ=WEEKLY;INTERVAL=3;BYDAY=FR,MO")).toEqual({ interval: 3, days: ["MO", "FR"] });
    expect(parseRrule("FREQ=WEEKLY;BYDAY=TU")).toEqual({ interval: 1, days: ["TU"] });
    expect(parseRrule("FREQ=DAILY")).toBeNull();
    expect(parseRrule("FREQ=WEEKLY")).toBeNull();
  });

  it("says the schedule in words", () => {
    expect(slotWords(slotFixture())).toBe("every other Monday, 10:00 Europe/Berlin, 60 min");
    expect(slotWords(slotFixture({ rrule: "FREQ=WEEKLY;BYDAY=MO,WE,FR", duration_minutes: 30 }))).toBe("every Monday, Wednesday and Friday, 10:00 Europe/Berlin, 30 min");
    expect(slotWords(slotFixture({ rrule: "FREQ=WEEKLY;INTERVAL=4;BYDAY=TU,TH" }))).toBe("every 4 weeks on Tuesday and Thursday, 10:00 Europe/Berlin, 60 min");
    expect(slotWords(slotFixture({ rrule: "FREQ=MONTHLY" }))).toBe("every 2 weeks on Monday, 10:00–11:00 (Europe/Berlin)");
  });

  it("gives a meeting on the slot's own wall clock", () => {
    expect(meetingWords("2026-12-07T10:00:00+01:00[Europe/Berlin]")).toMatch(/^Mon,? 7 Dec 2026, 10:00$/);
  });
});

describe("the review slot form", () => {
  it("names every bad field at once", () => {
    expect(checkSlot({ ...emptySlotForm("Europe/Berlin"), duration_minutes: "50", interval: "13", start_time: "" })).toEqual({
      name: "Enter a name.",
      start_time: "Enter a start time like 10:00.",
      duration_minutes: "Enter 15 to 240 minutes, a multiple of 15.",
      rrule: "Repeat every 1 to 12 weeks.",
    });
    expect(checkSlot({ ...emptySlotForm("UTC"), name: "Review" }).rrule).toBe("Choose at least one day.");
  });

  it("sends the new slot, starts_on only when given", () => {
    const form = { ...emptySlotForm("Europe/Berlin"), name: " Payments review ", interval: "2", days: ["WE" as const, "MO" as const] };
    expect(newSlotBody(form)).toEqual({ name: "Payments review", zone: "Europe/Berlin", start_time: "10:00", duration_minutes: 60, rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE" });
    expect(newSlotBody({ ...form, starts_on: "2026-12-14" }).starts_on).toBe("2026-12-14");
  });

  it("sends only what changed, so a new name does not move the series", () => {
    const slot = slotFixture();
    const form = formFromSlot(slot);
    expect(form).toMatchObject({ interval: "2", days: ["MO"], starts_on: "", duration_minutes: "60" });
    expect(slotChange(slot, form)).toEqual({});
    expect(slotChange(slot, { ...form, name: "Payments weekly" })).toEqual({ name: "Payments weekly" });
    expect(slotChange(slot, { ...form, interval: "1", days: ["MO", "TH"] })).toEqual({ rrule: "FREQ=WEEKLY;BYDAY=MO,TH" });
  });

  it("lets admins and the team's members (not viewers) change slots", () => {
    const team = { members: [{ user_id: 5, name: "Bo", email: "bo@example.com", role: null }] };
    expect(canEditSlots(team, { id: 1, role: "admin" })).toBe(true);
    expect(canEditSlots(team, { id: 5, role: "member" })).toBe(true);
    expect(canEditSlots(team, { id: 6, role: "member" })).toBe(false);
    expect(canEditSlots(team, { id: 5, role: "viewer" })).toBe(false);
  });
});
