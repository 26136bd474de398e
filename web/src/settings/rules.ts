// Response rules, the pure part: the wire shape (the OpenAPI document names the notification rule
// and the response rule alike, so the generated type is the wrong one), the editor's form and
// checks, and each rule as one sentence.
import { collect, type FieldErrors } from "../components/forms";
import { joinAnd, teamWords } from "./escalation";

export interface ResponseRule {
  id: number;
  name: string;
  enabled: boolean;
  when: { types: string[]; min_severity: string | null; services: number[]; tags: string[] };
  then: {
    page_teams: number[];
    responders: number[];
    inform_teams: number[];
    inform_users: number[];
    make_private: boolean;
    /** Teams named before they exist (the starter rule's Security, Legal and PR): each becomes the team once one of that name is created. */
    awaiting_teams?: { page: string[]; inform: string[] };
    /** How urgent its pages are; high when absent. */
    urgency?: Urgency | null;
  };
}

export type Urgency = "high" | "low";

export interface RuleForm {
  name: string;
  enabled: boolean;
  types: string[];
  minSeverity: string;
  services: number[];
  tags: string;
  pageTeams: number[];
  responders: number[];
  informTeams: number[];
  informUsers: number[];
  makePrivate: boolean;
  awaitingPage: string[];
  awaitingInform: string[];
  urgency: Urgency;
}

/** Names by id (or key), to put rules into words. */
export interface RuleNames {
  types: ReadonlyMap<string, string>;
  teams: ReadonlyMap<number, string>;
  users: ReadonlyMap<number, string>;
  services: ReadonlyMap<number, string>;
}

export const RULE_LABELS: Record<string, string> = {
  name: "Name",
  "when.types": "Types",
  "when.min_severity": "Minimum severity",
  "when.services": "Services",
  "when.tags": "Tags",
  "then.page_teams": "Page teams",
  "then.responders": "Responders",
  "then.inform_teams": "Inform teams",
  "then.inform_users": "Inform people",
  then: "What it does",
};

export const emptyRuleForm = (): RuleForm => ({
  name: "",
  enabled: true,
  types: [],
  minSeverity: "",
  services: [],
  tags: "",
  pageTeams: [],
  responders: [],
  informTeams: [],
  informUsers: [],
  makePrivate: false,
  awaitingPage: [],
  awaitingInform: [],
  urgency: "high",
});

export function ruleForm(r: ResponseRule): RuleForm {
  return {
    name: r.name,
    enabled: r.enabled,
    types: [...r.when.types],
    minSeverity: r.when.min_severity ?? "",
    services: [...r.when.services],
    tags: r.when.tags.map((t) => `#${t}`).join(" "),
    pageTeams: [...r.then.page_teams],
    responders: [...r.then.responders],
    informTeams: [...r.then.inform_teams],
    informUsers: [...r.then.inform_users],
    makePrivate: r.then.make_private,
    awaitingPage: [...(r.then.awaiting_teams?.page ?? [])],
    awaitingInform: [...(r.then.awaiting_teams?.inform ?? [])],
    urgency: r.then.urgency === "low" ? "low" : "high",
  };
}

