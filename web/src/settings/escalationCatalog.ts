// What the escalation and response-rule editors choose from: schedules, teams, services (every
// page of each) and escalation policies, fetched when a section opens.
import { useCallback, useEffect, useState } from "react";
import { api } from "../api/client";
import type { components } from "../api/schema";
import type { Policy } from "./escalation";

export type ScheduleSummary = components["schemas"]["ScheduleSummary"];
export type Team = components["schemas"]["TeamDto"];
export type Service = components["schemas"]["ServiceDto"];

export interface ResponseCatalog {
  schedules: ScheduleSummary[];
  teams: Team[];
  services: Service[];
  policies: Policy[];
  loaded: boolean;
  /** Why something could not be fetched, for an alert. */
  error: string | null;
}

async function allPages<T>(fetchPage: (cursor?: string) => Promise<{ data?: { items: T[]; next_cursor?: string | null } }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 100; i++) {
    const { data } = await fetchPage(cursor);
    if (!data) throw new Error("not answered");
    out.push(...data.items);
    if (!data.next_cursor) break;
    cursor = data.next_cursor;
  }
  return out;
}

const withCursor = (limit: number, cursor?: string) => ({ params: { query: { limit, ...(cursor ? { cursor } : {}) } } });

export function useResponseCatalog(): ResponseCatalog & { reload: () => void } {
  const [catalog, setCatalog] = useState<ResponseCatalog>({ schedules: [], teams: [], services: [], policies: [], loaded: false, error: null });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    Promise.all([
      allPages((c) => api.GET("/api/v1/schedules", withCursor(200, c))),
      allPages((c) => api.GET("/api/v1/teams", withCursor(200, c))),
      allPages((c) => api.GET("/api/v1/services", withCursor(500, c))),
      api.GET("/api/v1/escalation-policies").then(({ data }) => {
        if (!data) throw new Error("not answered");
        return data;
      }),
    ]).then(
      ([schedules, teams, services, policies]) => live && setCatalog({ schedules, teams, services, policies, loaded: true, error: null }),
      () => live && setCatalog((c) => ({ ...c, loaded: true, error: "Schedules, teams, services or policies could not be loaded; reload the page to try again." })),
    );
    return () => {
      live = false;
    };
  }, [generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...catalog, reload };
}
