import { expect, test } from "vitest";
import { assignableTeams, canEditService, canManageMembers, checkService, checkTeam, editorProblem, membership, parseTags, sortMembers } from "./teams";

const member = (user_id: number, role?: string | null) => ({ user_id, name: `U${user_id}`, email: `u${user_id}@example.com`, role });
const payments = { id: 1, members: [member(2, "lead"), member(3), member(4, "backend")] };
const ledger = { id: 2, members: [member(5)] };

test("membership and who manages members", () => {
  expect(membership(payments, 2)).toBe("lead");
  expect(membership(payments, 3)).toBeNull();
  expect(membership(payments, 9)).toBeUndefined();
  expect(canManageMembers(payments, { id: 9, role: "admin" })).toBe(true);
  expect(canManageMembers(payments, { id: 2, role: "member" })).toBe(true);
  expect(canManageMembers(payments, { id: 2, role: "viewer" })).toBe(false);
  expect(canManageMembers(payments, { id: 3, role: "member" })).toBe(false);
  expect(canManageMembers(payments, { id: 9, role: "member" })).toBe(false);
});

test("who edits a service, and which teams they may give it to", () => {
  const teams = [payments, ledger];
  expect(canEditService({ team_id: 1 }, teams, { id: 3, role: "member" })).toBe(true);
  expect(canEditService({ team_id: 2 }, teams, { id: 3, role: "member" })).toBe(false);
  expect(canEditService({ team_id: 2 }, teams, { id: 3, role: "admin" })).toBe(true);
  expect(canEditService({ team_id: 1 }, teams, { id: 3, role: "viewer" })).toBe(false);
  expect(assignableTeams(teams, { id: 5, role: "member" }).map((t) => t.id)).toEqual([2]);
  expect(assignableTeams(teams, { id: 5, role: "admin" }).map((t) => t.id)).toEqual([1, 2]);
  expect(assignableTeams(teams, { id: 5, role: "viewer" })).toEqual([]);
});

test("tags are read as the server stores them", () => {
  expect(parseTags("#PCI, eu  payments,eu")).toEqual(["pci", "eu", "payments"]);
  expect(parseTags("  ")).toEqual([]);
});

test("forms are checked before sending", () => {
  expect(checkService({ name: "", team_id: "", description: "", tags: "ok bad!" })).toEqual({
    name: "Enter a name.",
    team_id: "Choose the team that owns it.",
    tags: "Tags use letters, digits, - and _ only: bad!.",
  });
  expect(checkService({ name: "Checkout", team_id: "1", description: "", tags: "pci" })).toEqual({});
  expect(checkTeam({ name: " ", description: "", schedule_id: "", escalation_policy_id: "" })).toEqual({ name: "Enter a name." });
});

test("leads come first, then by name", () => {
  expect(sortMembers([member(3), { ...member(2, "lead"), name: "Zed" }, { ...member(1), name: "Al" }]).map((m) => m.name)).toEqual(["Zed", "Al", "U3"]);
});

test("the server's refusal of an editor lands on its fields", () => {
  const labels = { name: "Name", tags: "Tags" };
  expect(editorProblem({ status: 422, errors: [{ field: "tags[2]", message: "is too long" }] }, labels)).toEqual({ fields: { tags: "Is too long." }, message: "Check this field: Tags." });
  expect(editorProblem({ status: 409, detail: "a team with that name exists" }, labels)).toEqual({ fields: { name: "A team with that name exists." }, message: "Check this field: Name." });
  expect(editorProblem({ status: 403, detail: "Only admins may do this." }, labels)).toEqual({ fields: {}, message: "Only admins may do this." });
  expect(editorProblem(undefined, labels).message).toBe("Something went wrong; try again.");
});
