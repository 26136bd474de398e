// The company directory, for role pickers and @mentions: fetched once per page load (all pages of
// /api/v1/users), shared by every component that asks.
import { useEffect, useState } from "react";
import { api, type User } from "./api/client";

let directory: Promise<User[]> | null = null;

async function fetchAll(): Promise<User[]> {
  const people: User[] = [];
  let cursor: string | undefined;
  for (;;) {
    const { data } = await api.GET("/api/v1/users", { params: { query: { limit: 500, ...(cursor ? { cursor } : {}) } } });
    if (!data) break;
    people.push(...data.items);
    if (!data.next_cursor) break;
    cursor = data.next_cursor;
  }
  return people;
}

/** Everyone (active or not: old timelines still name the deactivated). */
export function usePeople(): User[] {
  const [people, setPeople] = useState<User[]>([]);
  useEffect(() => {
    let live = true;
    directory ??= fetchAll();
    directory.then((p) => live && setPeople(p));
    return () => {
      live = false;
    };
  }, []);
  return people;
}

/** Forgets the directory, after an admin adds or changes someone. */
export function reloadPeople() {
  directory = null;
}

/** The handle a user is mentioned by: the part of the email before the @ (`@ana`). */
export function handleOf(user: Pick<User, "email">): string {
  return user.email.split("@")[0].toLowerCase();
}
