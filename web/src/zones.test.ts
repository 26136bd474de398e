import { expect, test } from "vitest";
import { allTimeZones, isTimeZone, searchZones } from "./zones";

const zones = ["UTC", "America/New_York", "America/North_Dakota/New_Salem", "Europe/Paris", "Asia/Kolkata", "America/Argentina/Buenos_Aires"];

test("zones are found by the words people type", () => {
  expect(searchZones(zones, "new york")[0]).toBe("America/New_York");
  expect(searchZones(zones, "paris")).toEqual(["Europe/Paris"]);
  expect(searchZones(zones, "buenos")).toEqual(["America/Argentina/Buenos_Aires"]);
  expect(searchZones(zones, "america")).toContain("America/New_York");
  expect(searchZones(zones, "utc")[0]).toBe("UTC");
  expect(searchZones(zones, "")).toHaveLength(zones.length);
  expect(searchZones(zones, "atlantis")).toEqual([]);
});

test("the browser's list starts with UTC and known zones are recognised", () => {
  expect(allTimeZones()[0]).toBe("UTC");
  expect(isTimeZone("Europe/Paris")).toBe(true);
  expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
  expect(isTimeZone("")).toBe(false);
});
