// List filters as they live in the query string (shareable, back/forward), and as the API takes
// them. Only the API's own parameters are ever sent: the server refuses unknown ones.
import type { Incident } from "../api/client";

export type Status = Incident["status"];
/** "" is any status; "open" and "past" group the lifecycle's two halves. */
export type StatusFilter = "" | "open" | "past" | Status;

export interface ListFilters {
  q: string;
  status: StatusFilter;
  severity: string;
  type: string;
  tag: string;
}

export const NO_FILTERS: ListFilters = { q: "", status: "", severity: "", type: "", tag: "" };

export const OPEN_STATUSES: Status[] = ["triage", "active", "mitigated"];
export const PAST_STATUSES: Status[] = ["resolved", "closed", "canceled"];
export const STATUS_FILTERS: StatusFilter[] = ["open", "past", ...OPEN_STATUSES, ...PAST_STATUSES];

const KEYS = ["q", "status", "severity", "type", "tag"] as const;

/** "#Payments " → "payments": how the server stores tags. */
export function normalizeTag(text: string): string {
  return text.trim().replace(/^#+/, "").toLowerCase();
}

/** Filters from a query string; unknown keys and statuses outside `statuses` are ignored. */
export function parseFilters(search: URLSearchParams, statuses: readonly StatusFilter[] = STATUS_FILTERS): ListFilters {
  const get = (key: string) => (search.get(key) ?? "").trim();
  const status = get("status") as StatusFilter;
  return {
    q: search.get("q") ?? "",
    status: statuses.includes(status) ? status : "",
    severity: get("severity"),
    type: get("type"),
    tag: normalizeTag(get("tag")),
  };
}

/** The query string for filters, in a fixed order and without empty ones ("" when none). */
export function serializeFilters(f: ListFilters): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = key === "q" ? f.q.trim() : f[key];
    if (value) params.set(key, value);
  }
  return params.toString();
}

/** `path?filters`, or just `path` without filters. */
export function filtersPath(path: string, f: ListFilters): string {
  const query = serializeFilters(f);
  return query ? `${path}?${query}` : path;
}

export function hasFilters(f: ListFilters, ignore: (keyof ListFilters)[] = []): boolean {
  return KEYS.some((key) => !ignore.includes(key) && (key === "q" ? f.q.trim() : f[key]) !== "");
}

/** The statuses a filter stands for; empty for any. */
export function statusesOf(status: StatusFilter): Status[] {
  if (status === "") return [];
  if (status === "open") return OPEN_STATUSES;
  if (status === "past") return PAST_STATUSES;
  return [status];
}

export interface IncidentQuery {
  q?: string;
  status?: string;
  severity?: string;
  type?: string;
  tag?: string;
  cursor?: string;
  limit?: number;
}

/** The GET /api/v1/incidents query for filters, one page. */
export function apiQuery(f: ListFilters, page: { cursor?: string | null; limit?: number } = {}): IncidentQuery {
  const query: IncidentQuery = {};
  if (f.q.trim()) query.q = f.q.trim();
  if (f.status) query.status = f.status === "open" ? "open" : statusesOf(f.status).join(",");
  if (f.severity) query.severity = f.severity;
  if (f.type) query.type = f.type;
  if (f.tag) query.tag = f.tag;
  if (page.cursor) query.cursor = page.cursor;
  if (page.limit) query.limit = page.limit;
  return query;
}

/** Whether an incident passes the filters, for lists filtered in the browser (the dashboard). */
export function matchesFilters(i: Incident, f: ListFilters): boolean {
  const statuses = statusesOf(f.status);
  if (statuses.length && !statuses.includes(i.status)) return false;
  if (f.severity && !f.severity.split(",").includes(i.severity)) return false;
  if (f.type && i.type !== f.type) return false;
  if (f.tag && !i.tags.includes(f.tag)) return false;
  const q = f.q.trim().toLowerCase();
  if (q && !`${i.title}\n${i.summary ?? ""}`.toLowerCase().includes(q)) return false;
  return true;
}
