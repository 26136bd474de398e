import { describe, expect, it } from "vitest";
import type { ChatSettings } from "./api/chat";
import { channelNamePreview, chatBody, chatForm, checkChatForm, newRow, placeChatErrors, rowField, sampleIncident, type ChatForm, type SampleIncident } from "./chat";

const ORDER = ["SEV0", "SEV1", "SEV2", "SEV3"];

const settings: ChatSettings = {
  announcement_channel: "C0INCIDENTS",
  announcement_channels: { SEV3: "C0MINOR", SEV0: "C0MAJOR", SEV9: "C0RETIRED" },
  incident_channels: true,
  channel_name_template: "inc-{number}-{title}",
  pin_emoji: "pushpin",
  archive_after_days: 7,
  reminder_minutes: { SEV1: 30, SEV0: 15 },
};

const form = (change: Partial<ChatForm> = {}): ChatForm => ({ ...chatForm(settings, ORDER), ...change });

describe("chatForm and chatBody", () => {
  it("lists a severity's settings in the catalog's order, keys it no longer has last", () => {
    const f = chatForm(settings, ORDER);
    expect(f.announcementRows.map((r) => [r.severity, r.value])).toEqual([
      ["SEV0", "C0MAJOR"],
      ["SEV3", "C0MINOR"],
      ["SEV9", "C0RETIRED"],
    ]);
    expect(f.reminderRows.map((r) => [r.severity, r.value])).toEqual([
      ["SEV0", "15"],
      ["SEV1", "30"],
    ]);
    expect(new Set([...f.announcementRows, ...f.reminderRows].map((r) => r.uid)).size).toBe(5);
    expect(f).toMatchObject({ announcementChannel: "C0INCIDENTS", incidentChannels: true, template: "inc-{number}-{title}", pinEmoji: "pushpin", archiveDays: "7" });
  });

  it("gives back what it read, unchanged", () => {
    expect(chatBody(chatForm(settings, ORDER))).toEqual(settings);
  });

  it("sends no announcement channel as null, and trims what was typed", () => {
    const body = chatBody(
      form({
        announcementChannel: "   ",
        announcementRows: [newRow("SEV1", " C0SEV1 ")],
        template: "  {date}-{reference} ",
        pinEmoji: " :white_check_mark: ",
        archiveDays: " 0 ",
        reminderRows: [newRow("SEV2", " 60 ")],
      }),
    );
    expect(body).toEqual({
      announcement_channel: null,
      announcement_channels: { SEV1: "C0SEV1" },
      incident_channels: true,
      channel_name_template: "{date}-{reference}",
      pin_emoji: "white_check_mark",
      archive_after_days: 0,
      reminder_minutes: { SEV2: 60 },
    });
    expect(chatForm({ ...settings, announcement_channel: null }, ORDER).announcementChannel).toBe("");
  });
});

