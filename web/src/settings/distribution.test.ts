import { describe, expect, it } from "vitest";
import { policyFixture } from "../testing/distribution";
import { audienceField, checkPolicy, emptyAudience, emptyRule, placePolicyErrors, policyBody, policyForm, ruleField } from "./distribution";

describe("the distribution form", () => {
  it("comes back to the same policy it was made from", () => {
    const policy = policyFixture({
      reminder_days: null,
      customized: true,
      rules: [
        {
          name: "Leadership",
          severities: ["SEV0", "SEV1"],
          types: ["security"],
          audiences: [
            { kind: "team", team_id: 4, rendering: "summary", required: true },
            { kind: "mailing_list", address: "exec@example.com", rendering: "summary", required: false },
            { kind: "slack_channel", channel: "C0123ABCD", rendering: "full", required: false },
            { kind: "webhook", url: "https://hooks.example.com/pm", rendering: "full", required: false },
          ],
        },
      ],
    });
    expect(policyBody(policyForm(policy), true)).toEqual(policy);
    expect(policyBody(policyForm(policyFixture()), false)).toEqual(policyFixture());
  });

  it("sends only the kind's own field, trimmed, and required only for people", () => {
    const form = policyForm(policyFixture());
    form.rules[0].audiences[0] = { ...form.rules[0].audiences[0], kind: "mailing_list", address: " pm@example.com ", teamId: "3", channel: "C1", required: true };
    form.remind = false;
    expect(policyBody(form, false).rules[0].audiences[0]).toEqual({ kind: "mailing_list", address: "pm@example.com", rendering: "full", required: false });
    expect(policyBody(form, false).reminder_days).toBeNull();
  });

  it("checks what it can before sending", () => {
    const form = policyForm(policyFixture());
    const rule = emptyRule();
    const team = { ...emptyAudience(), kind: "team" as const };
    const list = { ...emptyAudience(), kind: "mailing_list" as const, address: "not an address" };
    const hook = { ...emptyAudience(), kind: "webhook" as const, url: "ftp://x" };
    form.rules.push({ ...rule, audiences: [team, list, hook] }, { ...emptyRule(), name: "x".repeat(81), audiences: [] });
    form.reminderDays = "61";
    const errors = checkPolicy(form);
    expect(Object.keys(errors).sort()).toEqual(
      ["reminder_days", ruleField(rule.uid, "name"), audienceField(team.uid, "team_id"), audienceField(list.uid, "address"), audienceField(hook.uid, "url"), ruleField(form.rules[3].uid, "name"), ruleField(form.rules[3].uid, "audiences")].sort(),
    );
    expect(checkPolicy(policyForm(policyFixture()))).toEqual({});
    expect(checkPolicy({ ...policyForm(policyFixture()), remind: false, reminderDays: "" })).toEqual({});
  });

  it("places the server's field paths on the rules and audiences that were sent", () => {
    const sent = policyForm(policyFixture());
    const [first, second] = sent.rules;
    const placed = placePolicyErrors(
      {
        status: 422,
        detail: "invalid",
        errors: [
          { field: "rules[1].audiences[0].address", message: "not an email address" },
          { field: "rules[0].severities[1]", message: "unknown severity SEV9; known: SEV0, SEV1" },
          { field: "rules[0].name", message: "1 to 80 characters" },
          { field: "rules[1].audiences[0]", message: "team 9 does not exist" },
          { field: "reminder_days", message: "1 to 60" },
          { field: "rules[7].name", message: "no such rule" },
        ],
      },
      sent,
    );
    expect(placed.fields).toEqual({
      [audienceField(second.audiences[0].uid, "address")]: "Not an email address.",
      [ruleField(first.uid, "severities")]: "Unknown severity SEV9; known: SEV0, SEV1.",
      [ruleField(first.uid, "name")]: "1 to 80 characters.",
      [audienceField(second.audiences[0].uid, "kind")]: "Team 9 does not exist.",
      reminder_days: "1 to 60.",
    });
    expect(placed.message).toBe("rules[7].name: no such rule");
    expect(placePolicyErrors({ status: 403, detail: "Only admins can change the distribution." }, sent)).toEqual({ fields: {}, message: "Only admins can change the distribution." });
  });
});
