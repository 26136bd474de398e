import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import { AppContext, type AppData } from "../context";
import { answer } from "../testing/followUps";
import { testQueryClient, withClient } from "../testing/wrapper";
import type { ChatSettings } from "./api/chat";
import { ChatSection } from "./ChatSection";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const app = {
  session: { user: { id: 1, name: "Ana" } },
  // Out of order on purpose: the section sorts by rank.
  severities: [
    { key: "SEV2", name: "Minor", rank: 2, update_every_minutes: null },
    { key: "SEV0", name: "Critical", rank: 0, update_every_minutes: 15 },
    { key: "SEV1", name: "Major", rank: 1, update_every_minutes: 30 },
  ],
  types: [],
  roles: [],
  canAct: true,
  isAdmin: true,
} as unknown as AppData;

const defaults: ChatSettings = {
  announcement_channel: null,
  announcement_channels: {},
  incident_channels: true,
  channel_name_template: "inc-{number}-{title}",
  pin_emoji: "pushpin",
  archive_after_days: 7,
};

function show(settings: ChatSettings = defaults, slack = false) {
  const chat = { slack: slack ? "connected" : "not_configured", slack_transport: slack ? "socket_mode" : null, mattermost: "not_configured", microsoft_teams: "not_configured" };
  vi.spyOn(api, "GET").mockImplementation((async (path: string) =>
    path === "/api/v1/chat/settings" ? answer(settings) : path === "/api/v1/admin/setup" ? answer({ slack, chat }) : answer({ status: 500 }, 500)) as never);
  const Wrapper = withClient(testQueryClient());
  return render(
    <Wrapper>
      <AppContext.Provider value={app}>
        <ChatSection />
      </AppContext.Provider>
    </Wrapper>,
  );
}

const sentBody = (put: ReturnType<typeof vi.spyOn>) => (put.mock.lastCall![1] as { body: ChatSettings }).body;
const input = (form: HTMLElement, label: string) => within(form).getByLabelText(label) as HTMLInputElement;

