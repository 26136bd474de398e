// Which chat platforms this Goldseam is set up for and whether it reached them (GET
// /admin/setup's `chat`), as Settings → Chat lists them. Pure, tested beside.
import type { components } from "../api/schema";

export type ChatSetup = components["schemas"]["ChatSetupDto"];
type Link = components["schemas"]["ChatLink"];

/** One platform's line: its name, how it stands, and the guide to set it up. */
export interface PlatformLine {
  name: string;
  link: Link;
  says: string;
  docs: string;
}

const waiting = (name: string) =>
  `${name} is configured but has not answered yet: Goldseam keeps trying. If this lasts, the server's log says why (often a token that was refused).`;

export function platformLines(chat: ChatSetup): PlatformLine[] {
  const slackHow = chat.slack_transport === "request_urls" ? "through its request URLs" : "over Socket Mode";
  return [
    {
      name: "Slack",
      link: chat.slack,
      docs: "docs/slack.md",
      says:
        chat.slack === "connected"
          ? `Connected ${slackHow}: announcements, incident channels and /inc work in Slack.`
          : chat.slack === "waiting"
            ? waiting("Slack")
            : "Not set up: create the Slack app from Goldseam's manifest and give Goldseam its tokens.",
    },
    {
      name: "Mattermost",
      link: chat.mattermost,
      docs: "docs/mattermost.md",
      says:
        chat.mattermost === "connected"
          ? "Connected: announcements, incident channels and /inc work in Mattermost."
          : chat.mattermost === "waiting"
            ? waiting("Mattermost")
            : "Not set up: give Goldseam a bot account's token and register the /inc command.",
    },
    {
      name: "Microsoft Teams",
      link: chat.microsoft_teams,
      docs: "docs/teams.md",
      says:
        chat.microsoft_teams === "not_configured"
          ? "Not set up: announcements can go to a Teams channel through a Workflows webhook."
          : "Announcements go to the Teams channel of the configured Workflows webhook (Teams takes posts only: no incident channels or commands there).",
    },
  ];
}

/** Whether any platform takes the channel settings below (Teams has one fixed destination). */
export const anyChannels = (chat: ChatSetup) => chat.slack !== "not_configured" || chat.mattermost !== "not_configured";
