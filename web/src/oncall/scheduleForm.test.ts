import { describe, expect, test } from "vitest";
import { checkSchedule, emptyLayer, emptySchedule, fieldLabels, formField, fromSchedule, move, restrictionLabel, scheduleRequest, shiftLabel, todayIn, wallTimeLabel } from "./scheduleForm";

const now = new Date("2026-03-02T03:00:00Z");

describe("the schedule form", () => {
  test("a new schedule starts with one weekly layer handing off at 09:00 today in its zone", () => {
    const form = emptySchedule("America/New_York", now);
    expect(form.layers).toHaveLength(1);
    // 03:00 UTC is still the evening before in New York.
    expect(form.layers[0]).toMatchObject({ name: "Primary", start: "2026-03-01T09:00", unit: "weeks", count: "1", participants: [] });
    expect(todayIn("Asia/Tokyo", now)).toBe("2026-03-02");
  });

  test("every problem is named under the server's field path", () => {
    const form = emptySchedule("Mars/Base", now);
    form.layers.push({ ...emptyLayer("UTC", 1, now), name: " ", count: "0", unit: "days", restrictions: [{ kind: "daily", start_day: "monday", start: "9", end_day: "friday", end: "17:00" }] });
    expect(checkSchedule(form)).toEqual({
      name: "Enter a name.",
      time_zone: "“Mars/Base” is not a time zone this browser knows; pick one from the list.",
      "layers[0].participants": "Add at least one person to take turns.",
      "layers[1].name": "Enter a layer name.",
      "layers[1].shift": "Enter a whole number of days from 1 to 365.",
      "layers[1].participants": "Add at least one person to take turns.",
      "layers[1].restrictions[0]": "Enter both times as HH:MM.",
    });
    expect(checkSchedule({ ...form, layers: [] }).layers).toBe("Add at least one layer.");
    expect(fieldLabels(form)["layers[1].shift"]).toBe("Shift length of layer 2");
  });

  test("the request is the API's written form, and a saved schedule reads back the same", () => {
    const form = emptySchedule("Europe/Paris", now);
    form.name = " Payments ";
    form.layers[0] = { ...form.layers[0], participants: [3, 2], unit: "days", count: "2", restrictions: [{ kind: "weekly", start_day: "monday", start: "09:00", end_day: "friday", end: "17:00" }] };
    const body = scheduleRequest(form);
    expect(body).toEqual({
      name: "Payments",
      description: null,
      time_zone: "Europe/Paris",
      layers: [{ name: "Primary", start: "2026-03-02T09:00", shift: { unit: "days", count: 2 }, participants: [3, 2], restrictions: [{ kind: "weekly", start_day: "monday", start: "09:00", end_day: "friday", end: "17:00" }] }],
    });
    expect(checkSchedule(form)).toEqual({});
    const back = fromSchedule({ name: "Payments", description: "", time_zone: "Europe/Paris", layers: [{ ...body.layers[0], start: "2026-03-02T09:00:00", end: "2026-06-01T09:00:00+02:00" }] });
    expect(back.layers[0]).toMatchObject({ start: "2026-03-02T09:00", unit: "days", count: "2", participants: [3, 2], end: "2026-06-01T09:00:00+02:00" });
    expect(scheduleRequest(back).layers[0].end).toBe("2026-06-01T09:00:00+02:00");
  });

  test("server paths map to the field that shows them", () => {
    expect(formField("layers[0].participants[2]")).toBe("layers[0].participants");
    expect(formField("layers[1].shift.count")).toBe("layers[1].shift");
    expect(formField("layers[1].restrictions[0].start")).toBe("layers[1].restrictions[0]");
    expect(formField("time_zone")).toBe("time_zone");
  });
});

test("moving people up and down", () => {
  expect(move([1, 2, 3], 2, -1)).toEqual([1, 3, 2]);
  expect(move([1, 2, 3], 0, 1)).toEqual([2, 1, 3]);
  expect(move([1, 2, 3], 0, -1)).toEqual([1, 2, 3]);
  expect(move([1, 2, 3], 2, 1)).toEqual([1, 2, 3]);
});

test("labels read as sentences", () => {
  expect(shiftLabel({ unit: "weeks", count: 1 })).toBe("1 week");
  expect(shiftLabel({ unit: "hours", count: 12 })).toBe("12 hours");
  expect(restrictionLabel({ kind: "daily", start: "09:00", end: "17:00" })).toBe("Every day 09:00–17:00");
  expect(restrictionLabel({ kind: "daily", start: "22:00", end: "06:00" })).toBe("Every day 22:00–06:00 (next day)");
  expect(restrictionLabel({ kind: "weekly", start_day: "mon", start: "09:00", end_day: "friday", end: "17:00" })).toBe("Monday 09:00 to Friday 17:00");
  expect(wallTimeLabel("2026-03-02T09:00", "en-GB")).toBe("Mon, 2 Mar 2026, 09:00");
});
