import { describe, expect, it } from "vitest";
import type { User } from "../api/client";
import { aRole, checkNewUser, mergeUsers, newUserBody, passwordProblem, sortUsers, userControls, type NewUserForm } from "./users";

const form = (f: Partial<NewUserForm> = {}): NewUserForm => ({ email: "bo@example.com", name: "Bo", role: "member", password: "", ...f });
const user = (id: number, name: string, f: Partial<User> = {}): User => ({ id, name, email: `${name.toLowerCase()}@example.com`, role: "member", active: true, created_at: "2026-11-01T10:00:00Z", ...f });

describe("checkNewUser", () => {
  it("accepts a complete form, with or without a password", () => {
    expect(checkNewUser(form())).toEqual({});
    expect(checkNewUser(form({ password: "0123456789" }))).toEqual({});
  });

  it("explains each missing or malformed field", () => {
    const errors = checkNewUser({ email: "bo@example", name: " ", role: "", password: "short" });
    expect(Object.keys(errors)).toEqual(["email", "name", "role", "password"]);
    expect(errors.email).toBe("Enter an email address like ana@example.com.");
    expect(errors.password).toBe("Use at least 10 characters (this has 5), or leave it empty.");
    expect(checkNewUser(form({ email: "" })).email).toBe("Enter their email address.");
  });

  it.each(["bo", "@example.com", "bo@.example.com", "bo@example.com.", "b o@example.com", "bo@ex@ample.com"])("refuses %s as an email", (email) => {
    expect(checkNewUser(form({ email })).email).toBeDefined();
  });
});

describe("newUserBody", () => {
  it("trims and leaves out an empty password", () => {
    expect(newUserBody(form({ email: " bo@example.com ", name: " Bo " }))).toEqual({ email: "bo@example.com", name: "Bo", role: "member" });
    expect(newUserBody(form({ password: "0123456789" })).password).toBe("0123456789");
  });
});

describe("userControls", () => {
  const me = { id: 1 };
  it("offers nothing on your own row", () => {
    expect(userControls({ id: 1, active: true }, me)).toEqual({ changeRole: false, deactivate: false, reactivate: false });
  });
  it("offers a role change and deactivation for the active, reactivation for the others", () => {
    expect(userControls({ id: 2, active: true }, me)).toEqual({ changeRole: true, deactivate: true, reactivate: false });
    expect(userControls({ id: 2, active: false }, me)).toEqual({ changeRole: false, deactivate: false, reactivate: true });
  });
});

describe("sortUsers and mergeUsers", () => {
  it("sorts by name whatever the state, and merges pages by id", () => {
    const shown = [user(3, "Cy"), user(1, "Ana")];
    const merged = mergeUsers(shown, [user(2, "Bo", { active: false }), user(3, "Cy", { role: "viewer" })]);
    expect(sortUsers(merged).map((u) => [u.name, u.role])).toEqual([
      ["Ana", "member"],
      ["Bo", "member"],
      ["Cy", "viewer"],
    ]);
  });
});

describe("aRole", () => {
  it("reads well in a sentence", () => {
    expect(aRole("admin")).toBe("an admin");
    expect(aRole("member")).toBe("a member");
    expect(aRole("viewer")).toBe("a viewer");
  });
});

describe("passwordProblem", () => {
  it("accepts 10 characters or more and explains anything shorter", () => {
    expect(passwordProblem("a long password")).toBeNull();
    expect(passwordProblem("short")).toBe("Use at least 10 characters (this has 5).");
    expect(passwordProblem("")).not.toBeNull();
  });
});
