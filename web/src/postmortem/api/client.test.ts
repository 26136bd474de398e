import { describe, expect, it } from "vitest";
import { syncUrl } from "./client";

describe("the sync socket's address", () => {
  it("is the postmortem's path on the same origin, wss behind https (y-websocket appends /sync)", () => {
    expect(syncUrl("INC-7", { protocol: "https:", host: "goldseam.example.com" })).toBe("wss://goldseam.example.com/api/v1/incidents/INC-7/postmortem");
    expect(syncUrl("INC-7", { protocol: "http:", host: "localhost:8080" })).toBe("ws://localhost:8080/api/v1/incidents/INC-7/postmortem");
  });
});
