// The live document's socket. REST calls go through the app's one client (src/api/client.ts).

/** The sync socket's address (y-websocket appends the room name, "sync", to it). */
export function syncUrl(reference: string, location: Pick<Location, "protocol" | "host"> = window.location): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/api/v1/incidents/${encodeURIComponent(reference)}/postmortem`;
}
