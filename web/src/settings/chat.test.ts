import { describe, expect, it } from "vitest";
import type { ChatSettings } from "./api/chat";
import { channelNamePreview, chatBody, chatForm, checkChatForm, newRow, placeChatErrors, reminderCadences, rowField, sampleIncident, type ChatForm, type SampleIncident } from "./chat";

const ORDER = ["SEV0", "SEV1", "SEV2", "SEV3"];

const settings: ChatSettings = {
  announcement_channel: "C0INCIDENTS",
  announcement_channels: { SEV3: "C0MINOR", SEV0: "C0MAJOR", SEV9: "C0RETIRED" },
  incident_channels: true,
  channel_name_template: "inc-{number}-{title}",
  pin_emoji: "pushpin",
  archive_after_days: 7,
};

const form = (change: Partial<ChatForm> = {}): ChatForm => ({ ...chatForm(settings, ORDER), ...change });

describe("chatForm and chatBody", () => {
  it("lists the severities' channels in the catalog's order, keys it no longer has last", () => {
    const f = chatForm(settings, ORDER);
    expect(f.announcementRows.map((r) => [r.severity, r.channel])).toEqual([
      ["SEV0", "C0MAJOR"],
      ["SEV3", "C0MINOR"],
      ["SEV9", "C0RETIRED"],
    ]);
    expect(new Set(f.announcementRows.map((r) => r.uid)).size).toBe(3);
    expect(f).toMatchObject({ announcementChannel: "C0INCIDENTS", incidentChannels: true, template: "inc-{number}-{title}", pinEmoji: "pushpin", archiveDays: "7" });
  });

  it("gives back what it read, unchanged", () => {
    expect(chatBody(chatForm(settings, ORDER))).toEqual(settings);
  });

  it("sends no announcement channel as null, and trims what was typed", () => {
    const body = chatBody(form({ announcementChannel: "   ", announcementRows: [newRow("SEV1", " C0SEV1 ")], incidentChannels: false, template: "  {date}-{reference} ", pinEmoji: " :white_check_mark: ", archiveDays: " 0 " }));
    expect(body).toEqual({
      announcement_channel: null,
      announcement_channels: { SEV1: "C0SEV1" },
      incident_channels: false,
      channel_name_template: "{date}-{reference}",
      pin_emoji: "white_check_mark",
      archive_after_days: 0,
    });
    expect(chatForm({ ...settings, announcement_channel: null }, ORDER).announcementChannel).toBe("");
  });
});

describe("checkChatForm", () => {
  it("accepts the defaults and what the server accepts", () => {
    expect(checkChatForm(form())).toEqual({});
    expect(checkChatForm(form({ announcementChannel: "", archiveDays: "365", pinEmoji: ":+1:" }))).toEqual({});
    expect(checkChatForm(form({ announcementChannel: " C024BE91L " }))).toEqual({});
  });

  it("explains what the server would refuse, beside its field", () => {
    const errors = checkChatForm(form({ announcementChannel: "#incidents", pinEmoji: "two words", archiveDays: "366" }));
    expect(errors).toEqual({
      announcement_channel: "That is the channel's name: enter its id, such as C0123ABCD, from the bottom of the channel's details in Slack.",
      pin_emoji: "Enter an emoji's name as Slack writes it between colons, such as pushpin or white_check_mark: letters, digits, _ - +.",
      archive_after_days: "Enter a whole number of days from 0 to 365.",
    });
    expect(checkChatForm(form({ announcementChannel: "C0 12" })).announcement_channel).toBe("A channel id has only letters and digits, such as C0123ABCD.");
    expect(checkChatForm(form({ announcementChannel: "C-12" })).announcement_channel).toBe("A channel id has only letters and digits, such as C0123ABCD.");
    expect(checkChatForm(form({ announcementChannel: "C".repeat(81) })).announcement_channel).toBe("This is 81 characters long; at most 80 are accepted.");
    expect(checkChatForm(form({ pinEmoji: "::" })).pin_emoji).toBe("Enter an emoji's name, such as pushpin.");
    expect(checkChatForm(form({ archiveDays: "2.5" })).archive_after_days).toBeDefined();
    expect(checkChatForm(form({ archiveDays: "" })).archive_after_days).toBeDefined();
  });

  it("checks each severity's row: a severity picked once, and a channel id", () => {
    const blank = newRow("", "C0X");
    const twice = newRow("SEV0", "C0Y");
    const noChannel = newRow("SEV1", " ");
    const named = newRow("SEV2", "#minor");
    const errors = checkChatForm(form({ announcementRows: [newRow("SEV0", "C0Z"), twice, blank, noChannel, named] }));
    expect(errors).toEqual({
      [rowField(twice.uid, "severity")]: "SEV0 has a channel above already.",
      [rowField(blank.uid, "severity")]: "Pick a severity.",
      [rowField(noChannel.uid, "channel")]: "Enter the channel's id, such as C0123ABCD.",
      [rowField(named.uid, "channel")]: "That is the channel's name: enter its id, such as C0123ABCD, from the bottom of the channel's details in Slack.",
    });
  });

  it("leaves the template to the server (the preview explains it)", () => {
    expect(checkChatForm(form({ template: "inc-{title}" }))).toEqual({});
  });
});

