// Escalation policies, the pure part: the editor's form and its checks (mirroring the server's),
// the request body, and the plain-language summary shown in the list and beside the editor.
import type { components } from "../api/schema";
import { collect, type FieldErrors } from "../components/forms";

export type Policy = components["schemas"]["PolicyDto"];
export type TargetKind = "user" | "schedule" | "team" | "policy";
/** A target in the editor: the id and, for the summary, the name as last known. */
export interface TargetForm {
  type: TargetKind;
  id: number;
  name: string | null;
}
export interface LevelForm {
  /** Stable across reordering, for React keys and focus. */
  key: string;
  delay: string;
  targets: TargetForm[];
}
export interface PolicyForm {
  name: string;
  levels: LevelForm[];
  repeat: string;
  repeatAfter: string;
}

export const MAX_LEVELS = 10;
export const TARGET_KINDS: { kind: TargetKind; label: string }[] = [
  { kind: "user", label: "A person" },
  { kind: "schedule", label: "A schedule's on-call" },
  { kind: "team", label: "A team's on-call" },
  { kind: "policy", label: "Hand over to a policy" },
];

let nextKey = 0;
export const levelKey = () => `level-${++nextKey}`;

export function emptyPolicyForm(): PolicyForm {
  return { name: "", levels: [{ key: levelKey(), delay: "0", targets: [] }], repeat: "0", repeatAfter: "30" };
}

export function policyForm(p: Policy): PolicyForm {
  return {
    name: p.name,
    levels: p.levels.map((l) => ({ key: levelKey(), delay: String(l.delay_minutes), targets: l.targets.map((t) => ({ type: t.type as TargetKind, id: t.id, name: t.name ?? null })) })),
    repeat: String(p.repeat),
    repeatAfter: String(p.repeat_after_minutes),
  };
}

const whole = (s: string) => (/^\s*\d+\s*$/.test(s) ? Number(s) : NaN);

/** The same rules the server applies, by the server's field names, so its answers land in the same places. */
export function checkPolicy(form: PolicyForm, selfId?: number): FieldErrors {
  const checks: Record<string, string | null> = {};
  const name = form.name.trim();
  checks.name = !name ? "Enter a name, such as Payments." : [...name].length > 100 ? `This is ${[...name].length} characters long; at most 100 are accepted.` : null;
  if (!form.levels.length) checks.levels = "Add at least one level.";
  if (form.levels.length > MAX_LEVELS) checks.levels = `At most ${MAX_LEVELS} levels.`;
  form.levels.forEach((l, i) => {
    const d = whole(l.delay);
    let delay: string | null = null;
    if (Number.isNaN(d) || d > 1440) delay = "Enter whole minutes, 0 to 1,440.";
    else if (i > 0 && d < 1) delay = "At least 1 minute: a level after the first gives the one before a chance to acknowledge.";
    checks[`levels[${i}].delay_minutes`] = delay;
    let targets: string | null = null;
    if (!l.targets.length) targets = "Add at least one person, schedule, team or policy.";
    else if (selfId !== undefined && l.targets.some((t) => t.type === "policy" && t.id === selfId)) targets = "A policy cannot hand over to itself.";
    checks[`levels[${i}].targets`] = targets;
  });
  const repeat = whole(form.repeat);
  checks.repeat = Number.isNaN(repeat) || repeat > 9 ? "Enter 0 to 9." : null;
  const after = whole(form.repeatAfter);
  checks.repeat_after_minutes = repeat > 0 && (Number.isNaN(after) || after < 1 || after > 1440) ? "Enter 1 to 1,440 minutes when the policy repeats." : null;
  return collect(checks);
}

export function policyBody(form: PolicyForm) {
  const repeat = whole(form.repeat) || 0;
  return {
    name: form.name.trim(),
    levels: form.levels.map((l) => ({ delay_minutes: whole(l.delay), targets: l.targets.map((t) => ({ type: t.type, id: t.id })) })),
    repeat,
    repeat_after_minutes: whole(form.repeatAfter) || 30,
  };
}

