// Who has the document open, from Yjs awareness: everyone's `{ user: { name, color, id } }`,
// one entry per person however many tabs they have open.
import { useMemo, useSyncExternalStore } from "react";
import type { WebsocketProvider } from "y-websocket";
import { safeColor } from "./colors";

export interface Present {
  key: string;
  name: string;
  color: string | undefined;
  self: boolean;
}

export function presentPeople(states: Map<number, Record<string, unknown>>, selfClient: number): Present[] {
  const people = new Map<string, Present>();
  for (const [client, state] of states) {
    const user = state.user as { name?: unknown; color?: unknown; id?: unknown } | undefined;
    if (!user || typeof user.name !== "string" || !user.name.trim()) continue;
    const key = user.id != null ? `u${String(user.id)}` : `c${client}`;
    const self = client === selfClient;
    if (!people.has(key) || self) people.set(key, { key, name: user.name.slice(0, 80), color: safeColor(user.color), self });
  }
  // Oneself first, then by name.
  return [...people.values()].sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
}

/** Awareness as a store React can subscribe to: a new list only when someone comes, goes or
 * changes their name. */
class PresenceStore {
  private value: Present[];
  private readonly awareness: WebsocketProvider["awareness"];
  constructor(awareness: WebsocketProvider["awareness"]) {
    this.awareness = awareness;
    this.value = this.read();
  }
  private read() {
    return presentPeople(this.awareness.getStates() as Map<number, Record<string, unknown>>, this.awareness.clientID);
  }
  subscribe = (changed: () => void) => {
    // The caret extension may have announced us between the first read and now.
    this.value = this.read();
    const onChange = () => {
      this.value = this.read();
      changed();
    };
    this.awareness.on("change", onChange);
    return () => this.awareness.off("change", onChange);
  };
  get = () => this.value;
}

export function usePresence(provider: WebsocketProvider): Present[] {
  const store = useMemo(() => new PresenceStore(provider.awareness), [provider]);
  return useSyncExternalStore(store.subscribe, store.get);
}
