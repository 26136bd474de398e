import type { components } from "../api/schema";
import { checkText } from "../components/forms";

export type Token = components["schemas"]["TokenDto"];
export type CreatedToken = components["schemas"]["CreatedToken"];

/** Token names follow the server's label limit. */
export const TOKEN_NAME_MAX = 100;

export function checkTokenName(name: string): string | null {
  return checkText(name, "a name that says what the token is for", TOKEN_NAME_MAX);
}

/** Working tokens first, newest first; revoked ones after, most recently revoked first. */
export function sortTokens(tokens: readonly Token[]): Token[] {
  const time = (at: string | null | undefined) => (at ? Date.parse(at) : 0);
  return [...tokens].sort((a, b) => {
    const revoked = Number(!!a.revoked_at) - Number(!!b.revoked_at);
    if (revoked) return revoked;
    if (a.revoked_at && b.revoked_at) return time(b.revoked_at) - time(a.revoked_at) || b.id - a.id;
    return time(b.created_at) - time(a.created_at) || b.id - a.id;
  });
}

/** The command that shows a token works, against this server. */
export function curlExample(origin: string, secret = "YOUR_TOKEN"): string {
  return `curl -H "Authorization: Bearer ${secret}" ${origin.replace(/\/+$/, "")}/api/v1/incidents`;
}

/** Replaces a token in the list with the server's newer copy (after revoking), or adds it. */
export function upsertToken(tokens: readonly Token[], token: Token): Token[] {
  const meta: Token = {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    created_at: token.created_at,
    last_used_at: token.last_used_at ?? null,
    revoked_at: token.revoked_at ?? null,
  };
  return tokens.some((t) => t.id === token.id) ? tokens.map((t) => (t.id === token.id ? meta : t)) : [meta, ...tokens];
}