describe("placeChatErrors", () => {
  const refusal = (field: string, message: string) => ({ status: 422, detail: `${field}: ${message}`, errors: [{ field, message }] });

  it("puts the server's message beside the field it names", () => {
    expect(placeChatErrors(refusal("channel_name_template", "the template must contain {number} or {reference}"), form())).toEqual({
      fields: { channel_name_template: "The template must contain {number} or {reference}." },
      message: null,
    });
    expect(placeChatErrors(refusal("pin_emoji", "an emoji name such as pushpin (letters, digits, _ - +)"), form()).fields).toEqual({ pin_emoji: "An emoji name such as pushpin (letters, digits, _ - +)." });
    expect(placeChatErrors(refusal("archive_after_days", "at most 365 days"), form()).fields).toEqual({ archive_after_days: "At most 365 days." });
  });

  it("puts a severity's channel, refused under the default's name, on the row whose channel it quotes", () => {
    const sent = form({ announcementRows: [newRow("SEV0", "C0MAJOR"), newRow("SEV1", "#minor")] });
    const bad = sent.announcementRows[1];
    const isAName = '"#minor" is a name: use the channel\'s id (in Slack, at the bottom of the channel\'s details: C…)';
    expect(placeChatErrors(refusal("announcement_channel", isAName), sent).fields).toEqual({ [rowField(bad.uid, "channel")]: `${isAName}.` });
    expect(placeChatErrors(refusal("announcement_channel", '"C0INCIDENTS" is not a channel id (letters and digits, like C024BE91L)'), sent).fields).toEqual({
      announcement_channel: '"C0INCIDENTS" is not a channel id (letters and digits, like C024BE91L).',
    });
    expect(placeChatErrors(refusal("announcement_channels.SEV0", "invalid type: integer `5`, expected a string"), sent).fields).toEqual({
      [rowField(sent.announcementRows[0].uid, "channel")]: "Invalid type: integer `5`, expected a string.",
    });
    expect(placeChatErrors(refusal("announcement_channels", "invalid type: sequence, expected a map"), sent).fields).toEqual({ announcement_channels: "Invalid type: sequence, expected a map." });
  });

  it("keeps what names no field of the form, or no field at all, as the message", () => {
    expect(placeChatErrors(refusal("reminder_minutes", "unknown field `reminder_minutes`"), form())).toEqual({ fields: {}, message: "reminder_minutes: unknown field `reminder_minutes`" });
    expect(placeChatErrors({ status: 403, detail: "only admins may do this" }, form())).toEqual({ fields: {}, message: "only admins may do this" });
    expect(placeChatErrors(new TypeError("Failed to fetch"), form()).message).toBe("Something went wrong; try again.");
  });
});

describe("reminderCadences", () => {
  it("says each severity's cadence, most severe first, and which are never reminded", () => {
    const severities = [
      { key: "SEV2", name: "Minor", rank: 2, update_every_minutes: null },
      { key: "SEV0", name: "Critical", rank: 0, update_every_minutes: 15 },
      { key: "SEV1", name: "Major", rank: 1, update_every_minutes: 90 },
    ];
    expect(reminderCadences(severities)).toEqual([
      { key: "SEV0", name: "Critical", every: "Every 15 min" },
      { key: "SEV1", name: "Major", every: "Every 1 h 30 min" },
      { key: "SEV2", name: "Minor", every: null },
    ]);
  });
});

describe("channelNamePreview", () => {
  const incident: SampleIncident = { number: 42, title: "Checkout is DOWN (EU), v2.3!", severity: "SEV1", date: "2026-12-04" };

  it("names the channel as the server does: Slack's alphabet, the number kept", () => {
    expect(channelNamePreview("inc-{number}-{title}", incident)).toEqual({ name: "inc-42-checkout-is-down-eu-v2-3" });
    expect(channelNamePreview("{date}_{severity}_{reference}", incident)).toEqual({ name: "2026-12-04_sev1_inc-42" });
    expect(channelNamePreview("inc-{number}-{title}", { ...incident, title: "Zahlungsausfall in Köln" })).toEqual({ name: "inc-42-zahlungsausfall-in-k-ln" });
    expect(channelNamePreview("{number}", { ...incident, title: "!!!" })).toEqual({ name: "42" });
    expect(channelNamePreview("!!{reference}!!", incident)).toEqual({ name: "inc-42" });
  });

  it("keeps within Slack's 80 characters, without a dash at the end", () => {
    const long = { ...incident, title: "a very long title about the payment gateway timing out for every customer in europe" };
    const named = channelNamePreview("inc-{number}-{title}", long);
    expect("name" in named && named.name.length).toBeLessThanOrEqual(80);
    expect("name" in named && /[-_]$/.test(named.name)).toBe(false);
    expect(channelNamePreview("inc-{number}-{title}", { ...incident, title: "x".repeat(73) + " yz" })).toEqual({ name: `inc-42-${"x".repeat(73)}` });
  });

  it("says why the server would refuse a template, in its words", () => {
    expect(channelNamePreview("inc-{title}", incident)).toEqual({ problem: "the template must contain {number} or {reference}" });
    expect(channelNamePreview("static", incident)).toEqual({ problem: "the template must contain {number} or {reference}" });
    expect(channelNamePreview("inc-{id}", incident)).toEqual({ problem: "unknown placeholder {id}; use {number}, {reference}, {title}, {severity}, {date}" });
    expect(channelNamePreview("inc-{number", incident)).toEqual({ problem: "a `{` is not closed; write {number}, {title}…" });
  });

  it("makes its sample of the catalog's second severity, declared today in UTC", () => {
    expect(sampleIncident(ORDER, new Date("2026-12-04T23:30:00-05:00"))).toMatchObject({ number: 42, severity: "SEV1", date: "2026-12-05" });
    expect(sampleIncident(["P1"], new Date(0)).severity).toBe("P1");
  });
});
