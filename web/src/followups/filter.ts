// The follow-ups page's filters as they live in the query string (shareable, kept on reload,
// back and forward) and as the API takes them. `view` picks whose follow-ups: mine (the default),
// my teams', the overdue ones, or all; `status` is `open` (the default), `all` or one status;
// `incident` a reference; `service` a service id. Defaults are left out of the address.
import { isFollowUpStatus, type FollowUpStatus } from "../followUpWords";

export type View = "mine" | "teams" | "overdue" | "all";
export const VIEWS: readonly View[] = ["mine", "teams", "overdue", "all"];
export const VIEW_LABELS: Record<View, string> = { mine: "Mine", teams: "My teams", overdue: "Overdue", all: "All" };

export type StatusFilter = "open" | "all" | FollowUpStatus;

export interface Filter {
  view: View;
  status: StatusFilter;
  /** "INC-42", or "" for every incident. */
  incident: string;
  /** A service id, or "" for every service. */
  service: string;
}

export const DEFAULT_FILTER: Filter = { view: "mine", status: "open", incident: "", service: "" };

/** "inc-42", "INC-42" or "42" as the reference "INC-42"; anything else as null. */
export function normalizeReference(text: string): string | null {
  const m = /^(?:inc-)?([1-9][0-9]{0,17})$/i.exec(text.trim());
  return m ? `INC-${m[1]}` : null;
}

/** The filter the address asks for; values the app does not know mean the default. */
export function parseFilter(search: URLSearchParams): Filter {
  const view = search.get("view") ?? "";
  const status = search.get("status") ?? "";
  const service = (search.get("service") ?? "").trim();
  return {
    view: (VIEWS as readonly string[]).includes(view) ? (view as View) : DEFAULT_FILTER.view,
    status: status === "all" || status === "open" || isFollowUpStatus(status) ? status : DEFAULT_FILTER.status,
    incident: normalizeReference(search.get("incident") ?? "") ?? "",
    service: /^[1-9][0-9]{0,17}$/.test(service) ? service : "",
  };
}

/** The page's address for a filter: `/follow-ups?view=overdue&incident=INC-42`, `/follow-ups` for the defaults. */
export function followUpsPath(filter: Filter): string {
  const params = new URLSearchParams();
  if (filter.view !== DEFAULT_FILTER.view) params.set("view", filter.view);
  if (filter.status !== DEFAULT_FILTER.status) params.set("status", filter.status);
  if (filter.incident) params.set("incident", filter.incident);
  if (filter.service) params.set("service", filter.service);
  const query = params.toString();
  return query ? `/follow-ups?${query}` : "/follow-ups";
}

/** Whether anything narrows the view beyond its defaults (then an empty list offers to widen it). */
export const narrowed = (f: Filter): boolean => f.status !== DEFAULT_FILTER.status || !!f.incident || !!f.service;

export interface FollowUpQuery {
  owner?: string;
  team?: string;
  overdue?: boolean;
  status?: string;
  incident?: string;
  service?: number;
}

/** The API's query for a filter. The default status (open) is the server's default too. */
export function apiQuery(f: Filter): FollowUpQuery {
  return {
    ...(f.view === "mine" ? { owner: "me" } : {}),
    ...(f.view === "teams" ? { team: "mine" } : {}),
    ...(f.view === "overdue" ? { overdue: true } : {}),
    ...(f.status !== "open" ? { status: f.status } : {}),
    ...(f.incident ? { incident: f.incident } : {}),
    ...(f.service && Number.isInteger(Number(f.service)) ? { service: Number(f.service) } : {}),
  };
}
