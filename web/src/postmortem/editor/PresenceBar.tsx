import type { WebsocketProvider } from "y-websocket";
import { usePresence } from "./presence";

/** Who has the document open now, each in the colour of their caret. */
export function PresenceBar({ provider }: { provider: WebsocketProvider }) {
  const people = usePresence(provider);
  if (!people.length) return null;
  return (
    <section aria-label="People in the document">
      <ul className="presence">
        {people.map((p) => (
          <li key={p.key}>
            <span className="dot" aria-hidden="true" style={p.color ? { background: p.color } : undefined} />
            {p.name}
            {p.self && <span className="muted"> (you)</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
