// The learning policy as the settings form edits it, the pure part: the form's shape (rules and
// steps carry ids of their own, so an error stays with its rule or step whatever is added, moved
// or removed after it was sent), the checks made before sending, and the server's 422 paths
// (`rules[0].steps[1].owner_role`) placed on what was sent.
import type { LearningPolicy, PolicyStep, Step } from "../api/learning";
import { collect, sentence, type FieldErrors } from "../components/forms";
import { STEPS, stepLabel } from "../learningWords";

export interface StepRow {
  uid: number;
  step: Step;
  ownerRole: string;
  /** As the input holds it. */
  days: string;
}

export interface RuleRow {
  uid: number;
  name: string;
  severities: string[];
  types: string[];
  steps: StepRow[];
}

export const LIMITS = { rules: 20, name: 80, minDays: 1, maxDays: 60 } as const;

let next = 1;
const uid = () => next++;

/** A new step: the first the rule does not have yet, owned by the incident manager, 5 business days. */
export function emptyStep(rule: RuleRow | null, defaultRole: string): StepRow {
  const taken = new Set(rule?.steps.map((s) => s.step));
  return { uid: uid(), step: STEPS.find((s) => !taken.has(s)) ?? "drafted", ownerRole: defaultRole, days: "5" };
}

export function emptyRule(defaultRole: string): RuleRow {
  return { uid: uid(), name: "", severities: [], types: [], steps: [emptyStep(null, defaultRole)] };
}

export function policyForm(p: LearningPolicy): RuleRow[] {
  return p.rules.map((r) => ({
    uid: uid(),
    name: r.name,
    severities: [...(r.severities ?? [])],
    types: [...(r.types ?? [])],
    steps: r.steps.map((s) => ({ uid: uid(), step: s.step, ownerRole: s.owner_role, days: String(s.due_business_days) })),
  }));
}

/** The PUT body. `customized` is the server's to say; it is sent back as read, because the
 * contract types the body as the whole policy. */
export function policyBody(rules: RuleRow[], customized: boolean): LearningPolicy {
  return {
    rules: rules.map((r) => ({
      name: r.name.trim(),
      severities: r.severities,
      types: r.types,
      steps: r.steps.map((s): PolicyStep => ({ step: s.step, owner_role: s.ownerRole, due_business_days: Number(s.days.trim()) })),
    })),
    customized,
  };
}

/** The list with row `index` moved by `delta` (-1 up, +1 down); unchanged past either end. */
export function move<T>(rows: readonly T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta;
  if (index < 0 || index >= rows.length || to < 0 || to >= rows.length) return [...rows];
  const copy = [...rows];
  [copy[index], copy[to]] = [copy[to], copy[index]];
  return copy;
}

/** Where an error shows: a rule's fields and a step's by their ids; `rules` for the list itself. */
export const ruleField = (rule: number, field: "name" | "severities" | "types" | "steps") => `rule-${rule}.${field}`;
export const stepField = (step: number, field: "step" | "owner_role" | "due_business_days") => `step-${step}.${field}`;

/** The server's checks that need nothing but the form, so a mistake is explained before sending. */
export function checkPolicy(rules: RuleRow[], roleKeys: readonly string[]): FieldErrors {
  const checks: Record<string, string | null> = {
    rules: rules.length > LIMITS.rules ? `At most ${LIMITS.rules} rules are accepted.` : null,
  };
  for (const r of rules) {
    const length = [...r.name.trim()].length;
    checks[ruleField(r.uid, "name")] = length === 0 ? "Enter a name, such as SEV0-2 incidents." : length > LIMITS.name ? `This is ${length} characters long; at most ${LIMITS.name} are accepted.` : null;
    const twice = r.steps.map((s) => s.step).filter((s, i, all) => all.indexOf(s) !== i);
    checks[ruleField(r.uid, "steps")] =
      r.steps.length === 0 ? "Add at least one step." : twice.length ? `${stepLabel(twice[0])} is listed twice; keep one.` : null;
    for (const s of r.steps) {
      const days = s.days.trim();
      checks[stepField(s.uid, "due_business_days")] =
        /^\d+$/.test(days) && Number(days) >= LIMITS.minDays && Number(days) <= LIMITS.maxDays ? null : `Enter a whole number of business days from ${LIMITS.minDays} to ${LIMITS.maxDays}.`;
      // A role deleted since the policy was saved: the server would refuse it.
      checks[stepField(s.uid, "owner_role")] = roleKeys.includes(s.ownerRole) ? null : "Choose a role.";
    }
  }
  return collect(checks);
}

/** A 422's errors placed on the rules as they were sent: `rules[0].steps[1].owner_role` on that
 * step's role, `rules[0].severities[2]` on the rule's severities, `rules[1].steps` on its steps;
 * what names nothing the form shows (or a refusal with no fields) becomes the message. */
export function placePolicyErrors(error: unknown, sent: RuleRow[]): { fields: FieldErrors; message: string | null } {
  const problem = (error ?? {}) as { detail?: string; errors?: { field: string; message: string }[] };
  const fields: FieldErrors = {};
  const other: string[] = [];
  const put = (key: string, message: string) => {
    fields[key] ??= sentence(message);
  };
  for (const e of problem.errors ?? []) {
    // An error about a whole step (no field named) shows beside its step choice.
    const step = /^rules\[(\d+)\]\.steps\[(\d+)\](?:\.(step|owner_role|due_business_days))?$/.exec(e.field);
    const rule = /^rules\[(\d+)\]\.(name|severities|types|steps)(?:\[\d+\])?$/.exec(e.field);
    const s = step ? sent[Number(step[1])]?.steps[Number(step[2])] : undefined;
    const r = rule ? sent[Number(rule[1])] : undefined;
    if (step && s) put(stepField(s.uid, (step[3] ?? "step") as "step"), e.message);
    else if (rule && r) put(ruleField(r.uid, rule[2] as "name"), e.message);
    else if (e.field === "rules" || /^rules\[\d+\]$/.test(e.field)) put("rules", e.message);
    else other.push(`${e.field}: ${e.message}`);
  }
  if (other.length) return { fields, message: other.join("; ") };
  if (Object.keys(fields).length) return { fields, message: null };
  return { fields, message: problem.detail ?? "Something went wrong; try again." };
}
