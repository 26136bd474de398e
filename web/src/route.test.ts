import { describe, expect, it } from "vitest";
import { parseRoute, tagPath } from "./route";

describe("parseRoute", () => {
  it("recognizes incident rooms by reference, in any case", () => {
    expect(parseRoute("/incidents/inc-42")).toEqual({ page: "room", reference: "INC-42" });
    expect(parseRoute("/incidents/INC-0")).toEqual({ page: "not-found" });
    expect(parseRoute("/incidents/INC-1/extra")).toEqual({ page: "not-found" });
  });

  it("knows the lists, tags and settings sections", () => {
    expect(parseRoute("/")).toEqual({ page: "dashboard" });
    expect(parseRoute("/incidents/")).toEqual({ page: "incidents" });
    expect(parseRoute("/tags/Payments")).toEqual({ page: "tag", tag: "payments" });
    expect(parseRoute(tagPath("café"))).toEqual({ page: "tag", tag: "café" });
    expect(parseRoute("/settings")).toEqual({ page: "settings", section: "tokens" });
    expect(parseRoute("/settings/users")).toEqual({ page: "settings", section: "users" });
    expect(parseRoute("/settings/secrets")).toEqual({ page: "not-found" });
  });
});
