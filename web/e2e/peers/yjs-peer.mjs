// A stock Yjs peer (yjs + y-websocket, as any third-party client would use them) for the wire
// compatibility test: joins a postmortem's sync socket with an API token, appends a paragraph,
// waits until it sees `expectText` (another peer's words) or, expecting nothing, until the server
// closes the socket, and prints what it ended with as JSON. Run with `node --experimental-websocket` (Node 20's WebSocket).
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";

const [base, reference, token, words, expectText] = process.argv.slice(2);

// Node's WebSocket (undici) takes headers, which a browser's does not: API tokens ride in them.
class AuthedWebSocket extends WebSocket {
  constructor(url, protocols) {
    super(url, { protocols, headers: { authorization: `Bearer ${token}` } });
  }
}

const doc = new Y.Doc();
const provider = new WebsocketProvider(`${base.replace(/^http/, "ws")}/api/v1/incidents/${reference}/postmortem`, "sync", doc, {
  WebSocketPolyfill: AuthedWebSocket,
  disableBc: true,
  // One attempt: a refusal must be reported, not retried forever.
  maxBackoffTime: 60_000,
});
let closed = null;
provider.on("connection-close", (event) => {
  closed = { code: event?.code ?? null, reason: event?.reason ?? "" };
  provider.shouldConnect = false;
});

const deadline = Date.now() + 20_000;
const until = async (done) => {
  while (!done()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
};
const text = () => doc.getXmlFragment("default").toString();

await until(() => provider.synced || closed);
if (words && !closed) {
  const paragraph = new Y.XmlElement("paragraph");
  const run = new Y.XmlText();
  run.insert(0, words);
  paragraph.insert(0, [run]);
  doc.getXmlFragment("default").push([paragraph]);
}
// Wait for what the test expects to see (another peer's words); with nothing to expect, for the
// server to close the socket (a reader who tried to write).
await until(() => closed || (expectText ? text().includes(expectText) : false));
console.log(JSON.stringify({ xml: text(), closed }));
provider.destroy();
process.exit(0);
