import { describe, expect, it } from "vitest";
import { ackToken, alertGroupPath, followUpPath, incidentFollowUpsPath, integrationPath, parseRoute, postmortemPath, postmortemPrintPath, readToken, rsvpToken, tagPath } from "./route";

describe("parseRoute", () => {
  it("recognizes incident rooms by reference, in any case", () => {
    expect(parseRoute("/incidents/inc-42")).toEqual({ page: "room", reference: "INC-42" });
    expect(parseRoute("/incidents/INC-0")).toEqual({ page: "not-found" });
    expect(parseRoute("/incidents/INC-1/extra")).toEqual({ page: "not-found" });
  });

  it("recognizes an incident's postmortem", () => {
    expect(parseRoute("/incidents/inc-42/postmortem/")).toEqual({ page: "postmortem", reference: "INC-42" });
    expect(postmortemPath("INC-42")).toBe("/incidents/INC-42/postmortem");
    expect(parseRoute("/incidents/INC-0/postmortem")).toEqual({ page: "not-found" });
    expect(parseRoute(postmortemPrintPath("INC-42"))).toEqual({ page: "postmortem-print", reference: "INC-42" });
    expect(parseRoute("/postmortems")).toEqual({ page: "postmortems" });
    expect(parseRoute("/settings/postmortems")).toEqual({ page: "settings", section: "postmortems" });
    expect(parseRoute("/settings/learning")).toEqual({ page: "settings", section: "learning" });
  });

  it("knows the lists, tags and settings sections", () => {
    expect(parseRoute("/")).toEqual({ page: "dashboard" });
    expect(parseRoute("/incidents/")).toEqual({ page: "incidents" });
    expect(parseRoute("/tags/Payments")).toEqual({ page: "tag", tag: "payments" });
    expect(parseRoute(tagPath("café"))).toEqual({ page: "tag", tag: "café" });
    expect(parseRoute("/settings")).toEqual({ page: "settings", section: "tokens" });
    expect(parseRoute("/settings/users")).toEqual({ page: "settings", section: "users" });
    expect(parseRoute("/settings/secrets")).toEqual({ page: "not-found" });
    expect(parseRoute("/settings/contact-methods")).toEqual({ page: "settings", section: "contact-methods" });
  });

  it("knows on-call, teams and services", () => {
    expect(parseRoute("/oncall")).toEqual({ page: "oncall" });
    expect(parseRoute("/oncall/3")).toEqual({ page: "schedule", id: 3 });
    expect(parseRoute("/oncall/0")).toEqual({ page: "not-found" });
    expect(parseRoute("/teams/12")).toEqual({ page: "team", id: 12 });
    expect(parseRoute("/services")).toEqual({ page: "services" });
    expect(ackToken("/ack/7.3.99.ab")).toBe("7.3.99.ab");
    expect(ackToken("/incidents")).toBeNull();
    expect(readToken("/read/7.3.99.ab")).toBe("7.3.99.ab");
    expect(readToken("/read/a%2Fb/")).toBe("a/b");
    expect(readToken("/read/")).toBeNull();
    expect(readToken("/read/x/acknowledge")).toBeNull();
    expect(rsvpToken("/rsvp/v4.7.2.ab")).toBe("v4.7.2.ab");
    expect(rsvpToken("/rsvp/a%2Fb/")).toBe("a/b");
    expect(rsvpToken("/rsvp/")).toBeNull();
    expect(rsvpToken("/read/x")).toBeNull();
    expect(parseRoute("/settings/calendar")).toEqual({ page: "settings", section: "calendar" });
    expect(parseRoute("/settings/reviews")).toEqual({ page: "settings", section: "reviews" });
    expect(parseRoute("/settings/chat")).toEqual({ page: "settings", section: "chat" });
  });

  it("knows the follow-ups page, and where one follow-up lives", () => {
    expect(parseRoute("/follow-ups/")).toEqual({ page: "follow-ups" });
    expect(followUpPath("INC-4", 57)).toBe("/incidents/INC-4#follow-up-57");
    expect(incidentFollowUpsPath("INC-4")).toBe("/follow-ups?view=all&status=all&incident=INC-4");
  });

  it("knows the alerts and integrations pages", () => {
    expect(parseRoute("/alerts")).toEqual({ page: "alerts" });
    expect(parseRoute("/integrations/")).toEqual({ page: "integrations" });
    expect(parseRoute("/integrations/12")).toEqual({ page: "integration", id: 12 });
    expect(parseRoute("/integrations/0")).toEqual({ page: "not-found" });
    expect(alertGroupPath(7)).toBe("/alerts?group=7");
    expect(integrationPath(3)).toBe("/integrations/3");
  });
});
