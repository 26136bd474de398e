import { describe, expect, it } from "vitest";
import type { Severity } from "../api/client";
import { checkSeverity, checkType, nextSeverity, postmortemOnWords, severityBody, severityForm, sortSeverities, typeBody, updateEveryWords } from "./catalog";

const sev = (key: string, rank: number): Severity => ({ key, rank, name: key, description: "" });
const defaults = [sev("SEV0", 0), sev("SEV1", 1), sev("SEV2", 2), sev("SEV3", 3), sev("SEV4", 4)];
const good = { key: "SEV5", name: "Cosmetic", description: "A typo nobody is hurt by", rank: "5", update_every: "", postmortem_on: "" as const };

describe("checkSeverity", () => {
  it("accepts a new well-formed severity", () => {
    expect(checkSeverity(good, defaults, true)).toEqual({});
  });

  it("refuses keys the server refuses, and an existing key when adding", () => {
    expect(checkSeverity({ ...good, key: "sev5" }, defaults, true).key).toMatch(/uppercase/);
    expect(checkSeverity({ ...good, key: "SEV-5" }, defaults, true).key).toMatch(/uppercase/);
    expect(checkSeverity({ ...good, key: "S".repeat(17) }, defaults, true).key).toMatch(/uppercase/);
    expect(checkSeverity({ ...good, key: "SEV1" }, defaults, true).key).toBe("SEV1 already exists; edit it in the list instead.");
    expect(checkSeverity({ ...good, key: "SEV1" }, defaults, false)).toEqual({});
  });

  it("wants a name, a description and a rank from 0 to 99", () => {
    const errors = checkSeverity({ ...good, name: "", description: " ", rank: "100" }, defaults, true);
    expect(Object.keys(errors)).toEqual(["name", "description", "rank"]);
    expect(checkSeverity({ ...good, rank: "-1" }, defaults, true).rank).toBeDefined();
    expect(checkSeverity({ ...good, rank: "1.5" }, defaults, true).rank).toBeDefined();
    expect(checkSeverity({ ...good, rank: "" }, defaults, true).rank).toBeDefined();
    expect(checkSeverity({ ...good, rank: "99" }, defaults, true).rank).toBeUndefined();
  });

  it("takes a blank update cadence (no expectation) or whole minutes up to a week", () => {
    expect(checkSeverity({ ...good, update_every: " " }, defaults, true)).toEqual({});
    expect(checkSeverity({ ...good, update_every: "1" }, defaults, true)).toEqual({});
    expect(checkSeverity({ ...good, update_every: "10080" }, defaults, true)).toEqual({});
    for (const bad of ["0", "10081", "1.5", "-3", "soon"])
      expect(checkSeverity({ ...good, update_every: bad }, defaults, true).update_every_minutes).toBe("Use a whole number of minutes from 1 to 10080 (a week), or leave it blank for no expectation.");
  });
});

describe("checkType", () => {
  const type = { key: "data-loss", name: "Data loss", description: "Customer data is gone or exposed", default_private: true };
  it("takes lowercase slugs and refuses an existing key when adding", () => {
    expect(checkType(type, [{ key: "security" }], true)).toEqual({});
    expect(checkType({ ...type, key: "Data Loss" }, [], true).key).toMatch(/lowercase/);
    expect(checkType({ ...type, key: "security" }, [{ key: "security" }], true).key).toMatch(/already exists/);
    expect(checkType({ ...type, key: "security" }, [{ key: "security" }], false)).toEqual({});
  });
});

describe("bodies", () => {
  it("trim the labels and turn the rank into a number", () => {
    expect(severityBody({ ...good, name: " Cosmetic ", rank: " 5 " })).toEqual({ name: "Cosmetic", description: "A typo nobody is hurt by", rank: 5, update_every_minutes: null, postmortem_on: null });
    expect(severityBody({ ...good, update_every: " 30 " }).update_every_minutes).toBe(30);
    expect(severityBody({ ...good, postmortem_on: "resolved" }).postmortem_on).toBe("resolved");
    expect(typeBody({ key: "x", name: " X ", description: " d ", default_private: false })).toEqual({ name: "X", description: "d", default_private: false });
  });
});

describe("sortSeverities", () => {
  it("puts the most severe first", () => {
    expect(sortSeverities([sev("SEV2", 2), sev("B", 0), sev("SEV0", 0)]).map((s) => s.key)).toEqual(["B", "SEV0", "SEV2"]);
  });
});

describe("nextSeverity", () => {
  it("suggests the next SEVn below the least severe", () => {
    expect(nextSeverity(defaults)).toEqual({ key: "SEV5", name: "", description: "", rank: "5", update_every: "", postmortem_on: "" });
    expect(nextSeverity([])).toEqual({ key: "SEV0", name: "", description: "", rank: "0", update_every: "", postmortem_on: "" });
    expect(nextSeverity([sev("P1", 99)]).rank).toBe("99");
  });
});

describe("the update cadence", () => {
  it("is read into the form, blank for none, and said in words", () => {
    expect(severityForm({ ...sev("SEV1", 1), update_every_minutes: 30 } as Severity).update_every).toBe("30");
    expect(severityForm({ ...sev("SEV4", 4), update_every_minutes: null } as Severity).update_every).toBe("");
    expect(severityForm(sev("SEV4", 4)).update_every).toBe("");
    expect(updateEveryWords(30)).toBe("Every 30 min");
    expect(updateEveryWords(240)).toBe("Every 4 h");
    expect(updateEveryWords(null)).toBe("No expectation");
  });

  it("keeps when the postmortem opens, so saving other fields does not clear it", () => {
    expect(severityForm({ ...sev("SEV1", 1), postmortem_on: "resolved" } as Severity).postmortem_on).toBe("resolved");
    expect(severityForm({ ...sev("SEV4", 4), postmortem_on: null } as Severity).postmortem_on).toBe("");
    expect(severityBody(severityForm({ ...sev("SEV1", 1), postmortem_on: "closed" } as Severity)).postmortem_on).toBe("closed");
    expect(postmortemOnWords("resolved")).toBe("When resolved");
    expect(postmortemOnWords(null)).toBe("By hand");
  });
});
