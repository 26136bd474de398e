// Lists the on-call, teams and services pages read whole: the API pages them by cursor, and a
// company has tens of schedules or teams, not thousands, so every page is fetched.
import type { components } from "../api/schema";
import { api, describeProblem } from "../api/client";
import { sentence } from "../components/forms";

export type ScheduleSummary = components["schemas"]["ScheduleSummary"];
export type Team = components["schemas"]["TeamDto"];
export type Service = components["schemas"]["ServiceDto"];
export type Policy = components["schemas"]["PolicyDto"];

interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

/** Every item of a cursor-paged list; throws the problem when a page fails. */
export async function fetchAll<T>(get: (cursor: string | undefined) => Promise<{ data?: Page<T>; error?: unknown }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 100; i++) {
    const { data, error } = await get(cursor);
    if (!data) throw error ?? new Error("no answer");
    items.push(...data.items);
    if (!data.next_cursor) break;
    cursor = data.next_cursor;
  }
  return items;
}

export const allSchedules = () => fetchAll<ScheduleSummary>((cursor) => api.GET("/api/v1/schedules", { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } }));
export const allTeams = () => fetchAll<Team>((cursor) => api.GET("/api/v1/teams", { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } }));
export const allServices = () => fetchAll<Service>((cursor) => api.GET("/api/v1/services", { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } }));
export async function allPolicies(): Promise<Policy[]> {
  const { data, error } = await api.GET("/api/v1/escalation-policies");
  if (!data) throw error;
  return data;
}

/** A problem+json answer as one sentence, capitalised (the server writes details to follow a name). */
export function problemText(error: unknown): string {
  return sentence(describeProblem(error));
}
