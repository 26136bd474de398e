import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import { AppContext, type AppData } from "../context";
import { policyFixture } from "../testing/distribution";
import { answer } from "../testing/followUps";
import { testQueryClient, withClient } from "../testing/wrapper";
import { DistributionSettings } from "./DistributionSettings";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const app = {
  session: { user: { id: 1, name: "Ana" } },
  severities: [
    { key: "SEV1", name: "Major", rank: 1 },
    { key: "SEV0", name: "Critical", rank: 0 },
  ],
  types: [
    { key: "outage", name: "Outage" },
    { key: "security", name: "Security" },
  ],
  roles: [],
  canAct: true,
  isAdmin: true,
} as unknown as AppData;

function show(policy = policyFixture()) {
  vi.spyOn(api, "GET").mockImplementation((async (path: string) => {
    if (path === "/api/v1/postmortem-distribution") return answer(policy);
    if (path === "/api/v1/teams") return answer({ items: [{ id: 4, name: "Payments" }], next_cursor: null });
    return answer({ status: 500, title: "unexpected" }, 500);
  }) as never);
  const Wrapper = withClient(testQueryClient());
  return render(
    <Wrapper>
      <AppContext.Provider value={app}>
        <DistributionSettings />
      </AppContext.Provider>
    </Wrapper>,
  );
}

const rule = (form: HTMLElement, name: RegExp) => within(form).getByRole("group", { name });
const checked = (group: HTMLElement, legend: string) =>
  within(within(group).getByRole("group", { name: legend }))
    .getAllByRole("checkbox")
    .filter((c) => (c as HTMLInputElement).checked)
    .map((c) => c.parentElement!.textContent);