describe("checkChatForm", () => {
  it("accepts the defaults and what the server accepts", () => {
    expect(checkChatForm(form())).toEqual({});
    expect(checkChatForm(form({ announcementChannel: "", archiveDays: "365", pinEmoji: ":+1:", reminderRows: [newRow("SEV1", "5"), newRow("SEV2", "1440")] }))).toEqual({});
    expect(checkChatForm(form({ announcementChannel: "#incidents" }))).toEqual({});
  });

  it("explains what the server would refuse, beside its field", () => {
    const errors = checkChatForm(form({ announcementChannel: "my incidents", pinEmoji: "two words", archiveDays: "366" }));
    expect(errors).toEqual({
      announcement_channel: "A channel id has no spaces; copy it from the bottom of the channel's details in Slack.",
      pin_emoji: "Enter an emoji's name as Slack writes it between colons, such as pushpin or white_check_mark: letters, digits, _ - +.",
      archive_after_days: "Enter a whole number of days from 0 to 365.",
    });
    expect(checkChatForm(form({ announcementChannel: "#" })).announcement_channel).toBe("Enter the channel's id, such as C0123ABCD.");
    expect(checkChatForm(form({ announcementChannel: "C".repeat(81) })).announcement_channel).toBe("This is 81 characters long; at most 80 are accepted.");
    expect(checkChatForm(form({ pinEmoji: "::" })).pin_emoji).toBe("Enter an emoji's name, such as pushpin.");
    expect(checkChatForm(form({ archiveDays: "2.5" })).archive_after_days).toBeDefined();
  });

  it("checks each severity row: a severity picked once, a channel, minutes within 5 to 1440", () => {
    const blank = newRow("", "C0X");
    const twice = newRow("SEV0", "C0Y");
    const noChannel = newRow("SEV1", " ");
    const short = newRow("SEV1", "4");
    const long = newRow("SEV2", "1441");
    const errors = checkChatForm(form({ announcementRows: [newRow("SEV0", "C0Z"), twice, blank, noChannel], reminderRows: [short, long] }));
    expect(errors).toEqual({
      [rowField("announce", twice.uid, "severity")]: "SEV0 is set above already.",
      [rowField("announce", blank.uid, "severity")]: "Pick a severity.",
      [rowField("announce", noChannel.uid, "value")]: "Enter the channel's id, such as C0123ABCD.",
      [rowField("remind", short.uid, "value")]: "Enter a whole number of minutes from 5 to 1440.",
      [rowField("remind", long.uid, "value")]: "Enter a whole number of minutes from 5 to 1440.",
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

  it("puts a severity's channel refused under the default's name on the row whose channel it quotes", () => {
    const sent = form({ announcementRows: [newRow("SEV0", "C0MAJOR"), newRow("SEV1", "#")] });
    const bad = sent.announcementRows[1];
    expect(placeChatErrors(refusal("announcement_channel", '"#" is not a channel name or id'), sent).fields).toEqual({ [rowField("announce", bad.uid, "value")]: '"#" is not a channel name or id.' });
    expect(placeChatErrors(refusal("announcement_channel", '"C0INCIDENTS" is not a channel name or id'), sent).fields).toEqual({ announcement_channel: '"C0INCIDENTS" is not a channel name or id.' });
    expect(placeChatErrors(refusal("announcement_channels.SEV0", "invalid type: integer `5`, expected a string"), sent).fields).toEqual({
      [rowField("announce", sent.announcementRows[0].uid, "value")]: "Invalid type: integer `5`, expected a string.",
    });
  });

  it("puts a reminder's refusal on its severity's row, without the severity", () => {
    const sent = form({ reminderRows: [newRow("SEV1", "30"), newRow("SEV2", "1")] });
    const sev2 = sent.reminderRows[1];
    expect(placeChatErrors(refusal("reminder_minutes", "SEV2: between 5 and 1440 minutes"), sent).fields).toEqual({ [rowField("remind", sev2.uid, "value")]: "Between 5 and 1440 minutes." });
    expect(placeChatErrors(refusal("reminder_minutes.SEV2", "invalid type: floating point `2.5`, expected u32"), sent).fields).toEqual({ [rowField("remind", sev2.uid, "value")]: "Invalid type: floating point `2.5`, expected u32." });
    expect(placeChatErrors(refusal("reminder_minutes", "SEV7: between 5 and 1440 minutes"), sent).fields).toEqual({ reminder_minutes: "SEV7: between 5 and 1440 minutes." });
  });

  it("keeps what names no field of the form, or no field at all, as the message", () => {
    expect(placeChatErrors(refusal("body", "must be a JSON object"), form())).toEqual({ fields: {}, message: "body: must be a JSON object" });
    expect(placeChatErrors({ status: 403, detail: "only admins may do this" }, form())).toEqual({ fields: {}, message: "only admins may do this" });
    expect(placeChatErrors(new TypeError("Failed to fetch"), form()).message).toBe("Something went wrong; try again.");
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
