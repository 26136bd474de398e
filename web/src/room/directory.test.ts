import { describe, expect, it } from "vitest";
import type { User } from "../api/client";
import { mentionAt, searchPeople } from "./directory";

const user = (id: number, name: string, email: string) => ({ id, name, email, role: "member", active: true, created_at: "2026-11-25T12:00:00Z" }) as User;
const people = [user(1, "Ana Souza", "ana@corp.test"), user(2, "Bo Li", "bo@corp.test"), user(3, "Zoë Brandt", "zoe@corp.test"), user(4, "Jo Abbott", "jabbott@corp.test")];
const names = (query: string) => searchPeople(people, query).map((p) => p.name);

describe("searchPeople", () => {
  it("matches names and emails, best matches first", () => {
    expect(names("bo")).toEqual(["Bo Li", "Jo Abbott"]);
    expect(names("li")).toEqual(["Bo Li"]);
    expect(names("BRANDT")).toEqual(["Zoë Brandt"]);
    expect(names("zoe")).toEqual(["Zoë Brandt"]);
    expect(names("@ana")).toEqual(["Ana Souza"]);
    expect(names("nobody")).toEqual([]);
  });

  it("offers everyone (up to the limit) before anything is typed", () => {
    expect(searchPeople(people, "", 2)).toHaveLength(2);
  });
});

describe("mentionAt", () => {
  it("finds the handle being typed before the caret", () => {
    expect(mentionAt("thanks @b", 9)).toEqual({ start: 7, query: "b" });
    expect(mentionAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionAt("(@ana.s", 7)).toEqual({ start: 1, query: "ana.s" });
  });

  it("ignores email addresses and finished mentions", () => {
    expect(mentionAt("mail bo@corp", 12)).toBeNull();
    expect(mentionAt("thanks @bo ", 11)).toBeNull();
    expect(mentionAt("no mention", 10)).toBeNull();
  });
});
