// The live document: one Y.Doc per open postmortem page, synced over the server's y-websocket
// endpoint. Its state (connected? synced once? closed for good?) is a small external store the
// page subscribes to, so the socket's life is not tied to React's renders.
import { useEffect, useState, useSyncExternalStore } from "react";
import { removeAwarenessStates } from "y-protocols/awareness";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { syncUrl } from "../api/client";

export interface SyncState {
  status: "connecting" | "connected" | "disconnected";
  /** Whether the server's state has arrived at least once: the editor waits for it, so nobody
   * types into a blank page that is about to fill. */
  synced: boolean;
  /** The server closed the socket for good (1008: an update from someone who may only read). */
  closed: { code: number; reason: string } | null;
  provider: WebsocketProvider | null;
}

export class DocSession {
  readonly doc = new Y.Doc();
  private state: SyncState = { status: "connecting", synced: false, closed: null, provider: null };
  private listeners = new Set<() => void>();
  private readonly reference: string;
  private readonly readOnly: boolean;

  constructor(reference: string, readOnly: boolean) {
    this.reference = reference;
    this.readOnly = readOnly;
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = () => this.state;

  private set(patch: Partial<SyncState>) {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  start() {
    if (this.state.provider) return;
    const provider = new WebsocketProvider(syncUrl(this.reference), "sync", this.doc, {
      // Each tab talks to the server; tabs relaying to each other would hide a reader's tab
      // behind an editor's.
      disableBc: true,
      // 1008 means the server refuses what we sent: trying again would be refused again.
      shouldReconnect: (event) => event.code !== 1008 && !(event.code >= 4400 && event.code < 4500),
    });
    if (this.readOnly) {
      // A reader's editor is not editable, but ProseMirror plugins may still normalize what they
      // receive (a table fixed up, say), which the binding would write to the doc: the server
      // closes the socket on any update from a reader, so a reader's doc never sends its own.
      const p = provider as unknown as { _updateHandler: (update: Uint8Array, origin: unknown) => void };
      this.doc.off("update", p._updateHandler);
    }
    provider.on("status", ({ status }) => this.set({ status }));
    provider.on("sync", (synced) => synced && this.set({ synced: true }));
    provider.on("closed", ({ code, reason }) => this.set({ closed: { code, reason }, status: "disconnected" }));
    this.set({ provider, closed: null });
  }

  stop() {
    const provider = this.state.provider;
    if (provider) {
      // Others see us leave now rather than when our presence times out (30 s); the provider
      // leaves its awareness (and its timer) behind otherwise.
      removeAwarenessStates(provider.awareness, [this.doc.clientID], "left");
      provider.destroy();
      provider.awareness.destroy();
    }
    this.set({ provider: null, status: "disconnected" });
  }
}

/** The page's document session, connected while the page shows. */
export function useDocSession(reference: string, readOnly: boolean): { session: DocSession; state: SyncState } {
  const [session] = useState(() => new DocSession(reference, readOnly));
  useEffect(() => {
    session.start();
    return () => session.stop();
  }, [session]);
  const state = useSyncExternalStore(session.subscribe, session.snapshot);
  return { session, state };
}
