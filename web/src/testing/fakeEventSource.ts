// A stand-in for the browser's EventSource (jsdom has none) that tests drive by hand: open it,
// send messages and named events, drop it.
import { vi } from "vitest";

type Listener = (e: MessageEvent) => void;

export class FakeEventSource {
  static all: FakeEventSource[] = [];
  readonly url: string;
  closed = false;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onmessage: Listener | null = null;
  private listeners = new Map<string, Listener[]>();

  constructor(url: string) {
    this.url = url;
    FakeEventSource.all.push(this);
  }

  addEventListener(type: string, listener: Listener) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close() {
    this.closed = true;
  }

  open() {
    this.onopen?.();
  }

  drop() {
    this.onerror?.();
  }

  /** An unnamed message, as the server sends each event (JSON in `data`). */
  send(data: unknown, id?: number) {
    this.onmessage?.(new MessageEvent("message", { data: JSON.stringify(data), lastEventId: id === undefined ? "" : String(id) }));
  }

  /** A named event (`resync`, `revoked`). */
  emit(type: string, data: unknown = {}) {
    for (const l of this.listeners.get(type) ?? []) l(new MessageEvent(type, { data: JSON.stringify(data) }));
  }

  static open(): FakeEventSource[] {
    return FakeEventSource.all.filter((s) => !s.closed);
  }

  static install() {
    FakeEventSource.all = [];
    vi.stubGlobal("EventSource", FakeEventSource);
  }
}