describe("Settings → Chat", () => {
  it("shows the settings, whether Slack is connected, and the guide to set it up", async () => {
    const { container } = show();
    const form = await screen.findByRole("form", { name: "Chat settings" });
    expect(input(form, "Announcement channel").value).toBe("");
    expect(input(form, "Channel name").value).toBe("inc-{number}-{title}");
    expect(input(form, "Pin emoji").value).toBe("pushpin");
    expect(input(form, "Archive after (days)").value).toBe("7");
    expect((within(form).getByRole("checkbox", { name: "Open a channel for each incident" }) as HTMLInputElement).checked).toBe(true);
    within(form).getByText("Every severity is announced in the announcement channel.");
    // Reminders follow each severity's cadence, set with the severities.
    const reminders = within(form).getByRole("region", { name: "Status-update reminders" });
    expect(within(reminders).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["SEV0 (Critical): Every 15 min", "SEV1 (Major): Every 30 min", "SEV2 (Minor): no reminders (no status-update cadence)"]);
    expect(within(reminders).getByRole("link", { name: "Severities" }).getAttribute("href")).toBe("/settings/severities");
    await screen.findByText(/Neither Slack nor Mattermost is set up yet/);
    const platforms = screen.getByRole("list", { name: "Chat platforms" });
    expect(within(platforms).getAllByRole("listitem").map((li) => li.textContent?.split(" ").slice(0, 3).join(" "))).toEqual(["Slack Not set", "Mattermost Not set", "Microsoft Teams Not"]);
    screen.getByText("docs/slack.md");
    screen.getByText("docs/mattermost.md");
    const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });

  it("previews the channel name for a sample incident as the template is typed", async () => {
    show(defaults, true);
    const form = await screen.findByRole("form", { name: "Chat settings" });
    await screen.findByText(/Connected over Socket Mode/);
    const template = input(form, "Channel name");
    const preview = () => form.querySelector(".chat-preview")!.textContent;
    expect(preview()).toMatch(/^Preview: #inc-42-checkout-is-down-eu-v2-3 for INC-42 “Checkout is DOWN \(EU\), v2\.3!”, SEV1, declared \d{4}-\d\d-\d\d$/);
    fireEvent.change(template, { target: { value: "{severity}-{reference}" } });
    expect(preview()).toMatch(/^Preview: #sev1-inc-42 for /);
    fireEvent.change(template, { target: { value: "incident-{title}" } });
    expect(preview()).toBe("No preview: the template must contain {number} or {reference}.");
    // The preview is part of the field's description, read out with it.
    expect(template.getAttribute("aria-describedby")).toContain(form.querySelector(".chat-preview")!.closest("[id]")!.id);
  });

  it("saves the whole settings: a channel, one per severity, the template, channels off", async () => {
    show();
    const form = await screen.findByRole("form", { name: "Chat settings" });
    const put = vi.spyOn(api, "PUT").mockImplementation((async (_path: string, init: { body: ChatSettings }) => answer(init.body)) as never);
    fireEvent.change(input(form, "Announcement channel"), { target: { value: " C0INCIDENTS " } });
    fireEvent.click(within(form).getByRole("button", { name: "Add a channel for a severity" }));
    const row = within(form).getByRole("group", { name: "Channel for SEV0" });
    // The first severity not yet given a channel is picked, and the keyboard goes there.
    expect(document.activeElement).toBe(within(row).getByLabelText("Severity"));
    fireEvent.change(within(row).getByLabelText("Severity"), { target: { value: "SEV2" } });
    fireEvent.change(within(within(form).getByRole("group", { name: "Channel for SEV2" })).getByLabelText("Channel"), { target: { value: "C0MINOR" } });
    fireEvent.change(input(form, "Channel name"), { target: { value: "{date}-{reference}" } });
    fireEvent.click(within(form).getByRole("checkbox", { name: "Open a channel for each incident" }));
    fireEvent.click(within(form).getByRole("button", { name: "Save chat settings" }));
    await within(form).findByText(/The chat settings are saved/);
    expect(put.mock.lastCall![0]).toBe("/api/v1/chat/settings");
    expect(sentBody(put)).toEqual({
      announcement_channel: "C0INCIDENTS",
      announcement_channels: { SEV2: "C0MINOR" },
      incident_channels: false,
      channel_name_template: "{date}-{reference}",
      pin_emoji: "pushpin",
      archive_after_days: 7,
    });
    expect(input(form, "Announcement channel").value).toBe("C0INCIDENTS");
  });

  it("offers each severity once, keeps one the catalog no longer has, and removes a row", async () => {
    show({ ...defaults, announcement_channels: { SEV9: "C0OLD", SEV0: "C0MAJOR" } });
    const form = await screen.findByRole("form", { name: "Chat settings" });
    const old = within(form).getByRole("group", { name: "Channel for SEV9" });
    within(old).getByRole("option", { name: "SEV9 (no longer a severity)" });
    const add = within(form).getByRole("button", { name: "Add a channel for a severity" });
    fireEvent.click(add);
    const added = within(form).getByRole("group", { name: "Channel for SEV1" });
    expect(within(added).getAllByRole("option").map((o) => o.textContent)).toEqual(["SEV1 (Major)", "SEV2 (Minor)"]);
    fireEvent.click(add);
    expect(within(within(form).getByRole("group", { name: "Channel for SEV2" })).getAllByRole("option").map((o) => o.textContent)).toEqual(["SEV2 (Minor)"]);
    expect((add as HTMLButtonElement).disabled).toBe(true);
    // Removing a severity the catalog no longer has frees none: the keyboard goes to the channel.
    fireEvent.click(within(form).getByRole("button", { name: "Remove Channel for SEV9" }));
    expect(within(form).queryByRole("group", { name: "Channel for SEV9" })).toBeNull();
    expect(document.activeElement).toBe(input(form, "Announcement channel"));
    fireEvent.click(within(form).getByRole("button", { name: "Remove Channel for SEV0" }));
    expect((add as HTMLButtonElement).disabled).toBe(false);
    expect(document.activeElement).toBe(add);
  });

  it("explains its own checks before sending, and puts the server's refusal beside its field", async () => {
    show();
    const form = await screen.findByRole("form", { name: "Chat settings" });
    const put = vi.spyOn(api, "PUT");
    fireEvent.change(input(form, "Announcement channel"), { target: { value: "#incidents" } });
    fireEvent.change(input(form, "Archive after (days)"), { target: { value: "400" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save chat settings" }));
    expect(within(form).getByRole("alert").textContent).toBe("Check the 2 fields marked below.");
    within(form).getByText("That is the channel's name: enter its id, such as C0123ABCD, from the bottom of the channel's details in Slack.");
    within(form).getByText("Enter a whole number of days from 0 to 365.");
    expect(put).not.toHaveBeenCalled();
    await waitFor(() => expect(document.activeElement).toBe(input(form, "Announcement channel")));

    fireEvent.change(input(form, "Announcement channel"), { target: { value: "C0INCIDENTS" } });
    fireEvent.change(input(form, "Archive after (days)"), { target: { value: "3" } });
    const template = input(form, "Channel name");
    fireEvent.change(template, { target: { value: "inc-{title}" } });
    put.mockImplementation((async () =>
      answer(
        { status: 422, detail: "channel_name_template: the template must contain {number} or {reference}", errors: [{ field: "channel_name_template", message: "the template must contain {number} or {reference}" }] },
        422,
      )) as never);
    fireEvent.click(within(form).getByRole("button", { name: "Save chat settings" }));
    await waitFor(() => expect(template.getAttribute("aria-invalid")).toBe("true"));
    expect(within(form).getByRole("alert").textContent).toBe("Check the field marked below.");
    within(form).getByText("The template must contain {number} or {reference}.");
    within(form).getByText("No preview until the name is fixed.");
    await waitFor(() => expect(document.activeElement).toBe(template));

    // The refusal stands until the next change.
    fireEvent.change(template, { target: { value: "inc-{number}-{title}" } });
    expect(template.getAttribute("aria-invalid")).toBeNull();
  });

  it("says what the server refused when it names no field the form shows", async () => {
    show();
    const form = await screen.findByRole("form", { name: "Chat settings" });
    vi.spyOn(api, "PUT").mockImplementation((async () => answer({ status: 403, detail: "only admins may change chat settings" }, 403)) as never);
    fireEvent.click(within(form).getByRole("button", { name: "Save chat settings" }));
    expect((await within(form).findByRole("alert")).textContent).toBe("only admins may change chat settings");
  });
});
