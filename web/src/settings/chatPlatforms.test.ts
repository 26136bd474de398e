import { describe, expect, it } from "vitest";
import { anyChannels, platformLines, type ChatSetup } from "./chatPlatforms";

const none: ChatSetup = { slack: "not_configured", slack_transport: null, mattermost: "not_configured", microsoft_teams: "not_configured" };

describe("chat platforms in the settings", () => {
  it("says how each stands, with its guide", () => {
    const lines = platformLines({ slack: "connected", slack_transport: "socket_mode", mattermost: "waiting", microsoft_teams: "connected" });
    expect(lines.map((l) => [l.name, l.link, l.docs])).toEqual([
      ["Slack", "connected", "docs/slack.md"],
      ["Mattermost", "waiting", "docs/mattermost.md"],
      ["Microsoft Teams", "connected", "docs/teams.md"],
    ]);
    expect(lines[0].says).toContain("over Socket Mode");
    expect(lines[1].says).toContain("has not answered yet");
    expect(lines[2].says).toContain("Workflows webhook");
  });

  it("names Slack's request URLs, and what is not set up", () => {
    const [slack, mattermost, teams] = platformLines({ ...none, slack: "connected", slack_transport: "request_urls" });
    expect(slack.says).toContain("through its request URLs");
    expect(mattermost.says).toMatch(/^Not set up/);
    expect(teams.says).toMatch(/^Not set up/);
  });

  it("knows when no platform takes channels", () => {
    expect(anyChannels(none)).toBe(false);
    expect(anyChannels({ ...none, microsoft_teams: "connected" })).toBe(false);
    expect(anyChannels({ ...none, mattermost: "waiting" })).toBe(true);
  });
});
