// The Alerts page's filters and open group, read from and written to the query string.
import type { GroupFilter } from "./api/alerts";

export const STATUSES = [
  { value: "open", label: "Open" },
  { value: "acknowledged", label: "Acknowledged" },
  { value: "resolved", label: "Resolved" },
] as const;

const positive = (text: string | null) => (text && /^[1-9][0-9]*$/.test(text) ? Number(text) : null);

/** `?status=open&integration=3&group=12`; unknown values are ignored. */
export function readFilter(search: URLSearchParams): { filter: GroupFilter; group: number | null } {
  const status = search.get("status");
  const integration = positive(search.get("integration"));
  const filter: GroupFilter = {};
  if (status && STATUSES.some((s) => s.value === status)) filter.status = status;
  if (integration) filter.integration_id = integration;
  return { filter, group: positive(search.get("group")) };
}

/** The query string with one parameter set (or removed, for null), "" when none is left. */
export function withParam(search: URLSearchParams, key: string, value: string | null): string {
  const next = new URLSearchParams(search);
  if (value === null) next.delete(key);
  else next.set(key, value);
  const text = next.toString();
  return text ? `?${text}` : "";
}
