import { describe, expect, it } from "vitest";
import { learningPolicyFixture } from "../testing/learning";
import { checkPolicy, emptyRule, emptyStep, move, placePolicyErrors, policyBody, policyForm, ruleField, stepField } from "./learning";

const ROLES = ["incident_manager", "scribe"];

describe("the learning policy form", () => {
  it("reads the policy into rows and writes the same policy back", () => {
    const policy = learningPolicyFixture();
    const rules = policyForm(policy);
    expect(rules[0].steps.map((s) => [s.step, s.ownerRole, s.days])).toEqual([
      ["drafted", "incident_manager", "3"],
      ["published", "incident_manager", "7"],
    ]);
    expect(policyBody(rules, false)).toEqual(policy);
  });

  it("offers, as a new step, the first one the rule lacks", () => {
    const [rule] = policyForm(learningPolicyFixture());
    expect(emptyStep(rule, "scribe")).toMatchObject({ step: "reviewed", ownerRole: "scribe", days: "5" });
  });

  it("checks names, steps (none, twice), days and roles before sending", () => {
    const [rule] = policyForm(learningPolicyFixture());
    const bad = { ...rule, name: " ", steps: [{ ...rule.steps[0], days: "61" }, { ...rule.steps[0], uid: 999, days: "2", ownerRole: "gone" }] };
    const empty = { ...emptyRule("incident_manager"), name: "Empty", steps: [] };
    const errors = checkPolicy([bad, empty], ROLES);
    expect(errors[ruleField(bad.uid, "name")]).toMatch(/Enter a name/);
    expect(errors[ruleField(bad.uid, "steps")]).toBe("Postmortem drafted is listed twice; keep one.");
    expect(errors[stepField(bad.steps[0].uid, "due_business_days")]).toMatch(/from 1 to 60/);
    expect(errors[stepField(999, "owner_role")]).toBe("Choose a role.");
    expect(errors[ruleField(empty.uid, "steps")]).toBe("Add at least one step.");
    expect(checkPolicy(policyForm(learningPolicyFixture()), ROLES)).toEqual({});
  });

  it("places the server's 422 paths on the rules and steps as they were sent", () => {
    const sent = [...policyForm(learningPolicyFixture()), ...policyForm(learningPolicyFixture())];
    const placed = placePolicyErrors(
      {
        detail: "invalid",
        errors: [
          { field: "rules[0].steps[1].owner_role", message: "unknown role" },
          { field: "rules[0].severities[2]", message: "unknown severity" },
          { field: "rules[1].steps", message: "at least one step" },
          { field: "rules[1].name", message: "is taken" },
          { field: "rules[1].steps[0]", message: "not a step" },
        ],
      },
      sent,
    );
    expect(placed.message).toBeNull();
    expect(placed.fields).toEqual({
      [stepField(sent[0].steps[1].uid, "owner_role")]: "Unknown role.",
      [ruleField(sent[0].uid, "severities")]: "Unknown severity.",
      [ruleField(sent[1].uid, "steps")]: "At least one step.",
      [ruleField(sent[1].uid, "name")]: "Is taken.",
      [stepField(sent[1].steps[0].uid, "step")]: "Not a step.",
    });
    expect(placePolicyErrors({ detail: "only admins" }, sent)).toEqual({ fields: {}, message: "only admins" });
    expect(placePolicyErrors({ errors: [{ field: "rules[7].name", message: "x" }] }, sent).message).toBe("rules[7].name: x");
  });

  it("moves a rule up or down, never past either end", () => {
    expect(move(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"]);
    expect(move(["a", "b"], 0, -1)).toEqual(["a", "b"]);
  });
});
