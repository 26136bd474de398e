import { expect, test } from "vitest";
import { awaitedWarning, checkRule, emptyRuleForm, parseTags, ruleBody, ruleFieldOf, ruleForm, ruleSentence, toggle, type ResponseRule, type RuleNames } from "./rules";

const names: RuleNames = {
  types: new Map([["security", "Security"], ["data-loss", "Data loss"]]),
  teams: new Map([[3, "Security"], [5, "Legal"], [6, "PR"]]),
  users: new Map([[7, "Ana"], [8, "Bo"]]),
  services: new Map([[1, "Payments"], [2, "Checkout"]]),
};

const security: ResponseRule = {
  id: 1,
  name: "Security incidents",
  enabled: true,
  when: { types: ["security"], min_severity: null, services: [], tags: [] },
  then: { page_teams: [3], responders: [], inform_teams: [5, 6], inform_users: [], make_private: true },
};

test("the out-of-the-box example in one sentence", () => {
  expect(ruleSentence(security, names)).toBe("When type is Security: page the Security team, inform the Legal and PR teams, make it private.");
});

test("every condition and action, and deleted things", () => {
  const rule = {
    when: { types: ["security", "data-loss"], min_severity: "SEV1", services: [1, 2, 9], tags: ["eu", "db"] },
    then: { page_teams: [3, 5], responders: [7], inform_teams: [], inform_users: [8, 99], make_private: false },
  };
  expect(ruleSentence(rule, names)).toBe(
    "When type is Security or Data loss and severity is SEV1 or worse and service is Payments, Checkout or a deleted service (#9) and tagged #eu or #db: page the Security and Legal teams, add Ana as a responder, inform Bo and a deleted person (#99).",
  );
  const empty = { when: { types: [], min_severity: null, services: [], tags: [] }, then: { page_teams: [], responders: [7, 8], inform_teams: [6], inform_users: [7], make_private: false } };
  expect(ruleSentence(empty, names)).toBe("For every incident: add Ana and Bo as responders, inform the PR team and Ana.");
});

test("form round trip and body", () => {
  const f = ruleForm({ ...security, when: { ...security.when, tags: ["db", "eu"] } });
  expect(f.tags).toBe("#db #eu");
  expect(ruleBody(f)).toEqual({
    name: "Security incidents",
    enabled: true,
    when: { types: ["security"], min_severity: null, services: [], tags: ["db", "eu"] },
    then: { page_teams: [3], responders: [], inform_teams: [5, 6], inform_users: [], make_private: true, awaiting_teams: { page: [], inform: [] }, urgency: "high" },
  });
});

test("the starter rule waits for teams by name, and low urgency is said", () => {
  const starter: ResponseRule = {
    ...security,
    then: { page_teams: [], responders: [], inform_teams: [5], inform_users: [], make_private: true, awaiting_teams: { page: ["Security"], inform: ["PR"] } },
  };
  expect(ruleSentence(starter, names)).toBe("When type is Security: page the Security team once it exists, inform the Legal team and the PR team once it exists, make it private.");
  const both = { ...starter.then, awaiting_teams: { page: [], inform: ["Legal", "PR"] }, inform_teams: [], responders: [7], urgency: "low" as const };
  expect(ruleSentence({ ...starter, then: both }, names)).toBe("When type is Security: add Ana as a responder, at low urgency, inform the Legal and PR teams once they exist, make it private.");
  const f = ruleForm(starter);
  expect([f.awaitingPage, f.awaitingInform, f.urgency]).toEqual([["Security"], ["PR"], "high"]);
  expect(ruleBody(f).then.awaiting_teams).toEqual({ page: ["Security"], inform: ["PR"] });
  // Waiting to inform a team is something to do.
  expect(checkRule({ ...emptyRuleForm(), name: "Later", awaitingInform: ["Legal"] })).toEqual({});
});

test("checks: a name and something to do", () => {
  expect(Object.keys(checkRule(emptyRuleForm()))).toEqual(["name", "then"]);
  expect(checkRule({ ...emptyRuleForm(), name: "Private", makePrivate: true })).toEqual({});
});

test("tags, field paths, toggles", () => {
  expect(parseTags("#db, eu  #Payments db ,")).toEqual(["db", "eu", "payments"]);
  expect(ruleFieldOf("then.page_teams[1]")).toBe("then.page_teams");
  expect(ruleFieldOf("when.min_severity")).toBe("when.min_severity");
  expect(toggle([1, 2], 3, true)).toEqual([1, 2, 3]);
  expect(toggle([1, 2], 1, false)).toEqual([2]);
  expect(toggle([1, 2], 2, true)).toEqual([1, 2]);
});

test("an enabled rule waiting for teams says what it cannot do until they exist", () => {
  const starter: ResponseRule = {
    ...security,
    then: { page_teams: [], responders: [], inform_teams: [5], inform_users: [], make_private: true, awaiting_teams: { page: ["Security"], inform: ["Legal", "PR"] } },
  };
  expect(awaitedWarning(starter)).toBe(
    "Until teams named Security, Legal and PR exist, this rule cannot page Security and cannot inform Legal and PR: matching incidents say so in their room. Create them on the Teams page.",
  );
  const one = { ...starter, then: { ...starter.then, awaiting_teams: { page: ["Security"], inform: [] } } };
  expect(awaitedWarning(one)).toBe("Until a team named Security exists, this rule cannot page Security: matching incidents say so in their room. Create it on the Teams page.");
  expect(awaitedWarning({ ...starter, enabled: false })).toBeNull();
  expect(awaitedWarning(security)).toBeNull();
});
