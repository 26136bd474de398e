// The company directory: everyone (active or not: old timelines still name the deactivated), for
// pickers, @mentions and names in sentences. One query shared by every component that asks;
// adding or changing a user invalidates it.
import { queryOptions, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { api, type User } from "./client";
import { allItems } from "./cursor";
import { unwrap } from "./errors";
import type { Mentions } from "../markdown";

export const peopleKey = ["people"] as const;

export const peopleQuery = queryOptions({
  queryKey: peopleKey,
  queryFn: ({ signal }) => allItems((cursor) => unwrap(api.GET("/api/v1/users", { params: { query: { limit: 500, ...(cursor ? { cursor } : {}) } }, signal })), signal),
  staleTime: 60_000,
});

export const usePeopleQuery = () => useQuery(peopleQuery);

export interface Directory {
  /** Everyone; empty until loaded (then `query` says how it went). */
  everyone: User[];
  /** Active users, for pickers: the deactivated can no longer be given anything. */
  active: User[];
  names: ReadonlyMap<number, string>;
  mentions: Mentions;
  query: ReturnType<typeof usePeopleQuery>;
}

/** The directory in the shapes pages need. Until it arrives, names fall back to ids. */
export function useDirectory(): Directory {
  const query = usePeopleQuery();
  const people = query.data;
  const shapes = useMemo(() => {
    const everyone = people ?? [];
    const mentions = new Map<string, { name: string }>();
    // Two people may share a local part on different domains; the first keeps the handle.
    for (const p of everyone) if (!mentions.has(handleOf(p))) mentions.set(handleOf(p), { name: p.name });
    return { everyone, active: everyone.filter((p) => p.active), names: new Map(everyone.map((p) => [p.id, p.name])), mentions };
  }, [people]);
  return { ...shapes, query };
}

/** The handle a user is mentioned by: the part of the email before the @ (`@ana`). */
export function handleOf(user: Pick<User, "email">): string {
  return user.email.split("@")[0].toLowerCase();
}
