import { describe, expect, it } from "vitest";
import { checkReviewPolicy, emptyReviewRule, placeReviewPolicyErrors, reviewPolicyBody, reviewPolicyForm, reviewRuleField } from "./reviewPolicy";

describe("the review policy form", () => {
  it("round-trips a policy", () => {
    const policy = {
      rules: [{ name: "Major", severities: ["SEV1"], types: [], prep_business_days: 1, deadline_business_days: 5, duration_minutes: 60, auto_book: true }],
      on_call_is_busy: true,
      customized: true,
    };
    expect(reviewPolicyBody(reviewPolicyForm(policy), true, true)).toEqual(policy);
  });

  it("checks what the server would refuse", () => {
    const rule = { ...emptyReviewRule(), name: "", prep: "3", deadline: "3", duration: "50" };
    const errors = checkReviewPolicy([rule]);
    expect(errors[reviewRuleField(rule.uid, "name")]).toMatch(/^Enter a name/);
    expect(errors[reviewRuleField(rule.uid, "deadline_business_days")]).toMatch(/later than the preparation days/);
    expect(errors[reviewRuleField(rule.uid, "duration_minutes")]).toBe("Enter 15 to 240 minutes, a multiple of 15.");
    expect(errors[reviewRuleField(rule.uid, "prep_business_days")]).toBeUndefined();
    expect(checkReviewPolicy([{ ...emptyReviewRule(), name: "Fine" }])).toEqual({});
  });

  it("places the server's paths on the rules as they were sent", () => {
    const sent = [{ ...emptyReviewRule(), name: "A" }, { ...emptyReviewRule(), name: "B" }];
    const placed = placeReviewPolicyErrors({ errors: [{ field: "rules[1].severities[0]", message: "unknown severity SEV9" }, { field: "rules[0].duration_minutes", message: "15 to 240 minutes, a multiple of 15" }] }, sent);
    expect(placed.fields).toEqual({ [reviewRuleField(sent[1].uid, "severities")]: "Unknown severity SEV9.", [reviewRuleField(sent[0].uid, "duration_minutes")]: "15 to 240 minutes, a multiple of 15." });
    expect(placed.message).toBeNull();
    expect(placeReviewPolicyErrors({ detail: "only admins can change the review policy" }, sent).message).toBe("only admins can change the review policy");
  });
});
