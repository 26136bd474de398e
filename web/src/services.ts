// The service catalog, fetched once per page load (every page), for the declare form and rooms.
import { useEffect, useState } from "react";
import { api } from "./api/client";
import type { components } from "./api/schema";

export type Service = components["schemas"]["ServiceList"]["items"][number];

let catalog: Promise<Service[]> | null = null;

async function fetchAll(): Promise<Service[]> {
  const all: Service[] = [];
  let cursor: string | undefined;
  for (;;) {
    const { data } = await api.GET("/api/v1/services", { params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } } });
    if (!data) break;
    all.push(...data.items);
    if (!data.next_cursor) break;
    cursor = data.next_cursor;
  }
  return all.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every service, by name. */
export function useServices(): Service[] {
  const [services, setServices] = useState<Service[]>([]);
  useEffect(() => {
    let live = true;
    catalog ??= fetchAll();
    catalog.then((s) => live && setServices(s));
    return () => {
      live = false;
    };
  }, []);
  return services;
}
