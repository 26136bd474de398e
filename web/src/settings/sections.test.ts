import { describe, expect, it } from "vitest";
import { parseRoute } from "../route";
import { SECTIONS, refusal, sectionInfo, visibleSections } from "./sections";

describe("visibleSections", () => {
  it("offers everyone their own settings and admins everything", () => {
    expect(visibleSections(false).map((s) => s.label)).toEqual(["API tokens", "Profile", "Calendar", "Contact methods", "Subscriptions", "Reviews"]);
    expect(visibleSections(true).map((s) => s.label)).toEqual([
      "API tokens",
      "Profile",
      "Calendar",
      "Contact methods",
      "Subscriptions",
      "Users",
      "Severities",
      "Incident types",
      "Escalation policies",
      "Response rules",
      "Postmortems",
      "Learning",
      "Reviews",
      "Chat",
      "Dead letters",
    ]);
  });

  it("links to the paths the router knows", () => {
    for (const s of SECTIONS) expect(parseRoute(s.path)).toEqual({ page: "settings", section: s.key });
  });
});

describe("refusal", () => {
  it("explains admin sections to everyone else", () => {
    expect(refusal("tokens", false)).toBeNull();
    expect(refusal("users", true)).toBeNull();
    expect(refusal("users", false)).toMatch(/^Only admins can add users/);
    expect(refusal("types", false)).toMatch(/^Only admins can add or change incident types/);
    expect(refusal("chat", false)).toMatch(/^Only admins can change how incidents are announced and run in chat/);
  });

  it("finds a section by key", () => {
    expect(sectionInfo("severities").label).toBe("Severities");
  });
});
