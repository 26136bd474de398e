import { describe, expect, it } from "vitest";
import { checkHours, describeHours, emptyHours, feedUrl, filterZones, hoursErrorsFromServer, hoursFromWindows, weekdayHours, windowsFromHours, zoneList } from "./profile";

describe("zoneList", () => {
  it("adds UTC and the chosen zone, without repeats, sorted", () => {
    expect(zoneList(["Europe/Paris", "America/New_York"], "Asia/Calcutta", null, "Europe/Paris")).toEqual(["America/New_York", "Asia/Calcutta", "Europe/Paris", "UTC"]);
  });
});

describe("filterZones", () => {
  const zones = ["America/New_York", "America/Chicago", "Europe/Paris", "Pacific/Auckland"];
  it("matches every word, spaces standing for underscores, any case", () => {
    expect(filterZones(zones, "new york")).toEqual(["America/New_York"]);
    expect(filterZones(zones, "AMERICA")).toEqual(["America/New_York", "America/Chicago"]);
    expect(filterZones(zones, "europe par")).toEqual(["Europe/Paris"]);
  });
  it("keeps the chosen zone so the select never loses its value", () => {
    expect(filterZones(zones, "paris", "Pacific/Auckland")).toEqual(["Europe/Paris", "Pacific/Auckland"]);
  });
  it("offers everything for an empty search", () => {
    expect(filterZones(zones, "  ")).toEqual(zones);
  });
});

describe("working hours", () => {
  it("round-trips the server's list, Monday first, with a key per row", () => {
    const windows = [
      { day: "monday", start: "09:00", end: "12:00" },
      { day: "monday", start: "13:00", end: "17:30" },
      { day: "friday", start: "22:00", end: "24:00" },
    ];
    const hours = hoursFromWindows(windows);
    expect(hours.monday).toHaveLength(2);
    expect(windowsFromHours(hours)).toEqual({ windows, keys: ["monday.0", "monday.1", "friday.0"] });
  });

  it("accepts office hours and 24:00 as an end", () => {
    const hours = weekdayHours();
    hours.saturday = [{ start: "20:00", end: "24:00" }];
    expect(checkHours(hours)).toEqual({});
    expect(describeHours(hours)).toMatch(/^Monday 09:00–17:00; .*Saturday 20:00–24:00$/);
  });

  it("explains bad times, an end before the start and overlaps beside the row", () => {
    const hours = emptyHours();
    hours.monday = [
      { start: "9", end: "17:00" },
      { start: "18:00", end: "08:00" },
    ];
    hours.tuesday = [
      { start: "09:00", end: "13:00" },
      { start: "12:00", end: "17:00" },
    ];
    const errors = checkHours(hours);
    expect(errors["monday.0.start"]).toMatch(/such as 09:00/);
    expect(errors["monday.1.end"]).toMatch(/past midnight/);
    expect(errors["tuesday.1.start"]).toMatch(/overlap/);
    expect(Object.keys(errors)).toHaveLength(3);
  });

  it("puts the server's indexed errors on their rows", () => {
    const split = hoursErrorsFromServer(
      [
        { field: "working_hours[1].end", message: "must be after start" },
        { field: "working_hours[0]", message: "overlaps" },
        { field: "time_zone", message: "is not a time zone" },
      ],
      ["monday.0", "tuesday.0"],
    );
    expect(split.fields).toEqual({ "tuesday.0.end": "must be after start", "monday.0.start": "overlaps" });
    expect(split.other).toEqual(["time_zone: is not a time zone"]);
  });

  it("says when there are none", () => {
    expect(describeHours(emptyHours())).toBe("No working hours set.");
  });
});

describe("feedUrl", () => {
  it("puts the server's path on this origin", () => {
    expect(feedUrl("https://g.example/", "/api/v1/users/7/calendar.ics?token=gsf_x")).toBe("https://g.example/api/v1/users/7/calendar.ics?token=gsf_x");
    expect(feedUrl("https://g.example", "https://other.example/x.ics")).toBe("https://other.example/x.ics");
  });
});
