import { useId, type ReactNode } from "react";
import { Link } from "../../Link";
import type { ContactMethod } from "../../api/contactMethods";
import { CHANNELS, unreachable, type Channel } from "./subscriptions";

export const CONTACT_PATH = "/settings/contact-methods";

/** A line per channel that cannot reach you, with the way to fix it. */
export function Unreachable({ channels, methods }: { channels: readonly string[]; methods: ContactMethod[] | null }) {
  const warnings = unreachable(channels, methods);
  if (!warnings.length) return null;
  return (
    <ul className="unreachable">
      {warnings.map((w) => (
        <li key={w.channel}>
          {w.message.replace(/Contact methods$/, "")}
          <Link to={CONTACT_PATH}>Contact methods</Link>.
        </li>
      ))}
    </ul>
  );
}

/** The channel checkboxes, their error and the warnings for channels with no verified method. */
export function ChannelBoxes({ legend, value, onChange, error, methods }: { legend: ReactNode; value: Channel[]; onChange: (v: Channel[]) => void; error?: string; methods: ContactMethod[] | null }) {
  const id = useId();
  return (
    <fieldset className="channels" aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      <div className="channel-boxes">
        {CHANNELS.map((c) => (
          <label key={c.channel} className="check">
            <input
              type="checkbox"
              checked={value.includes(c.channel)}
              onChange={(e) => onChange(e.target.checked ? CHANNELS.map((x) => x.channel).filter((x) => x === c.channel || value.includes(x)) : value.filter((x) => x !== c.channel))}
            />
            {c.label}
          </label>
        ))}
      </div>
      {error && (
        <p id={`${id}-error`} className="error field-error">
          {error}
        </p>
      )}
      <Unreachable channels={value} methods={methods} />
    </fieldset>
  );
}
