import { describe, expect, test } from "vitest";
import { checkPolicy, choicesFor, emptyPolicyForm, formSummary, isNameConflict, joinAnd, moveLevel, policyBody, policyFieldOf, policyForm, policySummary, targetWords, type PolicyForm } from "./escalation";

const primary = { type: "schedule", id: 1, name: "Primary" };
const ana = { type: "user", id: 7, name: "Ana" };
const payments = { type: "team", id: 2, name: "Payments" };

describe("policySummary", () => {
  test("the example from the brief, word for word", () => {
    const p = { levels: [{ delay_minutes: 0, targets: [primary] }, { delay_minutes: 10, targets: [ana, payments] }], repeat: 2, repeat_after_minutes: 15 };
    expect(policySummary(p)).toBe("At once: whoever is on call in Primary. After 10 minutes: Ana and the Payments team. Repeats twice, 15 minutes apart.");
  });
  test("times count from the page's start; one repeat, hand-overs, deleted targets", () => {
    const p = {
      levels: [
        { delay_minutes: 5, targets: [ana] },
        { delay_minutes: 10, targets: [{ type: "policy", id: 3, name: "Database" }] },
        { delay_minutes: 1, targets: [{ type: "team", id: 9, name: null }, { type: "user", id: 4, name: null }, { type: "team", id: 5, name: "SRE team" }] },
      ],
      repeat: 1,
      repeat_after_minutes: 1,
    };
    expect(policySummary(p)).toBe(
      "After 5 minutes: Ana. After 15 minutes: hand over to the Database policy. After 16 minutes: a deleted team (#9), a deleted person (#4) and the SRE team. Repeats once, 1 minute after the last level.",
    );
  });
  test("no repeat, no levels, three or more repeats", () => {
    expect(policySummary({ levels: [{ delay_minutes: 0, targets: [] }], repeat: 0, repeat_after_minutes: 30 })).toBe("At once: nobody yet. Does not repeat.");
    expect(policySummary({ levels: [], repeat: 0, repeat_after_minutes: 30 })).toBe("No levels yet: nobody is notified.");
    expect(policySummary({ levels: [{ delay_minutes: 0, targets: [ana] }], repeat: 3, repeat_after_minutes: 30 })).toBe("At once: Ana. Repeats 3 times, 30 minutes apart.");
  });
});

test("joinAnd and targetWords", () => {
  expect(joinAnd([])).toBe("");
  expect(joinAnd(["A"])).toBe("A");
  expect(joinAnd(["A", "B", "C"])).toBe("A, B and C");
  expect(targetWords({ type: "schedule", id: 2, name: null })).toBe("a deleted schedule (#2)");
});

function form(change: Partial<PolicyForm> = {}): PolicyForm {
  return { ...emptyPolicyForm(), name: "Payments", ...change };
}

describe("checkPolicy", () => {
  test("a good policy passes", () => {
    const f = form({ levels: [{ key: "a", delay: "0", targets: [{ type: "user", id: 1, name: "Ana" }] }] });
    expect(checkPolicy(f)).toEqual({});
  });
  test("mirrors the server's rules under its field names", () => {
    const f = form({
      name: " ",
      levels: [
        { key: "a", delay: "x", targets: [] },
        { key: "b", delay: "0", targets: [{ type: "policy", id: 4, name: "Me" }] },
      ],
      repeat: "12",
      repeatAfter: "30",
    });
    const errors = checkPolicy(f, 4);
    expect(Object.keys(errors)).toEqual(["name", "levels[0].delay_minutes", "levels[0].targets", "levels[1].delay_minutes", "levels[1].targets", "repeat"]);
    expect(errors["levels[1].targets"]).toBe("A policy cannot hand over to itself.");
    expect(errors["levels[1].delay_minutes"]).toMatch(/^At least 1 minute/);
  });
  test("minutes between passes matter only when it repeats", () => {
    const level = { key: "a", delay: "0", targets: [{ type: "user" as const, id: 1, name: "Ana" }] };
    expect(checkPolicy(form({ levels: [level], repeat: "0", repeatAfter: "" }))).toEqual({});
    expect(checkPolicy(form({ levels: [level], repeat: "2", repeatAfter: "0" }))).toHaveProperty("repeat_after_minutes");
  });
});

test("policyBody, policyForm and the live summary", () => {
  const f = form({ levels: [{ key: "a", delay: " 0 ", targets: [{ type: "schedule", id: 1, name: "Primary" }] }], repeat: "2", repeatAfter: "15" });
  expect(policyBody(f)).toEqual({ name: "Payments", levels: [{ delay_minutes: 0, targets: [{ type: "schedule", id: 1 }] }], repeat: 2, repeat_after_minutes: 15 });
  expect(formSummary(f)).toBe("At once: whoever is on call in Primary. Repeats twice, 15 minutes apart.");
  const back = policyForm({ id: 3, name: "P", levels: [{ delay_minutes: 0, targets: [{ type: "team", id: 2, name: "Payments" }] }], repeat: 1, repeat_after_minutes: 20 });
  expect(back.levels[0].targets).toEqual([{ type: "team", id: 2, name: "Payments" }]);
  expect([back.repeat, back.repeatAfter]).toEqual(["1", "20"]);
});

test("server fields land on the editor's fields; 409s are told apart", () => {
  expect(policyFieldOf("levels[1].targets[0].id")).toBe("levels[1].targets");
  expect(policyFieldOf("levels[0].delay_minutes")).toBe("levels[0].delay_minutes");
  expect(policyFieldOf("name")).toBe("name");
  expect(isNameConflict('an escalation policy named "Payments" already exists')).toBe(true);
  expect(isNameConflict("the policies would hand over to each other in a loop: A → B → A; remove one of the hand-overs")).toBe(false);
});

test("moveLevel and choicesFor", () => {
  expect(moveLevel(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
  expect(moveLevel(["a", "b"], 0, -1)).toEqual(["a", "b"]);
  const level = { key: "k", delay: "0", targets: [{ type: "policy" as const, id: 2, name: "B" }] };
  expect(choicesFor([{ id: 1 }, { id: 2 }, { id: 3 }], "policy", level, 1)).toEqual([{ id: 3 }]);
  expect(choicesFor([{ id: 1 }, { id: 2 }], "team", level, 1)).toEqual([{ id: 1 }, { id: 2 }]);
});