/** Where a server field error belongs in the editor: `levels[1].targets[0].id` → `levels[1].targets`. */
export function policyFieldOf(field: string): string {
  const level = /^(levels\[\d+\]\.(?:delay_minutes|targets))/.exec(field);
  return level ? level[1] : field;
}

/** "A, B and C". */
export function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

export const minutes = (n: number) => (n === 1 ? "1 minute" : `${n} minutes`);
const times = (n: number) => (n === 1 ? "once" : n === 2 ? "twice" : `${n} times`);

/** "the Payments team" (and not "the Payments team team"). */
export function teamWords(name: string): string {
  return /\bteam$/i.test(name.trim()) ? `the ${name}` : `the ${name} team`;
}

/** A target in words: "Ana", "whoever is on call in Primary", "the Payments team", "the Database policy". */
export function targetWords(t: { type: string; id: number; name?: string | null }): string {
  const name = t.name ?? null;
  switch (t.type) {
    case "user":
      return name ?? `a deleted person (#${t.id})`;
    case "schedule":
      return name ? `whoever is on call in ${name}` : `a deleted schedule (#${t.id})`;
    case "team":
      return name ? teamWords(name) : `a deleted team (#${t.id})`;
    case "policy":
      return name ? `hand over to the ${name} policy` : `a deleted policy (#${t.id})`;
    default:
      return `${t.type} #${t.id}`;
  }
}

/** "At once: whoever is on call in Primary. After 10 minutes: Ana and the Payments team. Repeats
 * twice, 15 minutes apart." Times count from when the page starts. */
export function policySummary(p: { levels: { delay_minutes: number; targets: { type: string; id: number; name?: string | null }[] }[]; repeat: number; repeat_after_minutes: number }): string {
  if (!p.levels.length) return "No levels yet: nobody is notified.";
  let at = 0;
  const sentences = p.levels.map((l) => {
    at += Math.max(0, l.delay_minutes || 0);
    const when = at === 0 ? "At once" : `After ${minutes(at)}`;
    const who = l.targets.length ? joinAnd(l.targets.map(targetWords)) : "nobody yet";
    return `${when}: ${who}.`;
  });
  if (p.repeat > 0) {
    const gap = minutes(p.repeat_after_minutes);
    sentences.push(p.repeat === 1 ? `Repeats once, ${gap} after the last level.` : `Repeats ${times(p.repeat)}, ${gap} apart.`);
  } else {
    sentences.push("Does not repeat.");
  }
  return sentences.join(" ");
}

/** The summary of what the editor holds now, before it is saved. */
export function formSummary(form: PolicyForm): string {
  const b = policyBody(form);
  return policySummary({
    levels: form.levels.map((l, i) => ({ delay_minutes: Number.isNaN(b.levels[i].delay_minutes) ? 0 : b.levels[i].delay_minutes, targets: l.targets })),
    repeat: b.repeat,
    repeat_after_minutes: b.repeat_after_minutes,
  });
}

/** A level moved up or down by one, or the same list when it cannot move. */
export function moveLevel<T>(levels: readonly T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (to < 0 || to >= levels.length) return [...levels];
  const next = [...levels];
  [next[from], next[to]] = [next[to], next[from]];
  return next;
}

/** What a level can still add of one kind: not what it already has, and never the policy itself. */
export function choicesFor<T extends { id: number }>(items: readonly T[], kind: TargetKind, level: LevelForm, selfId: number | undefined): T[] {
  return items.filter((x) => !(kind === "policy" && x.id === selfId) && !level.targets.some((t) => t.type === kind && t.id === x.id));
}

/** Whether a 409 is about the name (shown beside it) rather than a hand-over loop (shown above the form). */
export function isNameConflict(detail: string | undefined): boolean {
  return !!detail && /already exists/i.test(detail) && !/loop/i.test(detail);
}
