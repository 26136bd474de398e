import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { DocSession } from "./sync";

/** A socket the test plays the server on: it records what the client sends. */
class FakeSocket {
  static all: FakeSocket[] = [];
  readonly OPEN = 1;
  binaryType = "arraybuffer";
  readyState = 0;
  sent: Uint8Array[] = [];
  url: string;
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: ArrayBuffer }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(url: string) {
    this.url = url;
    FakeSocket.all.push(this);
  }
  send(data: Uint8Array) {
    this.sent.push(new Uint8Array(data));
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(message: Uint8Array) {
    this.onmessage?.({ data: message.slice().buffer });
  }
  /** The kinds of what the client sent: "sync:0" (step 1), "sync:1" (step 2), "sync:2" (update), "awareness". */
  kinds(): string[] {
    return this.sent.map((m) => {
      const d = decoding.createDecoder(m);
      const type = decoding.readVarUint(d);
      return type === 0 ? `sync:${decoding.readVarUint(d)}` : type === 1 ? "awareness" : String(type);
    });
  }
}

/** The server's side of the handshake: its step 1, then its state as step 2 (which marks the client synced). */
function serverSyncs(socket: FakeSocket, server: Y.Doc) {
  const step1 = encoding.createEncoder();
  encoding.writeVarUint(step1, 0);
  syncProtocol.writeSyncStep1(step1, server);
  socket.receive(encoding.toUint8Array(step1));
  const step2 = encoding.createEncoder();
  encoding.writeVarUint(step2, 0);
  syncProtocol.writeSyncStep2(step2, server);
  socket.receive(encoding.toUint8Array(step2));
}

beforeEach(() => {
  FakeSocket.all = [];
  vi.stubGlobal("WebSocket", FakeSocket);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const server = () => {
  const doc = new Y.Doc();
  doc.getXmlFragment("default").insert(0, [new Y.XmlElement("paragraph")]);
  return doc;
};

describe("the document session", () => {
  it("connects to the postmortem's sync path, is synced once the server's state arrives, and sends local changes", () => {
    const session = new DocSession("INC-7", false);
    session.start();
    const socket = FakeSocket.all[0];
    expect(socket.url).toBe("ws://localhost:3000/api/v1/incidents/INC-7/postmortem/sync");
    socket.open();
    expect(session.snapshot().synced).toBe(false);
    serverSyncs(socket, server());
    expect(session.snapshot()).toMatchObject({ synced: true, status: "connected" });
    expect(session.doc.getXmlFragment("default").length).toBe(1);

    socket.sent = [];
    session.doc.getXmlFragment("default").insert(1, [new Y.XmlElement("paragraph")]);
    expect(socket.kinds()).toEqual(["sync:2"]);
    session.stop();
  });

  it("never sends a reader's own changes, only an empty answer to the server's step 1", () => {
    const session = new DocSession("INC-7", true);
    session.start();
    const socket = FakeSocket.all[0];
    socket.open();
    serverSyncs(socket, server());
    // The reply to step 1 is a step 2 holding nothing the server lacks.
    const step2 = socket.sent.find((m) => m[0] === 0 && m[1] === 1)!;
    const d = decoding.createDecoder(step2);
    decoding.readVarUint(d);
    decoding.readVarUint(d);
    const probe = new Y.Doc();
    const known = server();
    Y.applyUpdate(probe, Y.encodeStateAsUpdate(known));
    const before = Y.encodeStateVector(probe);
    Y.applyUpdate(probe, decoding.readVarUint8Array(d));
    expect(Y.encodeStateVector(probe)).toEqual(before);

    socket.sent = [];
    session.doc.getXmlFragment("default").insert(1, [new Y.XmlElement("paragraph")]);
    expect(socket.kinds()).not.toContain("sync:2");
    session.stop();
  });

  it("stops for good when the server refuses with 1008, saying why", () => {
    vi.useFakeTimers();
    const session = new DocSession("INC-7", false);
    session.start();
    const socket = FakeSocket.all[0];
    socket.open();
    serverSyncs(socket, server());
    socket.onclose?.({ code: 1008, reason: "read-only" });
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(session.snapshot().closed).toEqual({ code: 1008, reason: "read-only" });
    session.stop();
  });

  it("reconnects after an ordinary drop", () => {
    vi.useFakeTimers();
    const session = new DocSession("INC-7", false);
    session.start();
    FakeSocket.all[0].open();
    FakeSocket.all[0].onclose?.({ code: 1006, reason: "" });
    vi.advanceTimersByTime(5_000);
    expect(FakeSocket.all.length).toBeGreaterThan(1);
    expect(session.snapshot().closed).toBeNull();
    session.stop();
  });

  it("tells the others it left when the page closes", () => {
    const session = new DocSession("INC-7", false);
    session.start();
    const socket = FakeSocket.all[0];
    socket.open();
    const provider = session.snapshot().provider!;
    provider.awareness.setLocalStateField("user", { id: 1, name: "Ana", color: "#123456" });
    socket.sent = [];
    session.stop();
    const update = socket.sent.find((m) => m[0] === 1);
    expect(update).toBeDefined();
    const peer = new awarenessProtocol.Awareness(new Y.Doc());
    peer.states.set(session.doc.clientID, { user: { name: "Ana" } });
    peer.meta.set(session.doc.clientID, { clock: 0, lastUpdated: Date.now() });
    const d = decoding.createDecoder(update!);
    decoding.readVarUint(d);
    awarenessProtocol.applyAwarenessUpdate(peer, decoding.readVarUint8Array(d), "test");
    expect(peer.getStates().has(session.doc.clientID)).toBe(false);
  });
});
