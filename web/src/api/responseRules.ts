// The response rules as the server lists them, shared by the pages that read them: the rules
// settings (which edit them, settings/api/responseRules.ts) and the Teams page (which says which
// teams the rules are waiting for). One cache key, so both always agree.
import { useQuery } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import type { components } from "./schema";

export const responseRulesKey = ["response-rules"] as const;

export type ResponseRuleDto = components["schemas"]["ResponseRuleDto"];

/** Every rule, in order (admins only). */
export const fetchResponseRules = (signal?: AbortSignal) => unwrap(api.GET("/api/v1/response-rules", { signal }));

/** The team names enabled rules would page or inform but that do not exist yet, each once, in
 * the order the rules name them. */
export function awaitedTeams(rules: readonly ResponseRuleDto[]): { page: string[]; inform: string[] } {
  const page = new Set<string>();
  const inform = new Set<string>();
  for (const r of rules) {
    if (!r.enabled) continue;
    r.then.awaiting_teams.page.forEach((n) => page.add(n));
    r.then.awaiting_teams.inform.forEach((n) => inform.add(n));
  }
  return { page: [...page], inform: [...inform].filter((n) => !page.has(n)) };
}

/** What enabled rules are waiting for (see `awaitedTeams`); asked for only when `enabled`
 * (admins: others may not read the rules). */
export function useAwaitedTeams(enabled: boolean) {
  const rules = useQuery({ queryKey: responseRulesKey, queryFn: ({ signal }) => fetchResponseRules(signal), enabled });
  return rules.data ? awaitedTeams(rules.data) : null;
}
