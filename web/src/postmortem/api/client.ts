// Moves to the generated client (src/api/schema.d.ts) once the server's OpenAPI has these endpoints.
// The app's one client seen through the hand-written paths: same cookie, same CSRF header, same
// session-expiry handling; only the types are borrowed. Replace `pmApi` with `api` when generated.
import type { Client } from "openapi-fetch";
import { api } from "../../api/client";
import type { PostmortemPaths } from "./types";

export const pmApi = api as unknown as Client<PostmortemPaths>;

/** The sync socket's address (y-websocket appends the room name, "sync", to it). */
export function syncUrl(reference: string, location: Pick<Location, "protocol" | "host"> = window.location): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/api/v1/incidents/${encodeURIComponent(reference)}/postmortem`;
}
