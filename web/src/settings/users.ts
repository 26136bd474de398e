import type { User } from "../api/client";
import { checkText, collect, type FieldErrors } from "../components/forms";

export type UserRole = User["role"];

/** Each role in one line, for whoever picks it. */
export const ROLES: readonly { key: UserRole; label: string; explanation: string }[] = [
  { key: "admin", label: "Admin", explanation: "Everything a member does, plus users, severities, incident types and every private incident." },
  { key: "member", label: "Member", explanation: "Declares incidents and works on them: comments, roles, severity, status." },
  { key: "viewer", label: "Viewer", explanation: "Follows incidents and reads everything public, but changes nothing." },
];

/** "an admin", "a member", "a viewer": for sentences such as "Bo is now a viewer." */
export function aRole(role: UserRole): string {
  const label = (ROLES.find((r) => r.key === role)?.label ?? role).toLowerCase();
  return `${/^[aeiou]/.test(label) ? "an" : "a"} ${label}`;
}

export const PASSWORD_MIN = 10;
const PASSWORD_MAX = 1024;

export interface NewUserForm {
  email: string;
  name: string;
  role: UserRole | "";
  password: string;
}

export const NEW_USER_LABELS = { email: "Email", name: "Name", role: "Role", password: "Initial password" } as const;

/** The server's own checks (email shape, name length, role, password length), in plain words. */
export function checkNewUser(form: NewUserForm): FieldErrors {
  const email = form.email.trim();
  const [local, domain] = email.split(/@(.*)/s);
  const emailOk = email.length <= 254 && !/\s/.test(email) && !!local && !!domain && domain.includes(".") && !domain.startsWith(".") && !domain.endsWith(".") && !domain.includes("@");
  const passwordLength = [...form.password].length;
  return collect({
    email: !email ? "Enter their email address." : emailOk ? null : "Enter an email address like ana@example.com.",
    name: checkText(form.name, "their name", 100),
    role: ROLES.some((r) => r.key === form.role) ? null : "Choose a role.",
    password:
      form.password === "" || (passwordLength >= PASSWORD_MIN && form.password.length <= PASSWORD_MAX)
        ? null
        : `Use at least ${PASSWORD_MIN} characters (this has ${passwordLength}), or leave it empty.`,
  });
}

/** The request body: trimmed, and without a password when none was given (they sign in another way). */
export function newUserBody(form: NewUserForm): { email: string; name: string; role: string; password?: string } {
  return { email: form.email.trim(), name: form.name.trim(), role: form.role, ...(form.password ? { password: form.password } : {}) };
}

/** What an admin may do to a row. Nobody demotes or deactivates themselves (the server refuses;
 * another admin must), so their own row offers nothing. */
export function userControls(user: Pick<User, "id" | "active">, me: Pick<User, "id">): { changeRole: boolean; deactivate: boolean; reactivate: boolean } {
  const self = user.id === me.id;
  return { changeRole: !self && user.active, deactivate: !self && user.active, reactivate: !self && !user.active };
}

/** By name, then email: a stable order, so a row does not jump away from the focus when it changes. */
export function sortUsers(users: readonly User[]): User[] {
  return [...users].sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email) || a.id - b.id);
}

/** Adds a page of users to those already shown, the newer copy winning. */
export function mergeUsers(shown: readonly User[], more: readonly User[]): User[] {
  const byId = new Map(shown.map((u) => [u.id, u]));
  for (const u of more) byId.set(u.id, u);
  return [...byId.values()];
}

/** Why a new password would be refused, or null: the server's length rule, in plain words. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length >= PASSWORD_MIN && password.length <= PASSWORD_MAX) return null;
  return `Use at least ${PASSWORD_MIN} characters (this has ${length}).`;
}