/** "#db, eu  #Payments" → ["db", "eu", "payments"]: commas or spaces between, `#` optional. */
export function parseTags(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[\s,]+/)) {
    const tag = raw.replace(/^#+/, "").trim().toLowerCase();
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out;
}

export function ruleBody(form: RuleForm) {
  return {
    name: form.name.trim(),
    enabled: form.enabled,
    when: { types: form.types, min_severity: form.minSeverity || null, services: form.services, tags: parseTags(form.tags) },
    then: {
      page_teams: form.pageTeams,
      responders: form.responders,
      inform_teams: form.informTeams,
      inform_users: form.informUsers,
      make_private: form.makePrivate,
      awaiting_teams: { page: form.awaitingPage, inform: form.awaitingInform },
      urgency: form.urgency,
    },
  };
}

/** The server's checks that need no catalog: a name, and something to do. */
export function checkRule(form: RuleForm): FieldErrors {
  const name = form.name.trim();
  const length = [...name].length;
  const pages = form.pageTeams.length + form.responders.length + form.awaitingPage.length > 0;
  const doesNothing = !pages && !form.informTeams.length && !form.informUsers.length && !form.awaitingInform.length && !form.makePrivate;
  return collect({
    name: !name ? "Enter a name, such as Security incidents." : length > 100 ? `This is ${length} characters long; at most 100 are accepted.` : null,
    then: doesNothing ? "Choose at least one thing to do: page a team, add responders, inform someone or make the incident private." : null,
  });
}

/** Where a server field error belongs in the editor: `then.page_teams[1]` → `then.page_teams`. */
export function ruleFieldOf(field: string): string {
  return field.replace(/\[\d+\].*$/, "");
}

const or = (items: readonly string[]) => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`);
const nameOr = <K>(map: ReadonlyMap<K, string>, key: K, what: string) => map.get(key) ?? `a deleted ${what} (#${String(key)})`;

/** "the Security team", "the Legal and PR teams". */
export function teamsWords(names: readonly string[]): string {
  if (names.length === 1) return teamWords(names[0]);
  return `the ${joinAnd(names)} teams`;
}

/** When the rule applies, in words: "type is Security and severity is SEV2 or worse"; null for every incident. */
export function conditionWords(when: ResponseRule["when"], names: RuleNames): string | null {
  const parts: string[] = [];
  if (when.types.length) parts.push(`type is ${or(when.types.map((t) => names.types.get(t) ?? t))}`);
  if (when.min_severity) parts.push(`severity is ${when.min_severity} or worse`);
  if (when.services.length) parts.push(`service is ${or(when.services.map((s) => nameOr(names.services, s, "service")))}`);
  if (when.tags.length) parts.push(`tagged ${or(when.tags.map((t) => `#${t}`))}`);
  return parts.length ? parts.join(" and ") : null;
}

/** What the rule does, in words: ["page the Security team", "inform the Legal and PR teams", "make it private"]. */
export function actionWords(then: ResponseRule["then"], names: RuleNames): string[] {
  const teamNames = (ids: number[]) => ids.map((id) => names.teams.get(id) ?? `#${id} (deleted)`);
  const people = (ids: number[]) => ids.map((id) => nameOr(names.users, id, "person"));
  const awaited = (list: string[] | undefined) => (list?.length ? [`${teamsWords(list)} once ${list.length === 1 ? "it exists" : "they exist"}`] : []);
  const out: string[] = [];
  const paged = [...(then.page_teams.length ? [teamsWords(teamNames(then.page_teams))] : []), ...awaited(then.awaiting_teams?.page)];
  if (paged.length) out.push(`page ${joinAnd(paged)}`);
  if (then.responders.length) out.push(`add ${joinAnd(people(then.responders))} as ${then.responders.length === 1 ? "a responder" : "responders"}`);
  if (then.urgency === "low" && (paged.length || then.responders.length)) out.push("at low urgency");
  const informed = [...(then.inform_teams.length ? [teamsWords(teamNames(then.inform_teams))] : []), ...awaited(then.awaiting_teams?.inform), ...people(then.inform_users)];
  if (informed.length) out.push(`inform ${joinAnd(informed)}`);
  if (then.make_private) out.push("make it private");
  return out;
}

/** "When type is Security: page the Security team, inform the Legal and PR teams, make it private." */
export function ruleSentence(rule: Pick<ResponseRule, "when" | "then">, names: RuleNames): string {
  const when = conditionWords(rule.when, names);
  const actions = actionWords(rule.then, names);
  const head = when ? `When ${when}` : "For every incident";
  return `${head}: ${actions.length ? actions.join(", ") : "nothing"}.`;
}

/** Toggles an item in a list (a checkbox in a group). */
export function toggle<T>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? (list.includes(item) ? [...list] : [...list, item]) : list.filter((x) => x !== item);
}

/** What an enabled rule cannot do yet because the teams it names by name do not exist, said as
 * a warning on its card: "Until teams named Security and Legal exist, matching incidents page
 * nobody through this rule and inform nobody of those teams." Null when it waits for nothing. */
export function awaitedWarning(rule: Pick<ResponseRule, "enabled" | "then">): string | null {
  const page = rule.then.awaiting_teams?.page ?? [];
  const inform = rule.then.awaiting_teams?.inform ?? [];
  if (!rule.enabled || (!page.length && !inform.length)) return null;
  const all = [...page, ...inform];
  const named = `${all.length === 1 ? "a team" : "teams"} named ${joinAnd(all)} ${all.length === 1 ? "exists" : "exist"}`;
  const cannot = [...(page.length ? [`cannot page ${joinAnd(page)}`] : []), ...(inform.length ? [`cannot inform ${joinAnd(inform)}`] : [])];
  return `Until ${named}, this rule ${cannot.join(" and ")}: matching incidents say so in their room. Create ${all.length === 1 ? "it" : "them"} on the Teams page.`;
}