describe("the distribution settings", () => {
  it("show the policy: participants, reminders, and each rule with its audiences", async () => {
    const { container } = show();
    const form = await screen.findByRole("form", { name: "Distribution policy" });
    within(form).getByText("Default policy");
    expect((within(form).getByLabelText("Participants are required readers") as HTMLInputElement).checked).toBe(true);
    expect((within(form).getByLabelText("Remind after (days)") as HTMLInputElement).value).toBe("3");
    const second = rule(form, /^Rule 2: The whole company for SEV0$/);
    // Severities by rank, the chosen ones ticked.
    expect(within(within(second).getByRole("group", { name: "Severities" })).getAllByRole("checkbox").map((c) => c.parentElement!.textContent)).toEqual(["SEV0 (Critical)", "SEV1 (Major)"]);
    expect(checked(second, "Severities")).toEqual(["SEV0 (Critical)"]);
    const audience = within(second).getByRole("group", { name: /^Audience 1 of Rule 2/ });
    expect((within(audience).getByLabelText("Who") as HTMLSelectElement).value).toBe("everyone");
    expect((within(audience).getByLabelText("They get") as HTMLSelectElement).value).toBe("summary");
    const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });

  it("adds a rule with a team audience and saves the whole policy with PUT", async () => {
    show();
    const form = await screen.findByRole("form", { name: "Distribution policy" });
    const put = vi.spyOn(api, "PUT").mockImplementation((async (_path: string, init: { body: unknown }) => answer({ ...(init.body as object), customized: true })) as never);
    fireEvent.click(within(form).getByRole("button", { name: "Add a rule" }));
    const added = rule(form, /^Rule 3$/);
    const name = within(added).getByLabelText("Name");
    expect(document.activeElement).toBe(name);
    fireEvent.change(name, { target: { value: "Leadership for SEV0-1 " } });
    const third = rule(form, /^Rule 3: Leadership for SEV0-1$/);
    fireEvent.click(within(within(third).getByRole("group", { name: "Severities" })).getByLabelText("SEV1 (Major)"));
    const audience = within(third).getByRole("group", { name: /^Audience 1 of Rule 3/ });
    fireEvent.change(within(audience).getByLabelText("Who"), { target: { value: "team" } });
    fireEvent.change(within(audience).getByLabelText("Team"), { target: { value: "4" } });
    fireEvent.change(within(audience).getByLabelText("They get"), { target: { value: "summary" } });
    fireEvent.click(within(audience).getByLabelText(/^Required reading/));
    // A second audience, a channel: it cannot be required.
    fireEvent.click(within(third).getByRole("button", { name: /^Add an audience/ }));
    const channel = within(third).getByRole("group", { name: /^Audience 2 of Rule 3/ });
    expect(document.activeElement).toBe(within(channel).getByLabelText("Who"));
    fireEvent.change(within(channel).getByLabelText("Who"), { target: { value: "slack_channel" } });
    expect(within(channel).queryByLabelText(/^Required reading/)).toBeNull();
    fireEvent.change(within(channel).getByLabelText("Slack channel id"), { target: { value: "C0123ABCD" } });
    fireEvent.click(within(form).getByLabelText("Participants are required readers"));
    fireEvent.click(within(form).getByRole("button", { name: "Save distribution" }));
    await within(form).findByText(/The distribution policy is saved/);
    expect(put).toHaveBeenCalledWith("/api/v1/postmortem-distribution", {
      body: {
        ...policyFixture(),
        participants_required: false,
        rules: [
          ...policyFixture().rules,
          {
            name: "Leadership for SEV0-1",
            severities: ["SEV1"],
            types: [],
            audiences: [
              { kind: "team", team_id: 4, rendering: "summary", required: true },
              { kind: "slack_channel", channel: "C0123ABCD", rendering: "full", required: false },
            ],
          },
        ],
      },
    });
    await within(form).findByText("Customized");
    // The form shows what is kept.
    expect((within(rule(form, /^Rule 3/)).getByLabelText("Name") as HTMLInputElement).value).toBe("Leadership for SEV0-1");
  });

  it("puts the server's field errors beside their inputs, and the keyboard on the first", async () => {
    show();
    const form = await screen.findByRole("form", { name: "Distribution policy" });
    vi.spyOn(api, "PUT").mockImplementation((async () =>
      answer(
        {
          status: 422,
          title: "Unprocessable",
          detail: "invalid",
          errors: [
            { field: "rules[1].audiences[0].address", message: "not an email address" },
            { field: "rules[0].name", message: "already the name of rule 2" },
          ],
        },
        422,
      )) as never);
    const second = rule(form, /^Rule 2/);
    fireEvent.change(within(second).getByLabelText("Who"), { target: { value: "mailing_list" } });
    fireEvent.change(within(second).getByLabelText("Email address"), { target: { value: "all@example" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save distribution" }));
    await within(form).findByText("Not an email address.");
    const address = within(second).getByLabelText("Email address");
    expect(address.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(address.getAttribute("aria-describedby")!.split(" ").pop()!)!.textContent).toBe("Not an email address.");
    const firstName = within(rule(form, /^Rule 1/)).getByLabelText("Name");
    expect(firstName.getAttribute("aria-invalid")).toBe("true");
    await waitFor(() => expect(document.activeElement).toBe(firstName));
    expect(within(form).getByRole("alert").textContent).toBe("Check the 2 fields marked below.");
    // The server's answer is about what was sent: any change puts it aside until the next save.
    fireEvent.click(within(form).getByRole("button", { name: /^Remove Rule 1/ }));
    expect(within(form).queryByText("Not an email address.")).toBeNull();
  });

  it("explains its own checks before sending anything", async () => {
    show();
    const form = await screen.findByRole("form", { name: "Distribution policy" });
    const put = vi.spyOn(api, "PUT");
    fireEvent.change(within(form).getByLabelText("Remind after (days)"), { target: { value: "0" } });
    const first = rule(form, /^Rule 1/);
    fireEvent.change(within(first).getByLabelText("Name"), { target: { value: " " } });
    fireEvent.click(within(first).getByRole("button", { name: /^Remove Audience 1 of Rule 1/ }));
    expect(document.activeElement).toBe(within(first).getByRole("button", { name: /^Add an audience/ }));
    fireEvent.click(within(form).getByRole("button", { name: "Save distribution" }));
    await within(form).findByText("Enter a whole number of days from 1 to 60.");
    within(form).getByText("Enter a name, such as Leadership for SEV0-1.");
    within(form).getByText("Add at least one audience.");
    expect(put).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(within(form).getByLabelText("Remind after (days)"));
  });
});
